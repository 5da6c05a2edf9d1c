// The positional `$` of an update ('items.$.qty') names the first array element the query
// matched. The engine resolves it to a concrete index before handing the update to mingo,
// whose updater would otherwise treat two `$` paths into one array as conflicting.
import type { Document } from 'bson';
import { ErrorCode } from '../errors.js';
import { compileFilter } from './filter.js';
import { getPath, setPath } from './paths.js';
import { isPlainObject } from './plain.js';
import { queryError } from './query-errors.js';

const notFound = (): Error =>
  queryError(
    ErrorCode.BadValue,
    'The positional operator did not find the match needed from the query.',
  );

/** The query's conditions on `arrayPath` or below it (top level and inside $and). */
function conditionsOn(query: Document, arrayPath: string): Document[] {
  const found: Document[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (key === '$and' && Array.isArray(value)) {
      for (const part of value)
        if (isPlainObject(part)) found.push(...conditionsOn(part, arrayPath));
    } else if (key === arrayPath || key.startsWith(`${arrayPath}.`)) {
      found.push({ [key]: value });
    }
  }
  return found;
}

/** Index of the first element of the array at `arrayPath` that the query's conditions on it match. */
function matchedIndex(doc: Document, arrayPath: string, query: Document): number {
  const array = getPath(doc, arrayPath);
  const conditions = conditionsOn(query, arrayPath);
  if (!Array.isArray(array) || conditions.length === 0) throw notFound();
  const matches = compileFilter(
    conditions.length === 1 ? (conditions[0] as Document) : { $and: conditions },
  );
  for (let index = 0; index < array.length; index++) {
    const probe: Record<string, unknown> = {};
    setPath(probe, arrayPath, [array[index]]);
    if (matches(probe)) return index;
  }
  throw notFound();
}

/** Rewrites every `$` path segment of the operators into the index the query matched. */
export function resolvePositional(doc: Document, operators: Document, query: Document): Document {
  const indexes = new Map<string, number>();
  const resolved: Document = {};
  for (const [operator, fields] of Object.entries(operators)) {
    if (!isPlainObject(fields)) {
      resolved[operator] = fields;
      continue;
    }
    const out: Document = {};
    for (const [path, value] of Object.entries(fields)) {
      const segments = path.split('.');
      const at = segments.indexOf('$');
      if (at < 1) {
        out[path] = value;
        continue;
      }
      const arrayPath = segments.slice(0, at).join('.');
      let index = indexes.get(arrayPath);
      if (index === undefined) {
        index = matchedIndex(doc, arrayPath, query);
        indexes.set(arrayPath, index);
      }
      segments[at] = String(index);
      out[segments.join('.')] = value;
    }
    resolved[operator] = out;
  }
  return resolved;
}

/** The identifier an array filter is about: its top-level keys all start with it ('x' or 'x.f'). */
function identifierOf(filter: Document): string | undefined {
  const [first] = Object.keys(filter);
  return first?.split('.')[0];
}

/** Every concrete path a path with `$[]` / `$[id]` segments stands for in this document. */
function expandPath(
  doc: unknown,
  segments: string[],
  filters: Map<string, (element: unknown) => boolean>,
): string[][] {
  const at = segments.findIndex((segment) => segment.startsWith('$['));
  if (at < 0) return [segments];
  const prefix = segments.slice(0, at);
  const array = getPath(doc, prefix.join('.'));
  if (!Array.isArray(array)) {
    throw queryError(
      ErrorCode.BadValue,
      `The path '${prefix.join('.')}' must exist in the document in order to apply array updates.`,
    );
  }
  const segment = segments[at] as string;
  const identifier = segment.slice(2, -1);
  const matches = identifier === '' ? () => true : filters.get(identifier);
  if (!matches) {
    throw queryError(
      ErrorCode.BadValue,
      `No array filter found for identifier '${identifier}' in path '${segments.join('.')}'`,
    );
  }
  const expanded: string[][] = [];
  array.forEach((element, index) => {
    if (!matches(element)) return;
    expanded.push(
      ...expandPath(doc, [...prefix, String(index), ...segments.slice(at + 1)], filters),
    );
  });
  return expanded;
}

/**
 * Rewrites `$[]` and `$[id]` path segments into the indexes of the elements they select
 * (judged on the document before the update, as MongoDB does), so mingo gets plain paths.
 */
export function resolveArrayFilters(
  doc: Document,
  operators: Document,
  arrayFilters: Document[],
): Document {
  const filters = new Map<string, (element: unknown) => boolean>();
  for (const filter of arrayFilters) {
    const identifier = identifierOf(filter);
    if (identifier === undefined) continue;
    const matches = compileFilter(filter);
    filters.set(identifier, (element) => matches({ [identifier]: element }));
  }
  const resolved: Document = {};
  for (const [operator, fields] of Object.entries(operators)) {
    if (!isPlainObject(fields)) {
      resolved[operator] = fields;
      continue;
    }
    const out: Document = {};
    for (const [path, value] of Object.entries(fields)) {
      if (!path.includes('$[')) {
        out[path] = value;
        continue;
      }
      for (const segments of expandPath(doc, path.split('.'), filters))
        out[segments.join('.')] = value;
    }
    resolved[operator] = out;
  }
  return resolved;
}
