// find() projections: validated with MongoDB's rules and messages, evaluated by mingo over a
// plain view ($slice is applied here, since mingo treats it as an inclusion while MongoDB keeps
// the other fields), then re-typed so untouched values are the original bson objects.
import type { Document } from 'bson';
import { Query } from 'mingo/query';
import type { AnyObject } from 'mingo/types';
import { prepareFilter } from './filter-validation.js';
import { mingoOptions } from './mingo-options.js';
import { isNumeric, isPlainObject, numberOf, setField, toPlain } from './plain.js';
import { queryError, QueryErrorCode, withMongoErrors } from './query-errors.js';
import { retype } from './retype.js';

type Mode = 'inclusion' | 'exclusion';

interface SliceSpec {
  path: string[];
  skip: number;
  limit: number | undefined;
}

function modeOf(value: unknown): Mode | 'operator' {
  if (typeof value === 'boolean') return value ? 'inclusion' : 'exclusion';
  if (isNumeric(value)) return numberOf(value) ? 'inclusion' : 'exclusion';
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && (keys[0] === '$slice' || keys[0] === '$elemMatch')) return 'operator';
    if (keys[0]?.startsWith('$')) return 'inclusion';
    // A nested projection takes the mode of its own fields.
    for (const nested of Object.values(value)) {
      const mode = modeOf(nested);
      if (mode !== 'operator') return mode;
    }
    return 'operator';
  }
  // Literals (strings, null, dates, ...) are computed fields.
  return 'inclusion';
}

function parseSlice(path: string, argument: unknown): SliceSpec {
  if (isNumeric(argument)) {
    const n = Math.trunc(numberOf(argument));
    return n >= 0
      ? { path: path.split('.'), skip: 0, limit: n }
      : { path: path.split('.'), skip: n, limit: undefined };
  }
  if (
    Array.isArray(argument) &&
    argument.length === 2 &&
    argument.every((n: unknown) => isNumeric(n))
  ) {
    const limit = Math.trunc(numberOf(argument[1]));
    if (limit <= 0) throw queryError(QueryErrorCode.BadValue, '$slice limit must be positive');
    return { path: path.split('.'), skip: Math.trunc(numberOf(argument[0])), limit };
  }
  throw queryError(
    28667,
    'Invalid $slice syntax. The given syntax { $slice: <value> } did not match the find() syntax because :: Location31273: $slice only supports numbers and [skip, limit] arrays',
  );
}

function sliceArray(items: unknown[], spec: SliceSpec): unknown[] {
  const start = spec.skip < 0 ? Math.max(items.length + spec.skip, 0) : spec.skip;
  return items.slice(start, spec.limit === undefined ? undefined : start + spec.limit);
}

function applySlice(node: unknown, spec: SliceSpec, depth: number): void {
  if (Array.isArray(node)) {
    for (const item of node as unknown[]) applySlice(item, spec, depth);
    return;
  }
  if (!isPlainObject(node)) return;
  const part = spec.path[depth] as string;
  if (depth === spec.path.length - 1) {
    const value = node[part];
    if (Array.isArray(value)) node[part] = sliceArray(value, spec);
  } else applySlice(node[part], spec, depth + 1);
}

/** Puts fields back in the source document's order (mingo appends _id last), recursively. */
function inSourceOrder(value: unknown, source: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map((item: unknown, i) =>
      inSourceOrder(item, Array.isArray(source) ? source[i] : undefined),
    );
  }
  if (!isPlainObject(value)) return value;
  const sourceFields = isPlainObject(source) ? source : {};
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(sourceFields)) {
    if (Object.hasOwn(value, key)) setField(out, key, inSourceOrder(value[key], sourceFields[key]));
  }
  for (const [key, item] of Object.entries(value))
    if (!Object.hasOwn(out, key)) setField(out, key, item);
  return out;
}

export function compileProjection(
  projection: Document,
  options: { filter?: Document; variables?: Document } = {},
): (doc: Document) => Document {
  let mode: Mode | undefined;
  const spec: Document = {};
  const slices: SliceSpec[] = [];
  let positional = false;
  for (const [field, value] of Object.entries(projection)) {
    const fieldMode = modeOf(value);
    if (fieldMode === 'operator') {
      const operator = isPlainObject(value) ? Object.keys(value)[0] : undefined;
      if (operator === '$slice' && isPlainObject(value)) {
        slices.push(parseSlice(field, value.$slice));
        continue;
      }
      if (operator === '$elemMatch' && isPlainObject(value)) {
        // Prepared as a filter, so its regexes match in linear time.
        const prepared = prepareFilter({ [field]: { $elemMatch: toPlain(value.$elemMatch) } });
        spec[field] = prepared[field] as Document;
        continue;
      }
    } else if (field !== '_id') {
      // _id may be included or excluded whatever the projection's mode.
      if (mode && mode !== fieldMode) {
        throw mode === 'inclusion'
          ? queryError(
              QueryErrorCode.ProjectionExclusionInInclusion,
              `Cannot do exclusion on field ${field} in inclusion projection`,
            )
          : queryError(
              QueryErrorCode.ProjectionInclusionInExclusion,
              `Cannot do inclusion on field ${field} in exclusion projection`,
            );
      }
      mode = fieldMode;
    }
    if (field.endsWith('.$')) positional = true;
    spec[field] = value;
  }
  if (mode === 'inclusion') for (const slice of slices) spec[slice.path.join('.')] = 1;
  const plainSpec = toPlain(spec) as AnyObject;
  const projects = Object.keys(plainSpec).length > 0;
  const condition = positional && options.filter ? prepareFilter(toPlain(options.filter)) : {};
  if (positional && !options.filter) {
    throw queryError(QueryErrorCode.BadValue, 'positional operator (.$) requires a query filter');
  }
  const query = withMongoErrors(
    () => new Query(condition, mingoOptions({ variables: options.variables })),
  );
  return (doc) => {
    const plain = toPlain(doc) as AnyObject;
    let projected: unknown = plain;
    if (projects) {
      [projected] = withMongoErrors(() => query.find([plain], plainSpec).all());
      if (projected === undefined) {
        throw queryError(
          51246,
          "positional operator '.$' couldn't find a matching element in the array",
        );
      }
    }
    for (const slice of slices) applySlice(projected, slice, 0);
    return retype(inSourceOrder(projected, plain), doc) as Document;
  };
}
