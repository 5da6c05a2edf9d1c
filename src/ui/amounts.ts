// Amounts as tables and confirmations show them: grouped thousands, cents only when there are
// any (120,000; 55.50), the same whatever the locale so output and tests agree.
const WHOLE = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const CENTS = new Intl.NumberFormat('en-US', {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});

export function formatAmount(amount: number | null | undefined): string {
  if (amount === null || amount === undefined) return '';
  return Number.isInteger(amount) ? WHOLE.format(amount) : CENTS.format(amount);
}

/** "120,000 EUR/year", "55.50 USD/hour". */
export function formatPay(
  amount: number,
  currency: string,
  period: string | null | undefined,
): string {
  return `${formatAmount(amount)} ${currency}/${period ?? 'year'}`;
}
