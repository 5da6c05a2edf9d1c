// `career apply board`: applications as a kanban board, one column per status in pipeline
// order, newest change first; counted and grouped in the database.
import type { BoardCard } from '../repositories/application-repository.js';
import type { UserRepositories } from '../repositories/index.js';
import { FieldError } from '../domain/field-error.js';
import { field, say, step } from '../domain/phrases.js';
import { APPLICATION_STATUSES, type ApplicationStatus } from '../domain/pipeline.js';

export const MAX_CARDS = 1000;

export interface BoardColumn {
  status: ApplicationStatus;
  /** Every application with this status. */
  count: number;
  /** The cards shown (all of them, or the newest --limit). */
  cards: BoardCard[];
}

/** --limit: a whole number of cards per column, at least 1. */
export function parseCardLimit(text: string): number {
  const limit = /^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_CARDS) {
    throw new FieldError(
      {
        field: 'limit',
        problem: 'must-be',
        detail: `a whole number from 1 to ${MAX_CARDS}`,
        value: text,
      },
      { hint: say`e.g. ${step('this-command')} ${field('limit')} 5` },
    );
  }
  return limit;
}

/** Every status's column, empty ones included, in pipeline order. */
export async function loadBoard(data: UserRepositories, limit?: number): Promise<BoardColumn[]> {
  const rows = await data.applications.board(limit);
  const byStatus = new Map(rows.map((row) => [row.status, row]));
  return APPLICATION_STATUSES.map((status) => {
    const row = byStatus.get(status);
    return { status, count: row?.count ?? 0, cards: row?.cards ?? [] };
  });
}
