// Offers' value parsers (src/domain/money.ts) and the comparison's arithmetic
// (src/services/offer-comparison.ts), without a database: what an amount, a currency and a
// yearly total are.
import { Types } from 'mongoose';
import { describe, expect, it } from 'vitest';
import { FieldError } from '../../src/domain/field-error.js';
import { parseAmount, parseCurrency, yearlyAmount } from '../../src/domain/money.js';
import type { OfferRow } from '../../src/repositories/offer-repository.js';
import { compareRows } from '../../src/services/offer-comparison.js';

describe('amounts', () => {
  it('reads thousands separators, k and m, and two decimals at most', () => {
    expect(parseAmount('120000', 'base')).toBe(120_000);
    expect(parseAmount(' 1,234,567.89 ', 'base')).toBe(1_234_567.89);
    expect(parseAmount('120 k', 'base')).toBe(120_000);
    expect(parseAmount('2.5M', 'base')).toBe(2_500_000);
    expect(parseAmount('0.01', 'base')).toBe(0.01);
  });

  it('refuses what could be read two ways, negatives and huge numbers', () => {
    for (const text of [
      '1,5',
      '1.234',
      '12,34',
      '-1',
      '',
      'k',
      '1e6',
      '0x10',
      'NaN',
      '1' + '0'.repeat(13),
    ]) {
      expect(() => parseAmount(text, 'base'), text).toThrow(FieldError);
    }
  });
});

describe('currencies', () => {
  it('upper-cases known ISO 4217 codes and refuses others', () => {
    expect(parseCurrency(' chf ', 'currency')).toBe('CHF');
    for (const text of ['EURO', 'XXX', 'ABC', 'E', '$']) {
      expect(() => parseCurrency(text, 'currency'), text).toThrow(FieldError);
    }
  });
});

describe('yearly totals', () => {
  it('normalises a base to a year: month x 12, hour x 2,080', () => {
    expect(yearlyAmount(5000, 'month')).toBe(60_000);
    expect(yearlyAmount(50.5, 'hour')).toBe(105_040);
    expect(yearlyAmount(70_000, undefined)).toBe(70_000);
  });

  it('marks the best per currency, ties included, and never across currencies', () => {
    const row = (
      currency: string,
      base: number,
      extra: Partial<OfferRow['offer']> = {},
    ): OfferRow => ({
      applicationId: new Types.ObjectId(),
      company: `${currency} ${base}`,
      offer: { base, currency, period: 'year', ...extra },
    });
    const now = new Date('2026-12-02T12:00:00');
    const compared = compareRows(
      [
        row('EUR', 90_000),
        row('EUR', 80_000, { bonus: 10_000 }),
        row('EUR', 85_000),
        row('JPY', 9_000_000),
        row('USD', 100, { period: 'hour', deadline: new Date('2026-12-01T00:00:00') }),
      ],
      now,
    );
    expect(compared.map((offer) => [offer.currency, offer.total, offer.best])).toEqual([
      ['EUR', 90_000, true],
      ['EUR', 90_000, true],
      ['EUR', 85_000, false],
      ['JPY', 9_000_000, true],
      ['USD', 208_000, true],
    ]);
    expect(compared.at(-1)?.daysToDeadline).toBe(-1);
  });
});
