// `career contact ...` end to end, in this process (test/helpers/in-process.ts) against a shared
// embedded engine with two accounts, so another user's ids can be tried.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ContactAddJson } from '../../src/commands/contact/add.js';
import type { ContactListJson } from '../../src/commands/contact/list.js';
import type { ContactRemoveJson } from '../../src/commands/contact/remove.js';
import type { ContactShowJson } from '../../src/commands/contact/show.js';
import type { ContactUpdateJson } from '../../src/commands/contact/update.js';
import { isolatedDatabase, type IsolatedDatabase } from '../helpers/database.js';
import {
  inProcessAccount as signedInAccount,
  type InProcessAccount as TestAccount,
  type InProcessResult,
} from '../helpers/in-process.js';
import { jsonOutput as json } from '../helpers/json-output.js';
import { sharedPrefix } from '../helpers/ids.js';
import { removeTempDirs } from '../helpers/temp-dirs.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const OBJECT_ID = /^[0-9a-f]{24}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The `error:` line of a failed command, with its exit code. */
function failure(result: InProcessResult): { code: number | null; error: string } {
  const error = result.stderr.split('\n').find((line) => line.startsWith('error:')) ?? '';
  return { code: result.code, error };
}

let database: IsolatedDatabase;
let owner: TestAccount;
let other: TestAccount;

beforeAll(async () => {
  database = await isolatedDatabase({ transport: 'tcp' });
  // One after the other: in-process runs take turns anyway.
  owner = await signedInAccount('Ada Lovelace', { dbUri: database.uri });
  other = await signedInAccount('Mallory', { dbUri: database.uri });
});

afterAll(async () => {
  await database?.close();
  removeTempDirs();
});

async function add(account: TestAccount, args: string[]): Promise<ContactAddJson> {
  return json<ContactAddJson>(await account.run(['--json', 'contact', 'add', ...args]));
}

async function list(account: TestAccount, args: string[] = []): Promise<ContactListJson> {
  return json<ContactListJson>(await account.run(['--json', 'contact', 'list', ...args]));
}

describe('career contact', () => {
  it('adds a contact with every field, shows it and lists it', async () => {
    const added = await add(owner, [
      '--name',
      'Grace Hopper',
      '--email',
      'Grace@Navy.MIL',
      '--phone',
      '+1 555 0100',
      '--company',
      'US Navy',
      '--title',
      'Rear Admiral',
      '--linkedin',
      'https://www.linkedin.com/in/grace',
      '--tags',
      'mentor, cobol,mentor',
      '--notes',
      'Met at a conference',
    ]);
    expect(added).toMatchObject({
      name: 'Grace Hopper',
      email: 'grace@navy.mil',
      phone: '+1 555 0100',
      company: 'US Navy',
      title: 'Rear Admiral',
      linkedinUrl: 'https://www.linkedin.com/in/grace',
      tags: ['mentor', 'cobol'],
      notes: 'Met at a conference',
    });
    expect(added._id).toMatch(OBJECT_ID);
    expect(added.userId).toMatch(OBJECT_ID);
    expect(added.createdAt).toMatch(ISO_DATE);

    const shown = json<ContactShowJson>(
      await owner.run(['--json', 'contact', 'show', added._id.slice(0, 12)]),
    );
    expect(shown).toMatchObject({ _id: added._id, name: 'Grace Hopper', connection: null });
    expect(shown.openFollowUps).toEqual([]);

    const human = await owner.run(['contact', 'show', added._id]);
    expect(human.stdout).toContain('Grace Hopper');
    expect(human.stdout).toContain('No connection yet');

    const listed = await owner.run(['contact', 'list', '--search', 'grace']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(added._id.slice(0, 8));
    expect(listed.stdout).toContain('US Navy');
  });

  it('rejects bad input with one clear line and writes nothing', async () => {
    const before = (await list(owner)).length;
    const badEmail = failure(await owner.run(['contact', 'add', '--name', 'X', '--email', 'nope']));
    expect(badEmail).toMatchObject({ code: 2 });
    expect(badEmail.error).toContain("'nope' is not an email address");

    const noName = await owner.run(['contact', 'add', '--email', 'x@example.com']);
    expect(failure(noName).code).toBe(2);
    expect(failure(noName).error).toContain('--name');

    const badUrl = failure(
      await owner.run(['contact', 'add', '--name', 'X', '--linkedin', 'javascript:alert(1)']),
    );
    expect(badUrl.code).toBe(2);

    const existing = await add(owner, ['--name', 'Alan Turing', '--email', 'alan@example.com']);
    const duplicate = failure(
      await owner.run(['contact', 'add', '--name', 'Alan T', '--email', 'ALAN@example.com']),
    );
    expect(duplicate.code).toBe(5);
    expect(duplicate.error).toContain(existing._id);

    const badSort = failure(await owner.run(['contact', 'list', '--sort', 'email']));
    expect(badSort.code).toBe(2);
    expect((await list(owner)).length).toBe(before + 1);
  });

  it('filters, pages and sorts, matching input literally', async () => {
    const account = await signedInAccount('Filter Person', { dbUri: database.uri });
    await add(account, ['--name', 'Carol', '--company', 'A.B Labs', '--tags', 'recruiter']);
    await add(account, ['--name', 'Bob', '--company', 'AxB Labs', '--email', 'bob@axb.io']);
    await add(account, ['--name', '{"$gt":""}', '--company', 'Zeta', '--tags', '{"$ne":null}']);
    await add(account, ['--name', 'Dave', '--company', 'acme', '--tags', 'recruiter,friend']);

    const names = async (args: string[]) => (await list(account, args)).map((c) => c.name);
    expect(await names([])).toEqual(['Bob', 'Carol', 'Dave', '{"$gt":""}']);
    expect(await names(['--company', 'a.b'])).toEqual(['Carol']);
    expect(await names(['--company', 'LABS'])).toEqual(['Bob', 'Carol']);
    expect(await names(['--company', '.*'])).toEqual([]);
    expect(await names(['--tag', 'recruiter'])).toEqual(['Carol', 'Dave']);
    expect(await names(['--tag', '{"$ne":null}'])).toEqual(['{"$gt":""}']);
    expect(await names(['--search', '{"$gt":""}'])).toEqual(['{"$gt":""}']);
    expect(await names(['--search', 'AXB.IO'])).toEqual(['Bob']);
    expect(await names(['--sort', 'name:desc', '--limit', '2'])).toEqual(['{"$gt":""}', 'Dave']);
    expect(await names(['--sort', 'name:desc', '--limit', '2', '--page', '2'])).toEqual([
      'Carol',
      'Bob',
    ]);
    expect(await names(['--sort', 'company'])).toEqual(['Carol', 'Bob', '{"$gt":""}', 'Dave']);
    // Other users see none of these.
    expect(await list(other, ['--search', 'Labs'])).toEqual([]);
  });

  it('updates fields and tags by id prefix, and refuses a taken email', async () => {
    const contact = await add(owner, [
      '--name',
      'Katherine',
      '--company',
      'NASA',
      '--tags',
      'math,space',
    ]);
    const updated = json<ContactUpdateJson>(
      await owner.run([
        '--json',
        'contact',
        'update',
        contact._id.slice(0, 12),
        '--title',
        'Mathematician',
        '--add-tags',
        'mentor,math',
        '--remove-tags',
        'space',
        '--company',
        '',
      ]),
    );
    expect(updated).toMatchObject({ _id: contact._id, title: 'Mathematician' });
    expect(updated.tags).toEqual(['math', 'mentor']);
    expect(updated.company).toBeUndefined();
    expect(updated.updatedAt).toMatch(ISO_DATE);

    await add(owner, ['--name', 'Taken', '--email', 'taken@example.com']);
    const conflict = failure(
      await owner.run(['contact', 'update', contact._id, '--email', 'taken@example.com']),
    );
    expect(conflict.code).toBe(5);
    const nothing = failure(await owner.run(['contact', 'update', contact._id]));
    expect(nothing).toMatchObject({ code: 2, error: 'error: nothing to update' });
    const human = await owner.run(['contact', 'update', contact._id, '--phone', '123']);
    expect(human.stdout).toContain('✓ Updated Katherine');
  });

  it('resolves unique prefixes and reports ambiguous ones', async () => {
    const account = await signedInAccount('Prefix Person', { dbUri: database.uri });
    const first = await add(account, ['--name', 'First']);
    const second = await add(account, ['--name', 'Second']);
    const shared = sharedPrefix([first._id, second._id]);
    expect(shared.length).toBeGreaterThanOrEqual(4);
    const ambiguous = failure(await account.run(['contact', 'show', shared]));
    expect(ambiguous.code).toBe(4);
    expect(ambiguous.error).toContain(first._id);
    expect(ambiguous.error).toContain(second._id);
    expect(failure(await account.run(['contact', 'show', 'zzzz'])).code).toBe(2);
    expect(failure(await account.run(['contact', 'show', 'abc'])).code).toBe(2);
  });

  it("treats another user's contact as not found and leaves it unchanged", async () => {
    const mine = await add(owner, ['--name', 'Private Person', '--company', 'Secret']);
    for (const args of [
      ['contact', 'show', mine._id],
      ['contact', 'show', mine._id.slice(0, 16)],
      ['contact', 'update', mine._id, '--company', 'Hacked'],
      ['contact', 'remove', mine._id, '--yes'],
    ]) {
      expect(failure(await other.run(args)).code, args.join(' ')).toBe(3);
    }
    const still = json<ContactShowJson>(await owner.run(['--json', 'contact', 'show', mine._id]));
    expect(still).toMatchObject({ name: 'Private Person', company: 'Secret' });
  });

  it('removes a contact and its connection, asking for --yes without a terminal', async () => {
    const contact = await add(owner, ['--name', 'Leaving Soon']);
    const connection = json<{ _id: string }>(
      await owner.run(['--json', 'connect', 'add', contact._id]),
    );
    const unconfirmed = failure(await owner.run(['contact', 'remove', contact._id]));
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.error).toContain('needs confirmation');
    expect((await owner.run(['contact', 'show', contact._id])).code).toBe(0);

    const removed = json<ContactRemoveJson>(
      await owner.run(['--json', 'contact', 'remove', contact._id.slice(0, 12), '--yes']),
    );
    expect(removed).toMatchObject({ _id: contact._id, removedConnectionId: connection._id });
    expect(failure(await owner.run(['contact', 'show', contact._id])).code).toBe(3);
    expect(failure(await owner.run(['connect', 'show', connection._id])).code).toBe(3);
  });
});
