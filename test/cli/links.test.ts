// People on applications (issue 15) end to end, in this process, against a shared embedded
// engine with two accounts: `apply link`/`unlink`, interviewers with `--with`, what
// `apply show` and `contact show` list, `contact remove` unlinking, and the stalled agenda
// item naming the recruiter. User B never links, sees or unlinks user A's people.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AgendaJson } from '../../src/commands/agenda/report.js';
import type { ApplyAddJson } from '../../src/commands/apply/add.js';
import type { ApplyInterviewAddJson } from '../../src/commands/apply/interview/add.js';
import type { ApplyLinkJson } from '../../src/commands/apply/link.js';
import type { ApplyShowJson } from '../../src/commands/apply/show.js';
import type { ContactAddJson } from '../../src/commands/contact/add.js';
import type { ContactRemoveJson } from '../../src/commands/contact/remove.js';
import type { ContactShowJson } from '../../src/commands/contact/show.js';
import { isolatedDatabase, type IsolatedDatabase } from '../helpers/database.js';
import {
  inProcessAccount,
  type InProcessAccount,
  type InProcessResult,
} from '../helpers/in-process.js';
import { jsonOutput as json } from '../helpers/json-output.js';
import { removeTempDirs } from '../helpers/temp-dirs.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

function failure(result: InProcessResult): { code: number | null; error: string } {
  const error = result.stderr.split('\n').find((line) => line.startsWith('error:')) ?? '';
  return { code: result.code, error };
}

let database: IsolatedDatabase;
let ada: InProcessAccount;
let mallory: InProcessAccount;

beforeAll(async () => {
  database = await isolatedDatabase({ transport: 'tcp' });
  ada = await inProcessAccount('Ada Lovelace', { dbUri: database.uri });
  mallory = await inProcessAccount('Mallory', { dbUri: database.uri });
});

afterAll(async () => {
  await database?.close();
  removeTempDirs();
});

async function contact(account: InProcessAccount, name: string): Promise<string> {
  const added = json<ContactAddJson>(
    await account.run(['--json', 'contact', 'add', '--name', name, '--company', 'Acme']),
  );
  return added._id;
}

async function application(account: InProcessAccount, title: string): Promise<string> {
  const added = json<ApplyAddJson>(
    await account.run(['--json', 'apply', 'add', '--company', 'Acme', '--title', title]),
  );
  return added._id;
}

async function show(account: InProcessAccount, id: string): Promise<ApplyShowJson> {
  return json<ApplyShowJson>(await account.run(['--json', 'apply', 'show', id]));
}

describe('career apply link / unlink', () => {
  it('links a contact with a role, updates it when run again, and unlinks it', async () => {
    const grace = await contact(ada, 'Grace Hopper');
    const app = await application(ada, 'Backend Engineer');
    // Printed-length prefixes (12 characters: the first 8 are only a timestamp).
    const linked = json<ApplyLinkJson>(
      await ada.run([
        '--json',
        'apply',
        'link',
        app.slice(0, 12),
        grace.slice(0, 12),
        '--role',
        'Recruiter',
        '--notes',
        'Found me on LinkedIn',
      ]),
    );
    expect(linked).toMatchObject({ added: true, role: 'recruiter', name: 'Grace Hopper' });

    const again = await ada.run(['apply', 'link', app, grace, '--role', 'hiring manager']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/Updated Grace Hopper \([0-9a-f]{8,}\) on application/);
    const shown = await show(ada, app);
    expect(shown.contacts).toEqual([
      { contactId: grace, role: 'hiring-manager', name: 'Grace Hopper' },
    ]);

    const text = await ada.run(['apply', 'show', app]);
    expect(text.stdout).toContain('Grace Hopper\thiring-manager');

    const unlinked = await ada.run(['apply', 'unlink', app, grace]);
    expect(unlinked.code).toBe(0);
    expect(unlinked.stdout).toContain('Took Grace Hopper');
    expect((await show(ada, app)).contacts).toEqual([]);
    expect(failure(await ada.run(['apply', 'unlink', app, grace]))).toEqual({
      code: 3,
      error: `error: Grace Hopper is not on application ${app}`,
    });
  });

  it('takes roles as forgiving choices and refuses others', async () => {
    const alan = await contact(ada, 'Alan Turing');
    const app = await application(ada, 'Data Engineer');
    expect(failure(await ada.run(['apply', 'link', app, alan, '--role', 'boss']))).toEqual({
      code: 2,
      error: "error: --role: 'boss' is not allowed",
    });
    const ok = await ada.run(['--json', 'apply', 'link', app, alan, '--role', 'ref']);
    expect(json<ApplyLinkJson>(ok).role).toBe('referrer');
  });

  it("never links another user's contact or application, nor shows their people", async () => {
    const adaContact = await contact(ada, 'Barbara Liskov');
    const adaApp = await application(ada, 'Architect');
    await ada.run(['apply', 'link', adaApp, adaContact, '--role', 'referrer']);
    const malloryContact = await contact(mallory, 'Eve');
    const malloryApp = await application(mallory, 'Spy');

    const theirContact = await mallory.run([
      'apply',
      'link',
      malloryApp,
      adaContact,
      '--role',
      'recruiter',
    ]);
    expect(failure(theirContact).code).toBe(3);
    const theirApp = await mallory.run([
      'apply',
      'link',
      adaApp,
      malloryContact,
      '--role',
      'recruiter',
    ]);
    expect(failure(theirApp).code).toBe(3);
    expect(failure(await mallory.run(['apply', 'unlink', adaApp, adaContact])).code).toBe(3);
    expect(failure(await mallory.run(['contact', 'show', adaContact])).code).toBe(3);
    expect(
      failure(
        await mallory.run([
          'apply',
          'interview',
          'add',
          malloryApp,
          '--date',
          '2026-12-20',
          '--with',
          adaContact,
        ]),
      ).code,
    ).toBe(3);
    expect((await show(mallory, malloryApp)).contacts).toEqual([]);
    // Ada's link is still there.
    expect((await show(ada, adaApp)).contacts).toMatchObject([
      { contactId: adaContact, role: 'referrer' },
    ]);
  });
});

describe('interviewers, contact show and contact remove', () => {
  it('links interviewers with --with, lists them on both sides, and unlinks them on remove', async () => {
    const linus = await contact(ada, 'Linus Torvalds');
    const ken = await contact(ada, 'Ken Thompson');
    const app = await application(ada, 'Kernel Engineer');
    await ada.run(['apply', 'link', app, ken, '--role', 'recruiter']);
    const interview = json<ApplyInterviewAddJson>(
      await ada.run([
        '--json',
        'apply',
        'interview',
        'add',
        app,
        '--date',
        '2026-12-20 10:00',
        '--with',
        `${linus.slice(0, 12)},${ken}`,
      ]),
    );
    expect(interview.contactIds).toEqual([linus, ken]);
    const shown = await show(ada, app);
    // Ken keeps his role; Linus is on it as an interviewer.
    expect(shown.contacts).toEqual([
      { contactId: ken, role: 'recruiter', name: 'Ken Thompson' },
      { contactId: linus, role: 'interviewer', name: 'Linus Torvalds' },
    ]);
    const text = await ada.run(['apply', 'show', app]);
    expect(text.stdout).toContain('Linus Torvalds, Ken Thompson');

    const second = json<ApplyInterviewAddJson>(
      await ada.run(['--json', 'apply', 'interview', 'add', app, '--date', '2026-12-22 10:00']),
    );
    const updated = await ada.run([
      '--json',
      'apply',
      'interview',
      'update',
      app,
      second._id,
      '--with',
      linus,
    ]);
    expect(json<{ contactIds: string[] }>(updated).contactIds).toEqual([linus]);

    const person = json<ContactShowJson>(await ada.run(['--json', 'contact', 'show', linus]));
    expect(person.applications).toMatchObject([
      {
        applicationId: app,
        title: 'Kernel Engineer',
        role: 'interviewer',
        interviews: [{ _id: interview._id }, { _id: second._id }],
      },
    ]);
    const personText = await ada.run(['contact', 'show', linus]);
    expect(personText.stdout).toMatch(
      /Applications\n[0-9a-f]{8,}\tAcme\tKernel Engineer\tinterviewing\tinterviewer\t/,
    );

    const removed = json<ContactRemoveJson>(
      await ada.run(['--json', 'contact', 'remove', linus, '--yes']),
    );
    expect(removed.unlinkedApplications).toBe(1);
    const after = await show(ada, app);
    expect(after.contacts.map((each) => each.contactId)).toEqual([ken]);
    expect(after.interviews.map((each) => each.contactIds ?? [])).toEqual([[ken], []]);
  });
});

describe('the stalled agenda item', () => {
  it('suggests following up with the recruiter, by name and command', async () => {
    const recruiter = await contact(ada, 'Margaret Hamilton');
    const app = json<ApplyAddJson>(
      await ada.run([
        '--json',
        'apply',
        'add',
        '--company',
        'NASA',
        '--title',
        'Flight Software',
        '--status',
        'applied',
        '--date',
        '2026-11-01',
      ]),
    )._id;
    const later = new Date(Date.now() + 40 * 24 * 3600 * 1000);
    const before = json<AgendaJson>(await ada.run(['--json', 'agenda'], { now: later }));
    const plain = before.items.find((item) => item.id === app);
    expect(plain?.command).toBe(`career apply note ${app} "Followed up"`);

    await ada.run(['apply', 'link', app, recruiter, '--role', 'recruiter']);
    const agenda = json<AgendaJson>(
      await ada.run(['--json', 'agenda'], {
        now: new Date(later.getTime() + 40 * 24 * 3600 * 1000),
      }),
    );
    const item = agenda.items.find((each) => each.id === app);
    expect(item?.detail).toContain('follow up with Margaret Hamilton (recruiter)');
    expect(item?.refs.contactId).toBe(recruiter);
    expect(item?.command).toBe(`career connect followup add ${recruiter} --due today --type email`);
  });
});

describe('export and import carry the links', () => {
  it('by the contact natural key, into another account and back into the same one', async () => {
    const owner = await inProcessAccount('Owner', { dbUri: database.uri });
    const grace = json<ContactAddJson>(
      await owner.run([
        '--json',
        'contact',
        'add',
        '--name',
        'Grace Hopper',
        '--email',
        'grace@navy.mil',
      ]),
    )._id;
    const app = await application(owner, 'COBOL Engineer');
    await owner.run(['apply', 'link', app, grace, '--role', 'referrer', '--notes', 'ex-colleague']);
    await owner.run([
      'apply',
      'interview',
      'add',
      app,
      '--date',
      '2026-12-21 09:00',
      '--with',
      grace,
    ]);
    const dir = owner.home;
    for (const format of ['json', 'csv']) {
      const contacts = `${dir}/contacts.${format}`;
      const applications = `${dir}/applications.${format}`;
      expect(
        (await owner.run(['export', '--type', 'contacts', '--format', format, '--out', contacts]))
          .code,
      ).toBe(0);
      expect(
        (
          await owner.run([
            'export',
            '--type',
            'applications',
            '--format',
            format,
            '--out',
            applications,
          ])
        ).code,
      ).toBe(0);
      if (format === 'json') {
        const { readFileSync } = await import('node:fs');
        const text = readFileSync(applications, 'utf8');
        expect(text).not.toContain(grace);
        expect(JSON.parse(text)[0].contacts).toEqual([
          {
            contact: { name: 'Grace Hopper', email: 'grace@navy.mil' },
            role: 'referrer',
            notes: 'ex-colleague',
          },
        ]);
      }
      // The same account: nothing changes.
      const again = await owner.run(['--json', 'import', applications, '--type', 'applications']);
      expect(json<{ skipped: number; updated: number }>(again)).toMatchObject({
        skipped: 1,
        updated: 0,
      });

      // Another account without the contact: the row is rejected, naming it.
      const other = await inProcessAccount('Other', { dbUri: database.uri });
      const refused = await other.run(['--json', 'import', applications, '--type', 'applications']);
      expect(refused.code).toBe(8);
      expect(
        (JSON.parse(refused.stdout) as { rejects: Array<{ reason: string }> }).rejects[0]?.reason,
      ).toBe(
        'contacts: no contact Grace Hopper (grace@navy.mil) among yours; import your contacts first',
      );
      // With the contacts first, the links come back to its own contact.
      expect((await other.run(['import', contacts, '--type', 'contacts'])).code).toBe(0);
      const imported = await other.run([
        '--json',
        'import',
        applications,
        '--type',
        'applications',
      ]);
      expect(imported.code).toBe(0);
      const [copy] = json<Array<{ _id: string }>>(await other.run(['--json', 'apply', 'list']));
      const shown = await show(other, copy?._id ?? '');
      const theirGrace = shown.contacts[0]?.contactId;
      expect(theirGrace).not.toBe(grace);
      expect(shown.contacts).toEqual([
        { contactId: theirGrace, role: 'referrer', notes: 'ex-colleague', name: 'Grace Hopper' },
      ]);
      expect(shown.interviews[0]?.contactIds).toEqual([theirGrace]);
    }
  });

  it('never takes a contact id written in the file', async () => {
    const victim = await contact(ada, 'Victim Contact');
    const attacker = await inProcessAccount('Attacker', { dbUri: database.uri });
    const { writeFileSync } = await import('node:fs');
    const file = `${attacker.home}/crafted.json`;
    writeFileSync(
      file,
      JSON.stringify([
        {
          job: { company: 'Evil', title: 'Spy' },
          contacts: [{ contactId: victim, role: 'recruiter' }],
          interviews: [{ date: '2026-12-01T10:00:00Z', contactIds: [victim] }],
        },
      ]),
    );
    const result = await attacker.run(['--json', 'import', file, '--type', 'applications']);
    expect(
      (JSON.parse(result.stdout) as { rejects: Array<{ reason: string }> }).rejects[0]?.reason,
    ).toBe('contacts entry 1 names no contact (a name, email or linkedinUrl)');
    const { items } = {
      items: json<Array<{ _id: string }>>(await attacker.run(['--json', 'apply', 'list'])),
    };
    expect(items).toEqual([]);
  });
});
