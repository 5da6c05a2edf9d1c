// Offers: `career apply offer` records an application's offer and moves it to `offer` (the
// status-change rules of `apply status`: recorded in the history, a move back confirmed or
// forced); running it again changes only the fields given. Amounts and currencies are read by
// src/domain/money.ts; the comparison lives in offer-comparison.ts.
import type { UserRepositories } from '../repositories/index.js';
import type { ApplicationDocument } from '../repositories/application-repository.js';
import { FieldError } from '../domain/field-error.js';
import { matchChoice } from '../domain/choices.js';
import { parseAmount, parseCurrency, PAY_PERIODS, type PayPeriod } from '../domain/money.js';
import {
  backwardAllowed,
  concurrentChange,
  findApplication,
  statusMove,
  type BackwardMovePolicy,
} from './application-service.js';

export const OFFER_STATUS = 'offer';

/** The offer's flags as typed (`apply offer`); an empty text clears an optional field. */
export interface OfferFlags {
  base?: string;
  currency?: string;
  period?: string;
  bonus?: string;
  equity?: string;
  equityValue?: string;
  benefits?: string;
  notes?: string;
}

/** A change to an offer: a value sets a field, null clears it, absent leaves it as it is. */
export interface OfferChange {
  base?: number;
  currency?: string;
  period?: PayPeriod;
  bonus?: number | null;
  equity?: string | null;
  equityValue?: number | null;
  benefits?: string | null;
  deadline?: Date | null;
  notes?: string | null;
}

const blank = (text: string) => text.trim() === '';

function optionalAmount(text: string | undefined, field: string): number | null | undefined {
  if (text === undefined) return undefined;
  return blank(text) ? null : parseAmount(text, field);
}

function optionalText(text: string | undefined): string | null | undefined {
  if (text === undefined) return undefined;
  return blank(text) ? null : text;
}

/** Reads the flags (before anything is opened); FieldErrors name the wrong one. */
export function parseOfferFlags(flags: OfferFlags): Omit<OfferChange, 'deadline'> {
  const change: Omit<OfferChange, 'deadline'> = {};
  if (flags.base !== undefined) change.base = parseAmount(flags.base, 'base');
  if (flags.currency !== undefined) change.currency = parseCurrency(flags.currency, 'currency');
  if (flags.period !== undefined) change.period = matchChoice(flags.period, PAY_PERIODS, 'period');
  const amounts = { bonus: flags.bonus, equityValue: flags.equityValue } as const;
  for (const [field, text] of Object.entries(amounts) as Array<[keyof typeof amounts, string]>) {
    const value = optionalAmount(text, field);
    if (value !== undefined) change[field] = value;
  }
  const texts = { equity: flags.equity, benefits: flags.benefits, notes: flags.notes } as const;
  for (const [field, text] of Object.entries(texts) as Array<[keyof typeof texts, string]>) {
    const value = optionalText(text);
    if (value !== undefined) change[field] = value;
  }
  return change;
}

/** The update of `offer.*` paths for a change (`updatedAt` always). */
function offerUpdate(
  change: OfferChange,
  now: Date,
): { set: Record<string, unknown>; unset: string[] } {
  const set: Record<string, unknown> = { 'offer.updatedAt': now };
  const unset: string[] = [];
  for (const [key, value] of Object.entries(change)) {
    if (value === undefined) continue;
    if (value === null) unset.push(`offer.${key}`);
    else set[`offer.${key}`] = value;
  }
  return { set, unset };
}

/** A first offer needs its base and currency. */
function checkFirstOffer(current: ApplicationDocument, change: OfferChange): void {
  if (current.offer) return;
  for (const field of ['base', 'currency'] as const) {
    if (change[field] === undefined) {
      throw new FieldError({
        field,
        problem: 'missing',
        detail: `a first offer needs its ${field === 'base' ? 'base salary' : 'currency'}`,
      });
    }
  }
}

export interface OfferResult {
  application: ApplicationDocument;
  /** The status before; a move to offer is recorded when it was another. */
  previousStatus: string;
  moved: boolean;
  /** This was the application's first offer. */
  created: boolean;
  /** The person said no to a move back (nothing was written). */
  declined: boolean;
}

// A compare-and-set on the status, as `apply status`: read again and retry a few times.
const ATTEMPTS = 3;

/**
 * Records (or changes) the offer of an application and moves it to offer at `at`, in one
 * update; `now` is the offer's updatedAt.
 */
export async function recordOffer(
  data: UserRepositories,
  idOrPrefix: string,
  change: OfferChange,
  options: { at: Date; now: Date; policy: BackwardMovePolicy },
): Promise<OfferResult> {
  let asked = false;
  for (let attempt = 1; ; attempt++) {
    const current = await findApplication(data, idOrPrefix);
    checkFirstOffer(current, change);
    const result = { previousStatus: current.status, created: !current.offer, declined: false };
    const moving = current.status !== OFFER_STATUS;
    if (
      moving &&
      !asked &&
      !(await backwardAllowed(current.status, OFFER_STATUS, options.policy))
    ) {
      return { ...result, application: current, moved: false, declined: true };
    }
    asked = true;
    // A first offer is paid per year unless it says otherwise (a dotted $set sets no default).
    const update = offerUpdate(current.offer ? change : { period: 'year', ...change }, options.now);
    const move = moving ? statusMove(current, OFFER_STATUS, options.at) : undefined;
    const updated = await data.offers.record(current._id, current.status, {
      ...update,
      ...(move ? { move } : {}),
    });
    if (updated) return { ...result, application: updated, moved: moving };
    if (attempt === ATTEMPTS) throw concurrentChange(idOrPrefix);
  }
}
