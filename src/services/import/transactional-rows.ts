// One batch of rows written in one transaction, all or nothing: a crash or a kill leaves
// whole batches, and a batch that fails half-way leaves none of its records.
//
// The batch is planned outside the transaction (while the one before is being written, as
// plain batches are), then its writes are applied in a transaction of their own, after the
// batch before has committed. A write conflict (another import writing meanwhile) is a
// TransientTransactionError: the driver runs the transaction again, with backoff, and the
// plan still holds (the unique indexes have the last word). A write the database refuses
// ends the transaction, and the batch is planned again inside the next one, which reads its
// own snapshot: a record refused as a duplicate (another writer stored its key) is looked
// for among the records holding the keys; a row refused for another reason is rejected
// (its line and reason, as a plain batch rejects it) and the others are planned without it.
import type { ClientSession, Connection } from 'mongoose';
import { inTransaction } from '../../db/transactions.js';
import { changesOf, refusal, type BatchOptions, type BatchPlan } from './batch-writer.js';
import type { MappedRow } from './row-mapper.js';
import {
  planRows,
  type ImportKinds,
  type PlannedStep,
  type RowsPlan,
  type RowsWrite,
} from './rows.js';

/** A write of the batch the database refused: the batch positions of its rows, and why. */
interface Refusal {
  rows: number[];
  reason: string;
  /** Refused as a duplicate insert: its key is held by another record (planned again). */
  taken: boolean;
}

/** The database refused part of the batch: its transaction is over. */
class BatchRefusedError extends Error {
  constructor(
    readonly plan: BatchPlan,
    readonly refusals: Refusal[],
  ) {
    super('the database refused part of an import batch');
  }
}

/** The rows of a refused write, by batch position. */
function rowsOf(step: PlannedStep, candidatePositions: readonly number[]): number[] {
  return candidatePositions.map((at) => step.rowsAt[at] as number);
}

/** Applies one kind's plan in the session's transaction; what the database refused. */
async function applyStep(step: PlannedStep, session: ClientSession, now: Date): Promise<Refusal[]> {
  const { kind, pending } = step.plan as BatchPlan;
  const inserts = pending.filter((entry) => entry.isNew);
  const inserted = await kind.repository.insertChecked(
    inserts.map((entry) => entry.record),
    session,
  );
  const refusals: Refusal[] = inserted.failures.map((failure) => ({
    rows: rowsOf(step, inserts[failure.index]?.rows ?? []),
    reason: step.reasonPrefix + failure.message,
    taken: failure.duplicate,
  }));
  if (refusals.length > 0) return refusals;
  const changed = pending.filter((entry) => !entry.isNew);
  const failures = await kind.repository.setChecked(changesOf(changed, now), session);
  return failures.map((failure) => ({
    rows: rowsOf(step, changed[failure.index]?.rows ?? []),
    reason: step.reasonPrefix + refusal(failure),
    taken: false,
  }));
}

async function applyRows(plan: RowsPlan, session: ClientSession, now: Date): Promise<RowsPlan> {
  for (const step of plan.steps) {
    const refusals = await applyStep(step, session, now);
    if (refusals.length > 0) throw new BatchRefusedError(step.plan, refusals);
  }
  return plan;
}

/** A plan of the rows that are not excluded; the excluded rows rejected for their reason. */
async function planWithout(
  kinds: ImportKinds,
  rows: readonly MappedRow[],
  excluded: ReadonlyMap<number, string>,
  options: BatchOptions,
): Promise<RowsPlan> {
  const kept = rows.map((_, index) => index).filter((index) => !excluded.has(index));
  const plan = await planRows(
    kinds,
    kept.map((index) => rows[index] as MappedRow),
    options,
  );
  const outcomes: RowsPlan['outcomes'] = [];
  for (const [index, reason] of excluded) outcomes[index] = { kind: 'rejected', reason };
  plan.outcomes.forEach((outcome, at) => (outcomes[kept[at] as number] = outcome));
  const steps = plan.steps.map((step) => ({
    ...step,
    rowsAt: step.rowsAt.map((at) => kept[at] as number),
  }));
  return { ...plan, outcomes, steps };
}

/**
 * Writes the planned batch in a transaction (after `options.settled`), planning it again
 * inside the next transaction while the database refuses part of it; the plan that
 * committed. Each plan again makes progress, so this ends: a kind planned without
 * contention is planned again with it, a contended plan's refused rows are rejected, and a
 * rejected row is not planned again.
 */
export async function commitRows(
  connection: Connection,
  kinds: ImportKinds,
  rows: readonly MappedRow[],
  first: RowsPlan,
  options: BatchOptions,
): Promise<RowsPlan> {
  const excluded = new Map<number, string>();
  // Inside the transaction, what is stored is read in its own snapshot: nothing to wait for.
  const replanning = { ...options, settled: () => Promise.resolve() };
  let planned: RowsPlan | undefined = first;
  for (;;) {
    try {
      return await inTransaction(connection, async (session) => {
        const plan = planned ?? (await planWithout(kinds, rows, excluded, replanning));
        return applyRows(plan, session, options.now);
      });
    } catch (error) {
      if (!(error instanceof BatchRefusedError)) throw error;
      // Refused as duplicates: looked for among the records holding their keys, once.
      const taken = error.refusals.some((refused) => refused.taken);
      const lookAgain = taken && !error.plan.contended;
      if (taken) error.plan.kind.contended = true;
      for (const refused of error.refusals) {
        if (refused.taken && lookAgain) continue;
        for (const row of refused.rows) excluded.set(row, refused.reason);
      }
      planned = undefined;
    }
  }
}

/**
 * Plans one batch of rows now (nothing written), and writes it in a transaction once the
 * batches before it are written: the outcomes are final once `written` resolves.
 */
export async function writeRowsInTransaction(
  connection: Connection,
  kinds: ImportKinds,
  rows: readonly MappedRow[],
  options: BatchOptions,
): Promise<RowsWrite> {
  const first = await planRows(kinds, rows, options);
  const write: RowsWrite = { outcomes: [], written: Promise.resolve() };
  write.written = options.settled().then(async () => {
    const committed = await commitRows(connection, kinds, rows, first, options);
    committed.outcomes.forEach((outcome, index) => (write.outcomes[index] = outcome));
    if (committed.related) write.related = committed.related;
  });
  return write;
}
