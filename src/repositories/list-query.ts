// Paging and sorting for listings (limit, page, sort "FIELD[:desc]"), checked against the
// fields a listing allows so user input never reaches the query as an operator.
import { findChoice } from '../domain/choices.js';
import { UsageError } from '../domain/errors.js';
import { FieldError } from '../domain/field-error.js';

export interface ListQuery {
  limit: number;
  /** 1-based. */
  page: number;
  sort: { field: string; direction: 1 | -1 };
}

export const DEFAULT_LIMIT = 50;

export function parseListQuery(
  options: { limit?: string; page?: string; sort?: string },
  allowedSortFields: readonly string[],
  defaultSort: ListQuery['sort'],
): ListQuery {
  const limit =
    options.limit === undefined ? DEFAULT_LIMIT : positiveInteger(options.limit, 'limit');
  const page = options.page === undefined ? 1 : positiveInteger(options.page, 'page');
  let sort = defaultSort;
  if (options.sort !== undefined) {
    const [typed = '', typedDirection = 'asc'] = options.sort.split(':');
    // Read as every choice is: any case, a unique start ("created" -> createdAt).
    const field = findChoice(typed, allowedSortFields);
    if (field.kind !== 'match') {
      throw new UsageError(`cannot sort by '${typed}'`, {
        hint: `sort by one of: ${allowedSortFields.join(', ')} (add :desc to reverse)`,
      });
    }
    const direction = findChoice(typedDirection, ['asc', 'desc']);
    if (direction.kind !== 'match') {
      throw new UsageError(`sort direction must be asc or desc, not '${typedDirection}'`);
    }
    sort = { field: field.value, direction: direction.value === 'desc' ? -1 : 1 };
  }
  return { limit, page, sort };
}

function positiveInteger(text: string, field: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    throw new FieldError({
      field,
      problem: 'must-be',
      detail: 'a positive whole number',
      value: text,
    });
  }
  return value;
}

/** The Mongoose query options for a ListQuery (sort with _id as tie-breaker, skip, limit). */
export function queryOptions(query: ListQuery): {
  sort: Record<string, 1 | -1>;
  skip: number;
  limit: number;
} {
  return {
    sort: { [query.sort.field]: query.sort.direction, _id: query.sort.direction },
    skip: (query.page - 1) * query.limit,
    limit: query.limit,
  };
}
