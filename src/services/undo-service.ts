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
  /** Whether it ran as one transaction (all or nothing). */
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
 * Undoes the newest `options.steps` steps of the user: checks them all, then reverses them,
 * in one transaction where the deployment has them.
 */
export async function undo(
  connection: Connection,
  data: UserRepositories,
  options: UndoOptions,
): Promise<UndoReport> {
  const { result, transaction } = await inTransactionIfSupported(connection, async () => {
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
    await data.journal.reverse(steps);
    return {
      undone: steps.map(({ changes: _changes, ...view }) => view),
      overridden: conflicts.length,
    };
  });
  return { ...result, transaction };
}
