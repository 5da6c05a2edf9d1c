// `career apply offer` and `career apply offers` end to end, in this process
// (test/helpers/in-process.ts): recording and changing an offer (the move to offer recorded in
// the history), the checks on amounts, currencies and deadlines, the comparison per currency,
// and two users sharing a database (nothing of one is shown to or changed by the other).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ApplyAddJson } from '../../src/commands/apply/add.js';
import type { ApplyOfferJson } from '../../src/commands/apply/offer.js';
import type { ApplyOffersJson } from '../../src/commands/apply/offers.js';
import type { ApplyShowJson } from '../../src/commands/apply/show.js';
import { isolatedDatabase, type IsolatedDatabase } from '../helpers/database.js';
import {
  inProcessAccount as signedInAccount,
  type InProcessAccount as TestAccount,
  type InProcessResult,
} from '../helpers/in-process.js';
import { jsonOutput as json } from '../helpers/json-output.js';
import { removeTempDirs } from '../helpers/temp-dirs.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

// Noon, so local-time days do not shift in any time zone the tests run in.
const NOW = new Date('2026-12-02T12:00:00');

let database: IsolatedDatabase;
let ada: TestAccount;
let bob: TestAccount;

beforeAll(async () => {
  database = await isolatedDatabase({ transport: 'tcp' });
  ada = await signedInAccount('Ada Lovelace', { dbUri: database.uri });
  bob = await signedInAccount('Bob Builder', { dbUri: database.uri });
});

afterAll(async () => {
  await database?.close();
  removeTempDirs();
});

function errorOf(result: InProcessResult): { code: number | null; error: string; hint: string } {
  const lines = result.stderr.split('\n');
  return {
    code: result.code,
    error: lines.find((line) => line.startsWith('error:')) ?? '',
    hint: lines.find((line) => line.startsWith('hint:')) ?? '',
  };
}

async function addApplication(
  account: TestAccount,
  company: string,
  title: string,
  status = 'interviewing',
): Promise<string> {
  const added = json<ApplyAddJson>(
    await account.run(
      ['apply', 'add', '--json', '--company', company, '--title', title, '--status', status],
      { now: new Date(NOW.getTime() - 30 * 86_400_000) },
    ),
  );
  return added._id;
}

function offer(account: TestAccount, id: string, ...flags: string[]): Promise<InProcessResult> {
  return account.run(['apply', 'offer', id, ...flags], { now: NOW });
}

describe('career apply offer', () => {
  it('records the offer, moves the application to offer and records that in its history', async () => {
    const id = await addApplication(ada, 'Offer Co', 'Engineer');
    const recorded = json<ApplyOfferJson>(
      await offer(ada, id, '--json', '--base', '120,000', '--currency', 'eur', '--bonus', '10k'),
    );
    expect(recorded.status).toBe('offer');
    expect(recorded.statusHistory.map((change) => change.status)).toEqual([
      'interviewing',
      'offer',
    ]);
    expect(recorded.statusHistory[1]?.at).toBe(NOW.toISOString());
    expect(recorded.offer).toMatchObject({
      base: 120_000,
      currency: 'EUR',
      period: 'year',
      bonus: 10_000,
      updatedAt: NOW.toISOString(),
    });

    // Again: only the fields given change, and the status (already offer) is not recorded twice.
    const text = await offer(ada, id, '--deadline', '2026-12-09', '--equity', '0.1% over 4 years');
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/Updated the offer on application [0-9a-f]{8,}/);
    expect(text.stdout).toContain('Base: 120,000 EUR/year');
    expect(text.stdout).toContain('Deadline: Wed 2026-12-09');
    const shown = json<ApplyShowJson>(await ada.run(['apply', 'show', id, '--json']));
    expect(shown.statusHistory).toHaveLength(2);
    expect(shown.offer).toMatchObject({
      base: 120_000,
      bonus: 10_000,
      equity: '0.1% over 4 years',
    });
    expect(new Date(shown.offer?.deadline ?? '').getDate()).toBe(9);

    const shownText = await ada.run(['apply', 'show', id], { env: { COLUMNS: '120' } });
    expect(shownText.stdout).toMatch(/Offer\n/);
    expect(shownText.stdout).toMatch(/Base: +120,000 EUR\/year/);
    expect(shownText.stdout).toMatch(/Bonus: +10,000 EUR/);
    expect(shownText.stdout).toMatch(/Deadline: +2026-12-09/);

    // An empty value clears an optional field.
    const cleared = json<ApplyOfferJson>(await offer(ada, id, '--json', '--bonus', ''));
    expect(cleared.offer?.bonus).toBeUndefined();
    expect(cleared.offer?.base).toBe(120_000);
  });

  it('reads amounts as 120000, 120,000, 120_000, 120k, 1.5m and 55.50, per period', async () => {
    const id = await addApplication(ada, 'Amounts Ltd', 'Analyst');
    const cases: Array<[string, number]> = [
      ['120000', 120_000],
      ['120,000', 120_000],
      ['120_000', 120_000],
      ['120k', 120_000],
      ['1.5m', 1_500_000],
      ['1.15K', 1_150],
      ['55.50', 55.5],
      ['0', 0],
    ];
    for (const [typed, value] of cases) {
      const result = json<ApplyOfferJson>(
        await offer(ada, id, '--json', '--base', typed, '--currency', 'USD', '--period', 'hour'),
      );
      expect(result.offer?.base, typed).toBe(value);
      expect(result.offer?.period).toBe('hour');
    }
  });

  it('refuses bad amounts, unknown currencies, a missing base and a passed deadline clearly', async () => {
    const id = await addApplication(ada, 'Strict Inc', 'Tester');
    for (const bad of ['-5', '1,5', '12,34,567', 'lots', '1.234', '12e3']) {
      expect(errorOf(await offer(ada, id, '--base', bad, '--currency', 'EUR')), bad).toMatchObject({
        code: 2,
        error: expect.stringMatching(/--base must be a number of at least 0/),
      });
    }
    expect(errorOf(await offer(ada, id, '--base', '1', '--currency', 'EURO'))).toEqual({
      code: 2,
      error: "error: --currency: 'EURO' is not an ISO 4217 currency code",
      hint: 'hint: give a three-letter code such as EUR, USD, GBP or CHF',
    });
    expect(errorOf(await offer(ada, id, '--base', '1', '--currency', 'XXX')).error).toContain(
      "'XXX' is not an ISO 4217",
    );
    expect(errorOf(await offer(ada, id, '--currency', 'EUR')).error).toContain(
      'missing --base: a first offer needs its base salary',
    );
    expect(errorOf(await offer(ada, id, '--base', '1', '--period', 'week')).error).toContain(
      '--period',
    );
    // Nothing was written by any of these.
    const shown = json<ApplyShowJson>(await ada.run(['apply', 'show', id, '--json']));
    expect(shown.offer).toBeUndefined();
    expect(shown.status).toBe('interviewing');

    // "friday" is the next one (a deadline is ahead); a date long past is warned about.
    const friday = json<ApplyOfferJson>(
      await offer(ada, id, '--json', '--base', '1', '--currency', 'EUR', '--deadline', 'friday'),
    );
    expect(new Date(friday.offer?.deadline ?? '').toDateString()).toBe(
      new Date('2026-12-04T00:00:00').toDateString(),
    );
    const past = await offer(ada, id, '--deadline', '2026-10-01');
    expect(past.code).toBe(0);
    expect(past.stderr).toMatch(/deadline .*2026-10-01 is 62 days ago/);
  });

  it('moves a rejected application back to offer only when forced', async () => {
    const id = await addApplication(ada, 'Second Thoughts', 'Lead', 'rejected');
    expect(errorOf(await offer(ada, id, '--base', '90k', '--currency', 'GBP'))).toMatchObject({
      code: 2,
      error: expect.stringContaining('moving an application back from rejected to offer'),
    });
    const forced = json<ApplyOfferJson>(
      await offer(ada, id, '--json', '--base', '90k', '--currency', 'GBP', '--force'),
    );
    expect(forced.status).toBe('offer');
    expect(forced.statusHistory.at(-1)?.status).toBe('offer');
  });
});

describe('career apply offers', () => {
  it('compares open offers per currency, with yearly totals, the best marked and days left', async () => {
    const carol = await signedInAccount('Carol Compare', { dbUri: database.uri });
    const monthly = await addApplication(carol, 'Monthly GmbH', 'Dev');
    const yearly = await addApplication(carol, 'Yearly AG', 'Dev');
    const hourly = await addApplication(carol, 'Hourly LLC', 'Contractor');
    await addApplication(carol, 'No Offer', 'Dev');
    json(
      await offer(
        carol,
        monthly,
        '--json',
        '--base',
        '8k',
        '--currency',
        'EUR',
        '--period',
        'month',
        '--deadline',
        '2026-12-12',
      ),
    );
    json(
      await offer(
        carol,
        yearly,
        '--json',
        '--base',
        '90k',
        '--currency',
        'EUR',
        '--bonus',
        '5k',
        '--equity',
        'options',
        '--equity-value',
        '2,500',
      ),
    );
    json(
      await offer(
        carol,
        hourly,
        '--json',
        '--base',
        '60',
        '--currency',
        'USD',
        '--period',
        'hour',
        '--deadline',
        '2026-12-02',
      ),
    );

    const offers = json<ApplyOffersJson>(
      await carol.run(['apply', 'offers', '--json'], { now: NOW }),
    );
    expect(
      offers.map((o) => [o.company, o.currency, o.yearlyBase, o.total, o.best, o.daysToDeadline]),
    ).toEqual([
      ['Yearly AG', 'EUR', 90_000, 97_500, true, null],
      ['Monthly GmbH', 'EUR', 96_000, 96_000, false, 10],
      ['Hourly LLC', 'USD', 124_800, 124_800, true, 0],
    ]);
    expect(offers[0]?.applicationId).toBe(yearly);

    const table = await carol.run(['apply', 'offers'], { now: NOW, env: { COLUMNS: '200' } });
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toContain('97,500 *');
    expect(table.stdout).toContain('124,800 *');
    expect(table.stdout).not.toContain('96,000 *');
    expect(table.stderr + table.stdout).toContain(
      'best total per currency; totals in EUR, USD are not compared with each other',
    );
  });

  it('says so when there are none', async () => {
    const dave = await signedInAccount('Dave Empty', { dbUri: database.uri });
    const result = await dave.run(['apply', 'offers'], { now: NOW });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('No open offers.');
    expect(json<ApplyOffersJson>(await dave.run(['apply', 'offers', '--json']))).toEqual([]);

    // An application moved to offer by `apply status` has no offer to compare: said so.
    await addApplication(dave, 'Status Only', 'Dev', 'offer');
    const unrecorded = await dave.run(['apply', 'offers'], { now: NOW });
    expect(unrecorded.stdout).toContain('No open offers.');
    expect(unrecorded.stderr + unrecorded.stdout).toContain(
      '1 application is in offer with no offer recorded',
    );
    expect(json<ApplyOffersJson>(await dave.run(['apply', 'offers', '--json']))).toEqual([]);
  });
});

describe('offers of two users', () => {
  it("never shows one user's offers to another, nor lets them set one", async () => {
    const id = await addApplication(ada, 'Private Offer', 'Secret Role');
    json(await offer(ada, id, '--json', '--base', '150k', '--currency', 'CHF'));
    expect(errorOf(await offer(bob, id, '--base', '1', '--currency', 'EUR'))).toMatchObject({
      code: 3,
      error: expect.stringContaining('no application'),
    });
    const bobs = json<ApplyOffersJson>(await bob.run(['apply', 'offers', '--json'], { now: NOW }));
    expect(bobs).toEqual([]);
    const adas = json<ApplyOffersJson>(await ada.run(['apply', 'offers', '--json'], { now: NOW }));
    expect(adas.map((o) => o.company)).toContain('Private Offer');
    // Ada's offer is as she left it.
    const shown = json<ApplyShowJson>(await ada.run(['apply', 'show', id, '--json']));
    expect(shown.offer).toMatchObject({ base: 150_000, currency: 'CHF' });
  });
});
