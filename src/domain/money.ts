// Money as offers give it: an amount (120000, 120,000, 120k, 1.2m, 55.50), a currency (an ISO
// 4217 code the runtime knows, upper-cased) and the period a base salary is paid for, with its
// value over a year (month x 12, hour x 2,080: 40 hours a week for 52 weeks).
import { FieldError } from './field-error.js';

export const PAY_PERIODS = ['year', 'month', 'hour'] as const;
export type PayPeriod = (typeof PAY_PERIODS)[number];

/** How many of each period a year has: a full-time year of 52 weeks of 40 hours. */
export const PERIODS_PER_YEAR: Readonly<Record<PayPeriod, number>> = {
  year: 1,
  month: 12,
  hour: 2080,
};

/** The largest amount accepted (well inside a double's exact integers, and any real offer). */
const MAX_AMOUNT = 1e12;

// Digits with commas only between groups of three (120,000; not 1,5, which could mean 1.5),
// at most two decimals, then an optional k (thousand) or m (million).
const AMOUNT = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?\s*([km])?$/i;

const AMOUNT_FORM = 'a number of at least 0, e.g. 120000, 120,000, 120k or 55.50';

/** An amount: 120000, 120,000, 120_000, 120k, 1.5m, 55.50; a FieldError naming `field`. */
export function parseAmount(text: string, field: string): number {
  const match = AMOUNT.exec(text.trim().replace(/_/g, ''));
  if (!match) throw new FieldError({ field, problem: 'must-be', detail: AMOUNT_FORM, value: text });
  const whole = (match[1] ?? '').replace(/,/g, '');
  const scale = { k: 1e3, m: 1e6 }[(match[3] ?? '').toLowerCase()] ?? 1;
  // Scaled in integer hundredths, so 1.15k is 1150 exactly.
  const cents = Number(whole) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  const amount = (cents * scale) / 100;
  if (!Number.isFinite(amount) || amount > MAX_AMOUNT) {
    throw new FieldError({
      field,
      problem: 'must-be',
      detail: `at most ${MAX_AMOUNT}`,
      value: text,
    });
  }
  return amount;
}

let currencies: ReadonlySet<string> | undefined;

/** The ISO 4217 codes the runtime knows (Intl's list: current currencies, no XXX or XAU). */
export function knownCurrencies(): ReadonlySet<string> {
  return (currencies ??= new Set(Intl.supportedValuesOf('currency')));
}

export function isKnownCurrency(code: string): boolean {
  return knownCurrencies().has(code);
}

/** A currency code, upper-cased: `eur` is EUR; an unknown one is a FieldError naming `field`. */
export function parseCurrency(text: string, field: string): string {
  const code = text.trim().toUpperCase();
  if (/^[A-Z]{3}$/.test(code) && isKnownCurrency(code)) return code;
  throw new FieldError(
    {
      field,
      problem: 'invalid',
      value: text,
      detail: `'${text}' is not an ISO 4217 currency code`,
    },
    { hint: 'give a three-letter code such as EUR, USD, GBP or CHF' },
  );
}

/** A base salary over a year: per month x 12, per hour x 2,080. */
export function yearlyAmount(amount: number, period: PayPeriod | string | undefined): number {
  const times = PERIODS_PER_YEAR[(period ?? 'year') as PayPeriod] ?? 1;
  return Math.round(amount * times * 100) / 100;
}
