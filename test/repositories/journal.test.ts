// The undo journal below the CLI, against the embedded engine: a step's journal entry is
// written in its change's transaction (an aborted transaction leaves neither), the journal is
// pruned to the newest 100 steps of the last 30 days per user, a step too large to keep cannot
// be undone, and writes outside a step are not journaled.
import { Types, type Connection } from 'mongoose';
import { describe, expect, it, vi } from 'vitest';
import { inTransaction } from '../../src/db/transactions.js';
import { ConflictError } from '../../src/domain/errors.js';
import type { Repositories } from '../../src/repositories/index.js';
import {
  journalCollection,
  KEPT_DAYS,
  KEPT_STEPS,
  pruneJournal,
  STEP_BYTES_LIMIT,
} from '../../src/repositories/journal-step.js';
import { undo } from '../../src/services/undo-service.js';
import { testBackend } from '../helpers/database.js';
import { useIsolatedRepositories } from '../helpers/suites.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const repositories = useIsolatedRepositories();
const DAY = 24 * 3600 * 1000;
// A standalone mongod (mongodb-memory-server's default) has no transactions to check.
const withTransactions = testBackend() === 'engine';

function connectionOf(opened: Repositories): Connection {
  return (opened as unknown as { connection: Connection }).connection;
}

describe('the undo journal', () => {
  it.runIf(withTransactions)('is written in the transaction of the change it records', async () => {
    const opened = repositories();
    const connection = connectionOf(opened);
    const userId = new Types.ObjectId();
    const data = opened.forUser(userId);
    const journal = journalCollection(connection);
    await expect(
      opened.recordStep(userId, 'job add', () =>
        inTransaction(connection, async () => {
          await data.jobs.create({ company: 'Acme', title: 'Aborted' });
          throw new Error('the command failed after its write');
        }),
      ),
    ).rejects.toThrow('the command failed');
    expect(await data.jobs.hasAny()).toBe(false);
    expect(await journal.countDocuments({ userId })).toBe(0);
    await opened.recordStep(userId, 'job add', () =>
      inTransaction(connection, () => data.jobs.create({ company: 'Acme', title: 'Kept' })),
    );
    expect(await journal.countDocuments({ userId })).toBe(1);
    // Outside a step (a migration, a restore): nothing is journaled.
    await data.jobs.create({ company: 'Acme', title: 'Unjournaled' });
    expect(await journal.countDocuments({ userId })).toBe(1);
  });

  it('keeps the newest 100 steps of the last 30 days, per user', async () => {
    const connection = connectionOf(repositories());
    const journal = journalCollection(connection);
    const now = new Date();
    const mine = new Types.ObjectId();
    const theirs = new Types.ObjectId();
    const step = (userId: Types.ObjectId, at: Date) => ({
      userId,
      at,
      command: 'job add',
      changes: [],
      counts: {},
      bytes: 0,
    });
    const recent = Array.from({ length: KEPT_STEPS + 5 }, (_, index) =>
      step(mine, new Date(now.getTime() - index * 60_000)),
    );
    await journal.insertMany([
      ...recent,
      step(mine, new Date(now.getTime() - (KEPT_DAYS + 1) * DAY)),
      step(theirs, new Date(now.getTime() - (KEPT_DAYS + 1) * DAY)),
      step(theirs, now),
    ]);
    // A part of a step kept and a part of a step pruned (past the newest 100).
    const keptStep = await journal.findOne({ userId: mine, at: recent[0]?.at });
    const prunedStep = await journal.findOne({ userId: mine, at: recent[KEPT_STEPS]?.at });
    await journal.insertMany([
      { userId: mine, at: recent[0]?.at, stepId: keptStep?._id, seq: 1, changes: [] },
      { userId: mine, at: recent[KEPT_STEPS]?.at, stepId: prunedStep?._id, seq: 1, changes: [] },
    ]);
    await pruneJournal(connection, mine, now);
    expect(await journal.countDocuments({ userId: mine, stepId: prunedStep?._id })).toBe(0);
    expect(await journal.countDocuments({ userId: mine, stepId: keptStep?._id })).toBe(1);
    await journal.deleteMany({ userId: mine, stepId: { $exists: true } });
    const kept = await journal.find({ userId: mine }).sort({ at: -1 }).toArray();
    expect(kept).toHaveLength(KEPT_STEPS);
    expect(kept.map((doc) => (doc.at as Date).getTime())).toEqual(
      recent.slice(0, KEPT_STEPS).map((doc) => doc.at.getTime()),
    );
    // Another user's steps are theirs to prune, when they next change something.
    expect(await journal.countDocuments({ userId: theirs })).toBe(2);
  });

  it('cannot undo a step that changed too much to keep', async () => {
    const opened = repositories();
    const connection = connectionOf(opened);
    const userId = new Types.ObjectId();
    const data = opened.forUser(userId);
    const big = (letter: string) => letter.repeat(Math.ceil(STEP_BYTES_LIMIT / 2) + 1024);
    const job = await data.jobs.create({ company: 'Acme', title: 'Big', url: big('a') });
    await opened.recordStep(userId, 'job update', async () => {
      await data.jobs.update(job._id, { url: big('b') });
      await data.jobs.update(job._id, { url: big('c') });
      await data.jobs.update(job._id, { url: big('d') });
    });
    const [listed] = await data.journal.list(10);
    expect(listed).toMatchObject({ command: 'job update', undoable: false });
    const stored = await journalCollection(connection).findOne({ userId });
    expect(stored?.changes).toEqual([]);
    const refused = undo(connection, data, { steps: 1, force: true });
    await expect(refused).rejects.toThrow(ConflictError);
    await expect(refused).rejects.toThrow(/changed too many records to be kept/);
    expect((await data.jobs.findById(job._id))?.url?.[0]).toBe('d');
  });

  it('finishes an undo interrupted between its transactions: records put back are no conflict', async () => {
    const opened = repositories();
    const connection = connectionOf(opened);
    const userId = new Types.ObjectId();
    const data = opened.forUser(userId);
    const job = await data.jobs.create({ company: 'Acme', title: 'Halfway' });
    let added: Types.ObjectId | undefined;
    await opened.recordStep(userId, 'job update', async () => {
      await data.jobs.update(job._id, { location: 'Berlin' });
      added = (await data.jobs.create({ company: 'Acme', title: 'Added' }))._id;
    });
    // As if the first of two transactions had run: the added job removed, the update not.
    const [step] = await data.journal.newest(1);
    const writes = data.journal.reversal(step ? [step] : []);
    expect(writes.map((write) => write.records)).toEqual([1, 1, 0]);
    await writes[0]?.run();
    expect(await data.jobs.findById(added as Types.ObjectId)).toBeUndefined();
    expect(await data.journal.conflicts(step ? [step] : [])).toEqual([]);
    await undo(connection, data, { steps: 1, force: false });
    expect((await data.jobs.findById(job._id))?.location).toBeUndefined();
    expect(await data.journal.count()).toBe(0);
  });

  it('undoes a step as a whole: every record it changed, newest change first', async () => {
    const opened = repositories();
    const connection = connectionOf(opened);
    const userId = new Types.ObjectId();
    const data = opened.forUser(userId);
    const kept = await data.jobs.create({ company: 'Acme', title: 'Kept' });
    await opened.recordStep(userId, 'job update', async () => {
      await data.jobs.update(kept._id, { location: 'Berlin' });
      await data.jobs.update(kept._id, { location: 'Paris' });
      const added = await data.jobs.create({ company: 'Acme', title: 'Added' });
      await data.jobs.update(added._id, { location: 'Rome' });
      await data.jobs.remove(kept._id);
    });
    // One step; its writes after the first are part documents of it (never one document
    // rewritten whole for each write), read back in order.
    const journal = journalCollection(connection);
    expect(await data.journal.count()).toBe(1);
    expect(await journal.countDocuments({ userId, stepId: { $exists: true } })).toBe(4);
    const [newest] = await data.journal.newest(1);
    expect(newest?.changes).toHaveLength(5);
    const report = await undo(connection, data, { steps: 1, force: false });
    expect(report.undone.map((step) => step.command)).toEqual(['job update']);
    expect(report.transaction).toBe(withTransactions);
    const jobs = [];
    for await (const job of data.jobs.streamAll<{ title: string; location?: string }>()) {
      jobs.push([job.title, job.location]);
    }
    expect(jobs).toEqual([['Kept', undefined]]);
    expect(await data.journal.count()).toBe(0);
    expect(await journal.countDocuments({ userId })).toBe(0);
  });
});
