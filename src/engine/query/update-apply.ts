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
import { preparePullConditions } from './filter-validation.js';
import { mingoOptions } from './mingo-options.js';
import { getPath, setPath, unsetPath, withIdFirst } from './paths.js';
import {
  bsonTypeOf,
  isPlainObject,
  setField,
  toPlain,
  toPlainLossy,
  toPlainTracked,
} from './plain.js';
import { queryError, withMongoErrors } from './query-errors.js';
import { applyRenames } from './rename.js';
import { retype } from './retype.js';
import type { ParsedUpdate } from './update-parse.js';
import { resolveArrayFilters, resolvePositional } from './positional.js';
import { applyDocumentPulls, type DocumentPull, takeDocumentPulls } from './pull-documents.js';
import { checkOperatorUpdate } from './update-checks.js';
import { updateTypingHints } from './update-typing.js';

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
    for (const [key, item] of Object.entries(value)) setField(out, key, cloneStructure(item));
    return out as T;
  }
  return value;
}

function sameId(a: unknown, b: unknown): boolean {
  return bsonTypeOf(a) === bsonTypeOf(b) && typeof a === typeof b && compareValues(a, b) === 0;
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
  checkOperatorUpdate(doc, effective, arrayFilters);
  const plainDoc = toPlainLossy(doc) as AnyObject;
  const usesPositional = Object.values(effective).some((fields) =>
    Object.keys(fields as Document).some((path) => path.split('.').includes('$')),
  );
  if (usesPositional && !context.query) {
    throw queryError(
      ErrorCode.BadValue,
      'The positional operator did not find the match needed from the query.',
    );
  }
  // `$`, `$[]` and `$[id]` become concrete indexes here, so mingo sees plain paths (its
  // updater would refuse two such paths into one array as a conflict).
  let operatorsToApply = toPlainLossy(effective) as Document;
  if (usesPositional && context.query) {
    operatorsToApply = resolvePositional(
      plainDoc,
      operatorsToApply,
      toPlainLossy(context.query) as Document,
    );
  }
  operatorsToApply = resolveArrayFilters(
    plainDoc,
    operatorsToApply,
    arrayFilters.map((filter) => toPlainLossy(filter) as Document),
  );
  const renames = isPlainObject(operatorsToApply.$rename) ? operatorsToApply.$rename : {};
  delete operatorsToApply.$rename;
  let documentPulls: DocumentPull[] = [];
  if (isPlainObject(operatorsToApply.$pull)) {
    const taken = takeDocumentPulls(operatorsToApply.$pull, context.variables);
    documentPulls = taken.documentPulls;
    const { $pull: _taken, ...others } = operatorsToApply;
    operatorsToApply = Object.keys(taken.rest).length
      ? { ...others, $pull: preparePullConditions(taken.rest) }
      : others;
  }
  if (Object.keys(operatorsToApply).length > 0) {
    withMongoErrors(() =>
      mingoUpdate(plainDoc, operatorsToApply as AnyObject, [], undefined, {
        // The operators are a private copy made above, so values need no cloning; mingo's deep
        // clone assigns each key, which turns a `__proto__` field into a prototype.
        cloneMode: 'none',
        queryOptions: mingoOptions({ idKey: UNGUARDED_ID_KEY, variables: context.variables }),
      }),
    );
  }
  applyDocumentPulls(plainDoc, documentPulls);
  applyRenames(plainDoc, renames);
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
  const updated = retype(result, doc) as Document;
  // Like a replacement, a pipeline that drops _id keeps the original one.
  return '_id' in doc && !('_id' in updated) ? { _id: doc._id, ...updated } : withIdFirst(updated);
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
  try {
    return Buffer.compare(encode(a), encode(b)) === 0;
  } catch (error) {
    // Past the serializer's 17 MB buffer: not the stored document (never that large), and
    // refused for its size when it is written (encodeChecked).
    if (error instanceof RangeError) return false;
    throw error;
  }
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
