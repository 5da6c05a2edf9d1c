// `career apply offers`: the open offers side by side. Each gets its yearly total (the base
// over a year, per month x 12 and per hour x 2,080, plus the bonus and the equity's value);
// totals are compared only within one currency (no exchange rates: a rate of the day would
// make the ranking change by itself), so the best is marked per currency.
import type { Types } from 'mongoose';
import type { UserRepositories } from '../repositories/index.js';
import type { OfferDocument, OfferRow } from '../repositories/offer-repository.js';
import { daysBetween } from '../domain/dates.js';
import { yearlyAmount } from '../domain/money.js';

export interface ComparedOffer extends OfferDocument {
  applicationId: Types.ObjectId;
  company: string | null;
  title: string | null;
  /** The base over a year. */
  yearlyBase: number;
  /** yearlyBase + bonus + equityValue, in the offer's currency. */
  total: number;
  /** Calendar days from today to the deadline (0: today, negative: passed); null: none. */
  daysToDeadline: number | null;
  /** The highest total among the open offers in its currency (ties are all best). */
  best: boolean;
}

const cents = (amount: number) => Math.round(amount * 100) / 100;

function compared(row: OfferRow, now: Date): ComparedOffer {
  const { offer } = row;
  const yearlyBase = yearlyAmount(offer.base, offer.period ?? undefined);
  return {
    applicationId: row.applicationId,
    company: row.company ?? null,
    title: row.title ?? null,
    ...offer,
    yearlyBase,
    total: cents(yearlyBase + (offer.bonus ?? 0) + (offer.equityValue ?? 0)),
    daysToDeadline: offer.deadline ? daysBetween(now, offer.deadline) : null,
    best: false,
  };
}

/** By currency, then the highest total first (ties by application id). */
function byCurrencyAndTotal(a: ComparedOffer, b: ComparedOffer): number {
  return (
    a.currency.localeCompare(b.currency) ||
    b.total - a.total ||
    a.applicationId.toHexString().localeCompare(b.applicationId.toHexString())
  );
}

/** Marks the best total of each currency (sorted input: the first of each currency). */
function markBest(offers: ComparedOffer[]): void {
  const best = new Map<string, number>();
  for (const offer of offers) if (!best.has(offer.currency)) best.set(offer.currency, offer.total);
  for (const offer of offers) offer.best = offer.total === best.get(offer.currency);
}

/** The open offers, compared: grouped by currency, the best of each marked. */
export function compareRows(rows: readonly OfferRow[], now: Date): ComparedOffer[] {
  const offers = rows.map((row) => compared(row, now)).sort(byCurrencyAndTotal);
  markBest(offers);
  return offers;
}

export interface OfferComparison {
  offers: ComparedOffer[];
  /** Applications in offer with no offer recorded yet (moved there by `apply status`). */
  withoutOffer: number;
}

export async function compareOffers(data: UserRepositories, now: Date): Promise<OfferComparison> {
  const [rows, withoutOffer] = await Promise.all([
    data.offers.open(),
    data.offers.countWithoutOffer(),
  ]);
  return { offers: compareRows(rows, now), withoutOffer };
}
