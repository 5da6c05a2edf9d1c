// Natural keys in process, against a real database (the embedded engine): one definition of
// each key, kept in step by every write path (create, update, the import's batch writes), a
// duplicate answered as "already there", and a kept duplicate's mark surviving edits that do
// not change what its key means.
import { Types, type Model } from 'mongoose';
import { describe, expect, it, vi } from 'vitest';
import { wordError } from '../../src/commands/error-wording.js';
import { DuplicateRecordError } from '../../src/repositories/duplicate-record.js';
import type { UserRepositories } from '../../src/repositories/index.js';
import {
  applicationKey,
  contactKey,
  contactKeys,
  jobKey,
  markedDuplicateKey,
} from '../../src/repositories/natural-keys.js';
import { addContact, updateContact } from '../../src/services/contact-service.js';
import { writeBatch, type Candidate } from '../../src/services/import/batch-writer.js';
import { addActivity } from '../../src/services/learning-service.js';
import { jobKind } from '../../src/services/import/record-kinds.js';
import { useIsolatedRepositories } from '../helpers/suites.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const repositories = useIsolatedRepositories();

function newUser(): { data: UserRepositories } {
  return { data: repositories().forUser(new Types.ObjectId()) };
}

function candidateFor(line: number, fields: Record<string, unknown>): Candidate {
  return { line, key: jobKey(fields), fields, given: Object.keys(fields), noteLines: [] };
}

/** The ids of the user's jobs stored under `key`. */
async function jobsUnder(data: UserRepositories, key: string): Promise<string[]> {
  const found = await data.jobs.findByNaturalKeys<{ _id: Types.ObjectId }>([key]);
  return found.map((job) => job._id.toHexString());
}

describe('natural keys', () => {
  it('are the trimmed, lower-case parts as JSON; contacts by email, else URL, else name + company', () => {
    expect(jobKey({ company: ' ACME ', title: 'Backend  Engineer' })).toBe(
      '["acme","backend  engineer"]',
    );
    const jobId = new Types.ObjectId();
    expect(applicationKey({ jobId, applicationDate: new Date('2026-03-02T23:30:00Z') })).toBe(
      `["${jobId.toHexString()}","2026-03-02"]`,
    );
    expect(applicationKey({ jobId })).toBe(`["${jobId.toHexString()}",""]`);
    const grace = {
      name: 'Grace Hopper',
      email: 'Grace@Navy.MIL',
      linkedinUrl: 'https://LinkedIn.com/in/grace/',
      company: 'Navy',
    };
    expect(contactKeys(grace)).toEqual([
      '["email","grace@navy.mil"]',
      '["url","https://linkedin.com/in/grace"]',
      '["name","grace hopper","navy"]',
    ]);
    expect(contactKey({ name: 'Alan' })).toBe('["name","alan",""]');
    for (const contact of [grace, { ...grace, email: ' ' }, { name: 'A', company: 'B' }]) {
      expect(contactKey(contact)).toBe(contactKeys(contact)[0]);
    }
    // Parts holding the separator or quotes cannot run into each other.
    expect(jobKey({ company: 'a","b', title: 'c' })).not.toBe(
      jobKey({ company: 'a', title: 'b","c' }),
    );
  });

  it('stays short for long values, and whole characters', () => {
    const long = jobKey({ company: 'x', title: `${'é'.repeat(300)}😀${'y'.repeat(500)}` });
    expect(long.length).toBeLessThanOrEqual(512);
    expect(long).toMatch(/…sha256:[0-9a-f]{64}$/);
    expect(Buffer.from(long, 'utf8').toString('utf8')).toBe(long);
    expect(jobKey({ company: 'x', title: `${'é'.repeat(300)}😀${'y'.repeat(501)}` })).not.toBe(
      long,
    );
  });

  it("an application's job id stored by another tool (not an ObjectId) is in its key as text", () => {
    const applicationDate = new Date('2026-03-02T10:00:00Z');
    const first = applicationKey({ jobId: 'job-1', applicationDate });
    expect(first).toBe('["\\"job-1\\"","2026-03-02"]');
    // Not '' for every such job: their applications of one day do not share one key.
    expect(applicationKey({ jobId: 'job-2', applicationDate })).not.toBe(first);
    expect(applicationKey({ jobId: 42, applicationDate })).toBe('["42","2026-03-02"]');
  });

  it('a lone surrogate counts as the U+FFFD it is stored as: the key of a record read back is its key', async () => {
    expect(jobKey({ company: 'Acme\ud800', title: 'Dev' })).toBe(
      jobKey({ company: 'Acme\ufffd', title: 'Dev' }),
    );
    expect(contactKey({ name: 'x', email: '\udfffa@b.example' })).toBe(
      '["email","\ufffda@b.example"]',
    );
    const { data } = newUser();
    const job = await data.jobs.create({ company: 'Lone\ud800', title: 'Dev' });
    const stored = await data.jobs.findById(job._id);
    expect(stored?.company).toBe('Lone\ufffd');
    expect(await jobsUnder(data, jobKey({ company: stored?.company, title: 'Dev' }))).toEqual([
      job._id.toHexString(),
    ]);
  });

  it('a create or update taking another record key is a DuplicateRecordError naming it', async () => {
    const { data } = newUser();
    const acme = await data.jobs.create({ company: 'Acme', title: 'Engineer' });
    expect(acme).not.toHaveProperty('naturalKey');
    const error = await data.jobs.create({ company: 'ACME ', title: 'engineer' }).catch((e) => e);
    expect(error).toBeInstanceOf(DuplicateRecordError);
    expect((error as DuplicateRecordError<{ _id: Types.ObjectId }>).existing?._id).toEqual(
      acme._id,
    );
    const other = await data.jobs.create({ company: 'Acme', title: 'Lead' });
    await expect(data.jobs.update(other._id, { title: 'Engineer' })).rejects.toBeInstanceOf(
      DuplicateRecordError,
    );
    // Refused whole: the title did not change either.
    expect((await data.jobs.findById(other._id))?.title).toBe('Lead');
    const renamed = await data.jobs.update(other._id, { title: 'Principal' });
    expect(renamed?.title).toBe('Principal');
    expect(renamed).not.toHaveProperty('naturalKey');
    expect(await jobsUnder(data, '["acme","principal"]')).toEqual([other._id.toHexString()]);
  });

  it("keeps a kept duplicate's mark while its key means the same, and unmarks it when it changes", async () => {
    const { data } = newUser();
    const first = await data.jobs.create({ company: 'Acme', title: 'Engineer' });
    // As the key migration keeps a duplicate: same fields, its key marked with its id.
    const { _id: id } = await data.jobs.create({ company: 'Acme', title: 'Engineer (2)' });
    const marked = markedDuplicateKey('["acme","engineer"]', id);
    await data.jobs.setChecked([{ id, set: { title: 'Engineer', naturalKey: marked } }]);
    await data.jobs.update(id, { location: 'Berlin', company: 'ACME' });
    expect(await jobsUnder(data, marked)).toEqual([id.toHexString()]);
    // Another spelling of the same key keeps the mark too.
    await expect(data.jobs.update(id, { company: 'Acme ' })).resolves.toBeDefined();
    expect(await jobsUnder(data, marked)).toEqual([id.toHexString()]);
    // A change of what the key means gives it its own key (taking the first one's is refused).
    await data.jobs.update(id, { title: 'Engineer II' });
    expect(await jobsUnder(data, '["acme","engineer ii"]')).toEqual([id.toHexString()]);
    await expect(data.jobs.update(id, { title: 'engineer' })).rejects.toBeInstanceOf(
      DuplicateRecordError,
    );
    expect(await jobsUnder(data, '["acme","engineer"]')).toEqual([first._id.toHexString()]);
  });

  it('an import row refused as a duplicate updates the record holding its key (found or not by the lookup)', async () => {
    const { data } = newUser();
    const stored = await data.jobs.create({ company: 'McKinsey', title: 'Analyst' });
    // The lookup misses it, as when another writer stores it between the lookup and the insert
    // (the lookup itself finds it by its key: see the next test).
    const kind = { ...jobKind(data), lookup: () => Promise.resolve(new Map()) };
    await kind.prime();
    const fields = { company: 'mckinsey', title: 'analyst', location: 'Berlin' };
    const candidate: Candidate = {
      line: 2,
      key: jobKey(fields),
      fields,
      given: Object.keys(fields),
      noteLines: [],
    };
    const batch = await writeBatch(kind, [candidate], {
      dryRun: false,
      now: new Date(),
      settled: () => Promise.resolve(),
    });
    await batch.written;
    expect(batch.outcomes).toEqual([{ kind: 'updated', id: stored._id }]);
    const jobs = await data.jobs.findWhereIn<{ location?: string }>('title', [
      'Analyst',
      'analyst',
    ]);
    expect(jobs.map((job) => job.location)).toEqual(['Berlin']);
  });

  it('an import finds a keyed record by its key whatever its spelling: updated, no insert refused, no contention', async () => {
    const { data } = newUser();
    const stored = await data.jobs.create({ company: 'ACme', title: 'Engineer' });
    const kind = jobKind(data);
    await kind.prime();
    const inserts = vi.spyOn(data.jobs, 'insertChecked');
    const fields = { company: 'acme', title: 'engineer', location: 'Berlin' };
    const batch = await writeBatch(kind, [candidateFor(2, fields)], {
      dryRun: false,
      now: new Date(),
      settled: () => Promise.resolve(),
    });
    await batch.written;
    expect(batch.outcomes).toEqual([{ kind: 'updated', id: stored._id }]);
    expect(inserts.mock.calls.flatMap(([records]) => records)).toEqual([]);
    expect(kind.contended).not.toBe(true);
    expect((await data.jobs.findById(stored._id))?.location).toBe('Berlin');
  });

  it('an import still finds a record stored before natural keys (no key yet) by its spelling', async () => {
    const { data } = newUser();
    const stored = await data.jobs.create({ company: 'Initech', title: 'Analyst' });
    // As a record from before the keys: no naturalKey (migration 2 has not run).
    const { model } = data.jobs as unknown as { model: Model<unknown> };
    await model.collection.updateOne({ _id: stored._id }, { $unset: { naturalKey: 1 } });
    expect(await jobsUnder(data, jobKey(stored))).toEqual([]);
    const kind = jobKind(data);
    await kind.prime();
    const fields = { company: 'INITECH', title: 'analyst', location: 'Austin' };
    const batch = await writeBatch(kind, [candidateFor(2, fields)], {
      dryRun: false,
      now: new Date(),
      settled: () => Promise.resolve(),
    });
    await batch.written;
    expect(batch.outcomes).toEqual([{ kind: 'updated', id: stored._id }]);
    expect((await data.jobs.findById(stored._id))?.location).toBe('Austin');
  });

  it('a batch change applies only while the key fields are as read', async () => {
    const { data } = newUser();
    const job = await data.jobs.create({ company: 'Initech', title: 'Analyst' });
    await data.jobs.update(job._id, { company: 'Initrode' });
    const failures = await data.jobs.setChecked([
      {
        id: job._id,
        set: { company: 'INITECH', naturalKey: '["initech","analyst"]' },
        expect: { company: 'Initech', title: 'Analyst' },
      },
    ]);
    expect(failures).toEqual([{ index: 0, message: 'it was changed meanwhile', duplicate: false }]);
    expect(await jobsUnder(data, '["initrode","analyst"]')).toEqual([job._id.toHexString()]);
  });

  it('a batch change of key fields gets its new key from the repository (a marked key kept while it means the same)', async () => {
    const { data } = newUser();
    const job = await data.jobs.create({ company: 'Initech', title: 'Analyst' });
    const asRead = { company: 'Initech', title: 'Analyst' };
    expect(
      await data.jobs.setChecked([{ id: job._id, set: { title: 'Lead' }, expect: asRead }]),
    ).toEqual([]);
    expect(await jobsUnder(data, '["initech","lead"]')).toEqual([job._id.toHexString()]);

    const { _id: id } = await data.jobs.create({ company: 'Initech', title: 'Lead (2)' });
    const marked = markedDuplicateKey('["initech","lead"]', id);
    await data.jobs.setChecked([{ id, set: { title: 'Lead', naturalKey: marked } }]);
    const spelling = [
      { id, set: { company: 'INITECH' }, expect: { company: 'Initech', title: 'Lead' } },
    ];
    expect(await data.jobs.setChecked(spelling)).toEqual([]);
    expect(await jobsUnder(data, marked)).toEqual([id.toHexString()]);
  });

  it('the add commands answer a taken key with a conflict naming the record that has it', async () => {
    const { data } = newUser();
    const course = await addActivity(data, { title: 'DDIA', type: 'course', provider: "O'Reilly" });
    const again = await addActivity(data, {
      title: ' ddia',
      type: 'course',
      provider: "o'reilly",
    }).catch((error: unknown) => error);
    expect(again).toMatchObject({
      existing: { kind: 'learning activity', id: course._id.toHexString() },
    });
    expect(wordError(again, ['learn', 'add'])).toMatchObject({
      message: `a course 'DDIA' from O'Reilly is already in your learning: ${course._id.toHexString()}`,
      hint: `see it with \`career learn show ${course._id.toHexString()}\``,
    });
    // A contact with neither email nor URL is keyed by name and company ('' for none).
    const alan = await addContact(data, { name: 'Alan' });
    const twice = await addContact(data, { name: 'alan ' }).catch((error: unknown) => error);
    expect(wordError(twice, ['contact', 'add'])).toMatchObject({
      message: `a contact with the name Alan and no company already exists: Alan (${alan._id.toHexString()})`,
      hint: `see it with \`career contact show ${alan._id.toHexString()}\`; give an --email or --company to tell them apart`,
    });
    await addContact(data, { name: 'Alan', company: 'Bletchley' });
    const grace = await addContact(data, { name: 'Grace', linkedinUrl: 'https://x.example/grace' });
    // An update that would give it another's key changes nothing.
    await expect(
      updateContact(data, grace._id.toHexString(), { clear: ['linkedinUrl'], name: 'Alan' }),
    ).rejects.toThrow(/a contact with the name Alan and no company already exists: Alan/);
    const after = await data.contacts.findById(grace._id);
    expect(after).toMatchObject({ name: 'Grace', linkedinUrl: 'https://x.example/grace' });
  });
});
