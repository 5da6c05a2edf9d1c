// Issue 15's commands end to end in real processes (the built CLI, bin/career -> dist/cli.js):
// two accounts on one engine database, each command's exit code and output, and nothing of
// one user ever linked, shown, found or archived for the other. The rules themselves are
// tested in process (links, offers, cadence, archive and search tests).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AgendaJson } from '../../src/commands/agenda/report.js';
import type { ApplyAddJson } from '../../src/commands/apply/add.js';
import type { ApplyOffersJson } from '../../src/commands/apply/offers.js';
import type { ApplyShowJson } from '../../src/commands/apply/show.js';
import type { ConnectListJson } from '../../src/commands/connect/list.js';
import type { ContactAddJson } from '../../src/commands/contact/add.js';
import type { SearchJson } from '../../src/commands/search/report.js';
import { signedInAccount, type TestAccount } from '../helpers/accounts.js';
import { isolatedDatabase, type IsolatedDatabase } from '../helpers/database.js';
import type { CliResult } from '../helpers/run-cli.js';
import { removeTempDirs } from '../helpers/temp-dirs.js';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

let database: IsolatedDatabase;
let ada: TestAccount;
let mallory: TestAccount;

beforeAll(async () => {
  database = await isolatedDatabase({ transport: 'tcp' });
  ada = await signedInAccount('Ada Lovelace', { dbUri: database.uri });
  mallory = await signedInAccount('Mallory', { dbUri: database.uri });
});

afterAll(async () => {
  await database?.close();
  removeTempDirs();
});

function parsed<T>(result: CliResult): T {
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as T;
}

async function ok(account: TestAccount, args: string[]): Promise<CliResult> {
  const result = await account.run(args);
  expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result;
}

describe("issue 15's commands in child processes, two users", () => {
  it('links, offers, keeps in touch, archives and searches for one user only', async () => {
    const app = parsed<ApplyAddJson>(
      await ada.run(['--json', 'apply', 'add', '--company', 'Vandelay', '--title', 'Importer']),
    )._id;
    const grace = parsed<ContactAddJson>(
      await ada.run(['--json', 'contact', 'add', '--name', 'Grace Hopper', '--notes', 'zeppelin']),
    )._id;

    const linked = await ok(ada, ['apply', 'link', app, grace, '--role', 'recruiter']);
    expect(linked.stdout).toMatch(/^✓ Linked Grace Hopper \([0-9a-f]{8,}\) to application/);
    // Mallory can use neither of Ada's ids, on either side.
    const mallorysApp = parsed<ApplyAddJson>(
      await mallory.run(['--json', 'apply', 'add', '--company', 'Kramerica', '--title', 'Intern']),
    )._id;
    const foreignContact = await mallory.run([
      'apply',
      'link',
      mallorysApp,
      grace,
      '--role',
      'other',
    ]);
    expect(foreignContact.code).toBe(3);
    expect(foreignContact.stderr).toMatch(/^error: /);
    expect((await mallory.run(['apply', 'show', app])).code).toBe(3);

    const offer = await ok(ada, ['apply', 'offer', app, '--base', '90k', '--currency', 'eur']);
    expect(offer.stdout).toContain('offer');
    const offers = parsed<ApplyOffersJson>(await ada.run(['--json', 'apply', 'offers']));
    expect(offers.map((each) => each.total)).toEqual([90_000]);
    expect(parsed<ApplyOffersJson>(await mallory.run(['--json', 'apply', 'offers']))).toEqual([]);

    const connected = await ok(ada, ['connect', 'add', grace, '--cadence', '2w']);
    expect(connected.stdout).toContain('every 14 days');
    const connections = parsed<ConnectListJson>(await ada.run(['--json', 'connect', 'list']));
    expect(connections.map((each) => each.cadenceDays)).toEqual([14]);
    const badCadence = await ada.run(['connect', 'update', grace, '--cadence', 'soon']);
    expect(badCadence.code).toBe(2);
    expect(badCadence.stderr).toMatch(/^error: --cadence/);

    const shown = parsed<ApplyShowJson>(await ada.run(['--json', 'apply', 'show', app]));
    expect(shown.contacts.map((each) => [each.name, each.role])).toEqual([
      ['Grace Hopper', 'recruiter'],
    ]);

    const found = parsed<SearchJson>(await ada.run(['--json', 'search', 'zeppelin']));
    expect(found.map((each) => each.type)).toContain('contact');
    expect(parsed<SearchJson>(await mallory.run(['--json', 'search', 'zeppelin']))).toEqual([]);

    // Mallory's bulk archive takes Mallory's application and nothing of Ada's.
    await ok(mallory, ['apply', 'archive', '--status', 'offer,toApply']);
    expect((await ok(mallory, ['apply', 'list', '--archived'])).stdout).toContain('Kramerica');
    expect((await ok(ada, ['apply', 'list'])).stdout).toContain('Vandelay');
    const agenda = parsed<AgendaJson>(await ada.run(['--json', 'agenda', '--days', '30']));
    expect(agenda.items.map((item) => item.kind)).not.toContain('keep-in-touch');
    await ok(ada, ['apply', 'archive', app]);
    const listed = await ok(ada, ['apply', 'list']);
    expect(listed.stdout).not.toContain('Vandelay');
    const archived = await ok(ada, ['apply', 'list', '--archived']);
    expect(archived.stdout).toContain('Vandelay');
  });
});
