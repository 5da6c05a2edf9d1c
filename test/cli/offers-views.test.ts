// Offers beyond their own commands, end to end in this process: deadlines on the agenda (kind
// offer) and in the calendar, offers received in `stats` (median base per currency), and an
// offer through a backup and restore. Two users share the database: nothing of one shows for
// the other.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AgendaJson } from '../../src/commands/agenda/report.js';
import type { ApplyAddJson } from '../../src/commands/apply/add.js';
import type { BackupCreateJson } from '../../src/commands/backup/create.js';
import type { ExportCalendarJson } from '../../src/commands/export/calendar.js';
import type { ImportJson } from '../../src/commands/import/import-file.js';
import type { ApplyOffersJson } from '../../src/commands/apply/offers.js';
import type { StatsJson } from '../../src/commands/stats/index.js';
import { startEngine } from '../../src/engine/index.js';
import { isolatedDatabase, type IsolatedDatabase } from '../helpers/database.js';
import {
  inProcessAccount as signedInAccount,
  type InProcessAccount as TestAccount,
} from '../helpers/in-process.js';
import { jsonOutput as json } from '../helpers/json-output.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dirs.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const NOW = new Date('2026-12-02T12:00:00');
const DAY = 86_400_000;

let database: IsolatedDatabase;
let ada: TestAccount;
let bob: TestAccount;
const ids: Record<string, string> = {};

async function withOffer(
  account: TestAccount,
  company: string,
  ...flags: string[]
): Promise<string> {
  const added = json<ApplyAddJson>(
    await account.run(
      [
        'apply',
        'add',
        '--json',
        '--company',
        company,
        '--title',
        'Engineer',
        '--status',
        'applied',
      ],
      { now: new Date(NOW.getTime() - 20 * DAY) },
    ),
  );
  json(await account.run(['apply', 'offer', added._id, '--json', ...flags], { now: NOW }));
  return added._id;
}

beforeAll(async () => {
  database = await isolatedDatabase({ transport: 'tcp' });
  ada = await signedInAccount('Ada Lovelace', { dbUri: database.uri });
  bob = await signedInAccount('Bob Builder', { dbUri: database.uri });
  ids.soon = await withOffer(
    ada,
    'Soon',
    '--base',
    '100k',
    '--currency',
    'EUR',
    '--deadline',
    '2026-12-05',
  );
  ids.today = await withOffer(
    ada,
    'Today',
    '--base',
    '7k',
    '--currency',
    'EUR',
    '--period',
    'month',
    '--deadline',
    'today',
  );
  ids.later = await withOffer(
    ada,
    'Later',
    '--base',
    '150k',
    '--currency',
    'USD',
    '--deadline',
    '2026-12-30',
  );
  ids.none = await withOffer(ada, 'Undated', '--base', '90k', '--currency', 'EUR');
  // An offer declined: still received (stats), no longer open (agenda, calendar, apply offers).
  ids.declined = await withOffer(
    ada,
    'Declined',
    '--base',
    '200k',
    '--currency',
    'USD',
    '--deadline',
    '2026-12-04',
  );
  json(await ada.run(['apply', 'status', ids.declined, 'rejected', '--json'], { now: NOW }));
  // Bob's offer, due tomorrow: never on Ada's agenda, calendar or stats.
  ids.bobs = await withOffer(
    bob,
    'Bobs Offer',
    '--base',
    '1',
    '--currency',
    'GBP',
    '--deadline',
    'tomorrow',
  );
});

afterAll(async () => {
  await database?.close();
  removeTempDirs();
});

describe('offers on the agenda', () => {
  it('lists open offers with a deadline by the horizon as kind offer, most urgent first', async () => {
    const agenda = json<AgendaJson>(await ada.run(['agenda', '--json'], { now: NOW }));
    const offers = agenda.items.filter((item) => item.kind === 'offer');
    expect(offers.map((item) => [item.id, item.dueToday, item.overdue])).toEqual([
      [ids.today, true, false],
      [ids.soon, false, false],
    ]);
    expect(offers[1]).toMatchObject({
      what: 'Offer: Engineer at Soon, answer within 3 days',
      refs: { applicationId: ids.soon },
      command: `career apply show ${ids.soon}`,
    });
    // Looking further ahead brings the later one; a passed deadline stays, overdue.
    const month = json<AgendaJson>(
      await ada.run(['agenda', '--json', '--days', '30'], { now: NOW }),
    );
    expect(month.items.filter((item) => item.kind === 'offer').map((item) => item.id)).toEqual([
      ids.today,
      ids.soon,
      ids.later,
    ]);
    const after = json<AgendaJson>(
      await ada.run(['agenda', '--json'], { now: new Date(NOW.getTime() + 4 * DAY) }),
    );
    const passed = after.items.find((item) => item.id === ids.soon);
    expect(passed).toMatchObject({
      overdue: true,
      what: expect.stringContaining('passed 1 day ago'),
    });

    const text = await ada.run(['agenda'], { now: NOW, env: { COLUMNS: '160' } });
    expect(text.stdout).toContain('Offer: Engineer at Soon, answer within 3 days');

    const bobs = json<AgendaJson>(await bob.run(['agenda', '--json'], { now: NOW }));
    expect(bobs.items.filter((item) => item.kind === 'offer').map((item) => item.id)).toEqual([
      ids.bobs,
    ]);
  });
});

describe('offers in the calendar', () => {
  it('adds an all-day event on each open offer deadline, with a UID from the application', async () => {
    const events = json<ExportCalendarJson>(
      await ada.run(['export', 'calendar', '--json', '--days', '60'], { now: NOW }),
    );
    const offers = events.filter((event) => event.kind === 'offer');
    expect(offers.map((event) => event.uid)).toEqual([
      `offer-${ids.today}@career`,
      `offer-${ids.soon}@career`,
      `offer-${ids.later}@career`,
    ]);
    expect(offers[1]).toMatchObject({
      summary: 'Offer deadline — Soon Engineer',
      allDay: true,
      parentId: ids.soon,
    });
    expect(new Date(offers[1]?.start ?? '').getDate()).toBe(5);
    const ics = await ada.run(['export', 'calendar', '--days', '60'], { now: NOW });
    expect(ics.stdout).toContain(`UID:offer-${ids.soon}@career`);
    expect(ics.stdout).not.toContain('Bobs Offer');
  });
});

describe('offers in stats', () => {
  it('counts offers received and their median yearly base per currency', async () => {
    const stats = json<StatsJson>(await ada.run(['stats', '--json'], { now: NOW }));
    // EUR: 100,000, 84,000 (7k a month) and 90,000: median 90,000; USD: 150,000 and 200,000.
    expect(stats.offers).toEqual({
      received: 5,
      perCurrency: [
        { currency: 'EUR', count: 3, medianBase: 90_000 },
        { currency: 'USD', count: 2, medianBase: 175_000 },
      ],
    });
    const text = await ada.run(['stats'], { now: NOW, env: { COLUMNS: '100' } });
    expect(text.stdout).toContain('Offers received: 5');
    expect(text.stdout).toContain('EUR: 3 offers, median base 90,000 a year');
    expect(text.stdout).toContain('USD: 2 offers, median base 175,000 a year');

    const bobs = json<StatsJson>(await bob.run(['stats', '--json'], { now: NOW }));
    expect(bobs.offers).toEqual({
      received: 1,
      perCurrency: [{ currency: 'GBP', count: 1, medianBase: 1 }],
    });
  });
});

describe('offers in a backup', () => {
  it('restores an offer as it was backed up', async () => {
    const carol = await signedInAccount('Carol Backup');
    const id = await withOffer(
      carol,
      'Kept',
      '--base',
      '80k',
      '--currency',
      'SEK',
      '--bonus',
      '5k',
    );
    const created = json<BackupCreateJson>(await carol.run(['--json', 'backup', 'create']));
    json(await carol.run(['apply', 'offer', id, '--json', '--base', '1'], { now: NOW }));
    const restored = await carol.run(['backup', 'restore', created.name, '--drop', '--yes']);
    expect(restored.code, restored.stderr).toBe(0);
    const engine = await startEngine({ dataDir: path.join(carol.home, 'data') });
    const client = await MongoClient.connect(engine.uri);
    try {
      const application = await client.db('career').collection('applications').findOne({});
      expect(application?.offer).toMatchObject({ base: 80_000, currency: 'SEK', bonus: 5000 });
      expect(application?.status).toBe('offer');
    } finally {
      await client.close();
      await engine.close();
    }
  });
});

describe('offers in an import', () => {
  it('reads offer.* columns (CSV) and checks the currency with the schema', async () => {
    const erin = await signedInAccount('Erin Import', { dbUri: database.uri });
    const file = path.join(makeTempDir(), 'applications.csv');
    writeFileSync(
      file,
      [
        'job.company,job.title,status,offer.base,offer.currency,offer.period,offer.bonus,offer.deadline',
        'Good Co,Dev,offer,"95,000",gbp,year,5000,2026-12-20',
        'Bad Co,Dev,offer,95000,EURO,year,,',
        'Worse Co,Dev,offer,-1,EUR,year,,',
      ].join('\n'),
    );
    const result = await erin.run(['--json', 'import', file, '--type', 'applications'], {
      now: NOW,
    });
    expect(result.code).toBe(8);
    const summary = JSON.parse(result.stdout) as ImportJson;
    expect([summary.inserted, summary.rejected]).toEqual([1, 2]);
    expect(summary.rejects.map((reject) => reject.line)).toEqual([3, 4]);
    expect(summary.rejects[0]?.reason).toContain('EURO is not an ISO 4217 currency code');
    const offers = json<ApplyOffersJson>(
      await erin.run(['apply', 'offers', '--json'], { now: NOW }),
    );
    expect(offers).toMatchObject([
      { company: 'Good Co', base: 95_000, currency: 'GBP', bonus: 5000, total: 100_000 },
    ]);
    // Nobody else sees it.
    const adas = json<ApplyOffersJson>(await ada.run(['apply', 'offers', '--json'], { now: NOW }));
    expect(adas.map((offer) => offer.company)).not.toContain('Good Co');
  });
});
