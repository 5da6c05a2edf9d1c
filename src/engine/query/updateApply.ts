// Applying a parsed update to one document: operators through mingo's updater, pipelines through
// mingo's aggregation, replacements directly; the result is re-typed and compared byte-wise with
// the input to tell whether anything changed.
import type { Document } from 'bson';
import { Aggregator } from 'mingo/aggregator';
import { update as mingoUpdate } from 'mingo/updater';
import type { AnyObject } from 'mingo/types';
import { encode } from '../codec.js';
import { ErrorCode } from '../errors.js';
import { compareValues } from './compare.js';
import { prepareFilter } from './filterValidation.js';
import { mingoOptions } from './mingoOptions.js';
import { getPath, setPath, unsetPath, withIdFirst } from './paths.js';
import { bsonTypeOf, isNumeric, isPlainObject, toPlain, toPlainTracked } from './plain.js';
import { queryError, withMongoErrors } from './queryErrors.js';
import { retype } from './retype.js';
import type { ParsedUpdate } from './updateParse.js';
import { updateTypingHints } from './updateTyping.js';

export interface UpdateContext {
  arrayFilters?: Document[];
  query?: Document;
  isUpsertInsert: boolean;
  variables?: Document;
}

// mingo refuses updates touching its id key; the engine checks _id itself (an upsert may set it).
const UNGUARDED_ID_KEY = '\u0000no-id-guard';

const immutableId = (): Error =>
  queryError(
    ErrorCode.ImmutableField,
    "Performing an update on the path '_id' would modify the immutable field '_id'",
  );

/** Copies the object/array structure of a typed document, sharing its bson values. */
function cloneStructure<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item: unknown) => cloneStructure(item)) as T;
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = cloneStructure(item);
    return out as T;
  }
  return value;
}

function sameId(a: unknown, b: unknown): boolean {
  return bsonTypeOf(a) === bsonTypeOf(b) && typeof a === typeof b && compareValues(a, b) === 0;
}

const ARRAY_FILTER_IDENTIFIER = /^[a-z][a-zA-Z0-9]*$/;

function checkArrayFilters(operators: Document, arrayFilters: Document[]): void {
  const used = new Map<string, string>();
  for (const fields of Object.values(operators)) {
    for (const path of Object.keys(fields as Document)) {
      for (const match of path.matchAll(/\$\[([^\]]+)\]/g)) used.set(match[1] as string, path);
    }
  }
  const declared = new Set<string>();
  for (const filter of arrayFilters) {
    const identifiers = new Set(Object.keys(filter).map((key) => key.split('.')[0] as string));
    if (identifiers.size !== 1) {
      throw queryError(
        ErrorCode.FailedToParse,
        'Error parsing array filter :: caused by :: Expected a single top-level field name',
      );
    }
    const identifier = [...identifiers][0] as string;
    if (!ARRAY_FILTER_IDENTIFIER.test(identifier)) {
      throw queryError(
        ErrorCode.BadValue,
        `Error parsing array filter :: caused by :: The top-level field name must be an alphanumeric string beginning with a lowercase letter, found '${identifier}'`,
      );
    }
    if (declared.has(identifier)) {
      throw queryError(
        ErrorCode.FailedToParse,
        `Found multiple array filters with the same top-level field name ${identifier}`,
      );
    }
    declared.add(identifier);
  }
  for (const [identifier, path] of used) {
    if (!declared.has(identifier)) {
      throw queryError(
        ErrorCode.BadValue,
        `No array filter found for identifier '${identifier}' in path '${path}'`,
      );
    }
  }
  for (const identifier of declared) {
    if (!used.has(identifier)) {
      throw queryError(
        ErrorCode.FailedToParse,
        `The array filter for identifier '${identifier}' was not used in the update ${JSON.stringify(operators)}`,
      );
    }
  }
}

/** $inc/$mul need numbers on both sides (checked where the path has no positional parts). */
function checkArithmetic(doc: Document, operators: Document): void {
  for (const operator of ['$inc', '$mul'] as const) {
    const fields = operators[operator] as Document | undefined;
    if (!fields) continue;
    const verb = operator === '$inc' ? 'increment' : 'multiply';
    for (const [path, operand] of Object.entries(fields)) {
      if (!isNumeric(operand)) {
        throw queryError(
          ErrorCode.TypeMismatch,
          `Cannot ${verb} with non-numeric argument: {${path}: ${JSON.stringify(toPlain(operand))}}`,
        );
      }
      if (path.includes('$')) continue;
      const current = getPath(doc, path);
      if (current !== undefined && !isNumeric(current)) {
        throw queryError(
          ErrorCode.TypeMismatch,
          `Cannot apply ${operator} to a value of non-numeric type. {_id: ${JSON.stringify(toPlain(doc._id))}} has the field '${path}' of non-numeric type ${current === null ? 'null' : Array.isArray(current) ? 'array' : typeof current}`,
        );
      }
    }
  }
}

const typeNameOf = (value: unknown): string =>
  value === null
    ? 'null'
    : Array.isArray(value)
      ? 'array'
      : (bsonTypeOf(value)?.toLowerCase() ?? (typeof value === 'object' ? 'object' : typeof value));

const ARRAY_OPERATORS = new Set(['$push', '$addToSet', '$pop', '$pull', '$pullAll']);

/**
 * Checks mingo skips silently: a path cannot continue through a scalar (PathNotViable), and
 * array operators need an array (checked where the path has no positional parts).
 */
function checkPaths(doc: Document, operators: Document): void {
  for (const [operator, fields] of Object.entries(operators)) {
    if (operator === '$unset' || operator === '$rename') continue;
    for (const path of Object.keys(fields as Document)) {
      const parts = path.split('.');
      let node: unknown = doc;
      for (let i = 0; i < parts.length; i++) {
        const part = parts[i] as string;
        if (part.startsWith('$')) break;
        const isLast = i === parts.length - 1;
        let next: unknown;
        if (Array.isArray(node) && /^\d+$/.test(part)) next = node[Number(part)];
        else if (isPlainObject(node)) next = node[part];
        else {
          const parent = parts.slice(0, i).join('.');
          throw queryError(
            ErrorCode.PathNotViable,
            `Cannot create field '${part}' in element {${parent}: ${JSON.stringify(toPlain(node))}}`,
          );
        }
        if (isLast && next !== undefined && ARRAY_OPERATORS.has(operator) && !Array.isArray(next)) {
          throw queryError(
            ErrorCode.BadValue,
            operator === '$pull' || operator === '$pullAll'
              ? `Cannot apply ${operator} to a non-array value`
              : `The field '${path}' must be an array but is of type ${typeNameOf(next)} in document {_id: ${JSON.stringify(toPlain(doc._id))}}`,
          );
        }
        if (next === undefined) break;
        node = next;
      }
    }
  }
}

/** The original document as the renames see it, so renamed values keep their bson types. */
function originAfterRenames(doc: Document, operators: Document): Document {
  const renames = operators.$rename as Document | undefined;
  if (!renames) return doc;
  const origin = cloneStructure(doc);
  for (const [from, to] of Object.entries(renames)) {
    const value = getPath(doc, from);
    if (value === undefined) continue;
    unsetPath(origin, from);
    setPath(origin, to as string, value);
  }
  return origin;
}

function applyOperators(doc: Document, operators: Document, context: UpdateContext): Document {
  const effective: Document = { ...operators };
  delete effective.$setOnInsert;
  if (context.isUpsertInsert && operators.$setOnInsert) {
    effective.$set = {
      ...(operators.$set as Document | undefined),
      ...(operators.$setOnInsert as Document),
    };
  }
  const arrayFilters = context.arrayFilters ?? [];
  checkArrayFilters(effective, arrayFilters);
  checkArithmetic(doc, effective);
  checkPaths(doc, effective);
  const plainDoc = toPlain(doc) as AnyObject;
  const usesPositional = Object.values(effective).some((fields) =>
    Object.keys(fields as Document).some((path) => path.split('.').includes('$')),
  );
  // mingo re-matches the condition before updating; it is only needed to resolve `$`.
  const condition =
    usesPositional && context.query ? prepareFilter(toPlain(context.query)) : undefined;
  if (usesPositional && !condition) {
    throw queryError(
      ErrorCode.BadValue,
      'The positional operator did not find the match needed from the query.',
    );
  }
  withMongoErrors(() =>
    mingoUpdate(
      plainDoc,
      toPlain(effective) as AnyObject,
      arrayFilters.map((filter) => prepareFilter(toPlain(filter))),
      condition,
      {
        cloneMode: 'deep',
        queryOptions: mingoOptions({ idKey: UNGUARDED_ID_KEY, variables: context.variables }),
      },
    ),
  );
  return retype(
    plainDoc,
    originAfterRenames(doc, effective),
    updateTypingHints(effective),
  ) as Document;
}

function applyPipeline(doc: Document, stages: Document[], context: UpdateContext): Document {
  const aggregator = withMongoErrors(
    () =>
      new Aggregator(
        toPlain(stages) as AnyObject[],
        mingoOptions({ variables: context.variables }),
      ),
  );
  const [result] = withMongoErrors(() => aggregator.run([toPlainTracked(doc)]));
  if (!isPlainObject(result)) {
    throw queryError(ErrorCode.BadValue, 'The update pipeline did not produce a document');
  }
  return withIdFirst(retype(result, doc) as Document);
}

function applyReplacement(doc: Document, replacement: Document): Document {
  const copy = cloneStructure(replacement);
  if ('_id' in doc) {
    if ('_id' in copy && !sameId(copy._id, doc._id)) throw immutableId();
    const { _id: _ignored, ...rest } = copy;
    return { _id: doc._id, ...rest };
  }
  return withIdFirst(copy);
}

function sameBytes(a: Document, b: Document): boolean {
  return Buffer.compare(encode(a), encode(b)) === 0;
}

export function applyUpdate(
  doc: Document,
  update: ParsedUpdate,
  context: UpdateContext,
): { doc: Document; modified: boolean } {
  let result: Document;
  if (update.kind === 'replacement') result = applyReplacement(doc, update.doc);
  else {
    result =
      update.kind === 'operators'
        ? applyOperators(doc, update.operators, context)
        : applyPipeline(doc, update.stages, context);
    if ('_id' in doc && !('_id' in result && sameId(result._id, doc._id))) throw immutableId();
    if (context.isUpsertInsert) result = withIdFirst(result);
  }
  return { doc: result, modified: !sameBytes(doc, result) };
}
