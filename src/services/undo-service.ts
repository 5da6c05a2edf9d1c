// `undo`: reverses the user's newest steps (one command each) from the journal the
// repositories keep (src/repositories/journal-step.ts), all of them or none where the
// deployment has transactions. A step is refused when a record it changed was changed since
// by anything the journal did not see (another tool on the database, a step too large to
// keep), unless forced: undoing it would silently lose that change. Undoing is not itself
// a step: it cannot be undone.
import type { Connection } from 'mongoose';
import { inTransactionIfSupported } from '../db/transactions.js';
import { formatDate } from '../domain/dates.js';
import { ConflictError, NotFoundError } from '../domain/errors.js';
import { FieldError } from '../domain/field-error.js';
import { field, say, step } from '../domain/phrases.js';
import {
  KEPT_STEPS,
  shortId,
  type JournalConflict,
  type JournalStepView,
  type ReversalWrite,
  type UserRepositories,
} from '../repositories/index.js';

export type { JournalStepView };

export interface UndoOptions {
  /** How many steps, newest first. */
  steps: number;
  /** Undo even the records changed since (their later changes are lost). */
  force: boolean;
}

export interface UndoReport {
  /** The steps undone, newest first. */
  undone: JournalStepView[];
  /** Records that had changed since and were undone anyway (with force). */
  overridden: number;
  /** Whether it ran in transactions (all or nothing, up to UNDO_BATCH_RECORDS records). */
  transaction: boolean;
}

/** The steps that can be undone, newest first (at most KEPT_STEPS: the journal keeps no more). */
export function undoableSteps(data: UserRepositories): Promise<JournalStepView[]> {
  return data.journal.list(KEPT_STEPS);
}

/** --steps: a whole number from 1 to KEPT_STEPS. */
export function parseSteps(text: string): number {
  const steps = /^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!Number.isInteger(steps) || steps < 1 || steps > KEPT_STEPS) {
    throw new FieldError({
      field: 'steps',
      problem: 'must-be',
      detail: `a whole number from 1 to ${KEPT_STEPS}`,
      value: text,
    });
  }
  return steps;
}

/** How a step is named in messages: its command and when it ran. */
export function stepName(view: Pick<JournalStepView, 'command' | 'at'>): string {
  const command = view.command === '' ? 'a command' : `\`${view.command}\``;
  return `${command} (${formatDate(view.at, true)})`;
}

const PROBLEMS: Record<JournalConflict['problem'], string> = {
  changed: 'was changed',
  gone: 'was deleted',
  back: 'was stored again',
};

function conflictError(conflicts: readonly JournalConflict[]): ConflictError {
  const [first] = conflicts;
  const more = conflicts.length > 1 ? ` (and ${conflicts.length - 1} more)` : '';
  const what = first === undefined ? 'a record' : `${first.kind} ${shortId(first.id)}`;
  const problem = first === undefined ? 'was changed' : PROBLEMS[first.problem];
  const since = first === undefined ? '' : ` since ${stepName(first.step)}`;
  return new ConflictError(`${what} ${problem}${since}${more}; nothing was undone`, {
    hint: say`pass ${field('force')} to undo it anyway (losing that change)`,
  });
}

/**
 * Records put back per transaction: an undo of more (a large import) runs in several, as the
 * import did, so that no transaction outlives the server's limit (60 s by default). Each
 * write is safe to run again, and a record already put back is no conflict: an undo
 * interrupted between them is finished by running it again.
 */
export const UNDO_BATCH_RECORDS = 1000;

/** The writes in runs of at most `limit` records (a write is never split). */
function inBatches(writes: readonly ReversalWrite[], limit: number): ReversalWrite[][] {
  const batches: ReversalWrite[][] = [[]];
  let records = 0;
  for (const write of writes) {
    const current = batches.at(-1) as ReversalWrite[];
    if (records + write.records > limit && current.length > 0) {
      batches.push([write]);
      records = write.records;
    } else {
      current.push(write);
      records += write.records;
    }
  }
  return batches;
}

async function runAll(writes: readonly ReversalWrite[]): Promise<void> {
  for (const write of writes) await write.run();
}

/**
 * Undoes the newest `options.steps` steps of the user: checks them all, then reverses them,
 * in one transaction where the deployment has them (in several past UNDO_BATCH_RECORDS).
 */
export async function undo(
  connection: Connection,
  data: UserRepositories,
  options: UndoOptions,
): Promise<UndoReport> {
  const first = await inTransactionIfSupported(connection, async () => {
    const steps = await data.journal.newest(options.steps);
    if (steps.length === 0) {
      throw new NotFoundError('nothing to undo', {
        hint: 'changes you make from now on can be undone, one command at a time',
      });
    }
    if (steps.length < options.steps) {
      throw new NotFoundError(
        `only ${steps.length} ${steps.length === 1 ? 'step' : 'steps'} can be undone`,
        { hint: say`see them with ${step('list-undo')}` },
      );
    }
    const barrier = steps.find((view) => !view.undoable);
    if (barrier !== undefined) {
      throw new ConflictError(
        `${stepName(barrier)} changed too many records to be kept in the journal; it cannot be undone, nor anything before it`,
        { hint: say`see what can be undone with ${step('list-undo')}` },
      );
    }
    const conflicts = await data.journal.conflicts(steps);
    if (conflicts.length > 0 && !options.force) throw conflictError(conflicts);
    const [now, ...later] = inBatches(data.journal.reversal(steps), UNDO_BATCH_RECORDS);
    await runAll(now ?? []);
    return {
      undone: steps.map(({ changes: _changes, ...view }) => view),
      overridden: conflicts.length,
      later,
    };
  });
  let transaction = first.transaction;
  for (const batch of first.result.later) {
    transaction &&= (await inTransactionIfSupported(connection, () => runAll(batch))).transaction;
  }
  const { undone, overridden } = first.result;
  return { undone, overridden, transaction };
}
