// MongoDB's 16 MB limit on one document, as a clear usage error. A write whose update (or
// document) is itself over the limit is refused before it is sent (the driver would fail with
// a RangeError from its serializer); one whose result would pass it is refused by the server
// with BSONObjectTooLarge (10334), on both backends. Either way nothing was changed. The
// error names no command: what to do instead is for the command's service to say (the coach's
// conversation, say).
import { calculateObjectSize } from 'bson';
import type { MongooseQueryMiddleware, Query, Schema } from 'mongoose';
import { MAX_BSON_NESTING, MAX_BSON_OBJECT_SIZE } from '../engine/codec.js';
import { DocumentTooLargeError } from '../domain/errors.js';

/** maxBsonObjectSize: the largest document MongoDB stores (the engine's, defined there). */
export const MAX_DOCUMENT_BYTES = MAX_BSON_OBJECT_SIZE;
/** How deeply MongoDB lets a document nest objects and arrays. */
export const MAX_NESTING = MAX_BSON_NESTING;
const BSON_OBJECT_TOO_LARGE = 10334;

/**
 * Whether a value (as JSON.parse or EJSON makes it) nests more than `limit` levels. Walked with
 * a stack of its own: the value may be as deep as the text it came from is long.
 */
export function nestedDeeperThan(value: unknown, limit = MAX_NESTING): boolean {
  const pending: Array<{ node: object; depth: number }> = [];
  if (typeof value === 'object' && value !== null) pending.push({ node: value, depth: 1 });
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (next.depth > limit) return true;
    const children = Array.isArray(next.node) ? next.node : Object.values(next.node);
    for (const child of children as unknown[]) {
      if (typeof child === 'object' && child !== null) {
        pending.push({ node: child, depth: next.depth + 1 });
      }
    }
  }
  return false;
}

const UPDATES: MongooseQueryMiddleware[] = [
  'updateOne',
  'updateMany',
  'findOneAndUpdate',
  'replaceOne',
  'findOneAndReplace',
];
const QUERIES_ONLY = { document: false, query: true } as const;

/** "DevelopmentActivity" -> "development activity". */
function noun(modelName: string): string {
  return modelName.replace(/(?<=[a-z])(?=[A-Z])/g, ' ').toLowerCase();
}

export function documentTooLarge(
  modelName: string | undefined,
  cause?: unknown,
): DocumentTooLargeError {
  const what = modelName === undefined ? 'a record' : `the ${noun(modelName)}`;
  return new DocumentTooLargeError(what, { cause });
}

export function isDocumentTooLarge(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    error.code === BSON_OBJECT_TOO_LARGE
  );
}

/**
 * The BSON size of `value` plus `extraBytes` when that is past the limit; undefined when it
 * is within it (or `value` is not a document).
 */
export function sizeOverLimit(value: unknown, extraBytes = 0): number | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const bytes = calculateObjectSize(value as Record<string, unknown>) + extraBytes;
  return bytes > MAX_DOCUMENT_BYTES ? bytes : undefined;
}

function overLimit(value: unknown): boolean {
  return sizeOverLimit(value) !== undefined;
}

interface WithModel {
  model?: { modelName?: string };
  constructor: { modelName?: string };
}

function modelNameOf(context: WithModel): string | undefined {
  return context.model?.modelName ?? context.constructor.modelName;
}

/** A Mongoose plugin (registered globally in mongoose.ts): the limit as a usage error. */
export function documentLimitPlugin(schema: Schema): void {
  schema.pre(UPDATES, QUERIES_ONLY, function (this: Query<unknown, unknown>) {
    if (overLimit(this.getUpdate())) throw documentTooLarge(this.model.modelName);
  });
  schema.pre('save', function () {
    if (overLimit(this.toObject({ depopulate: true }))) {
      throw documentTooLarge(modelNameOf(this as unknown as WithModel));
    }
  });
  const translate = function (
    this: WithModel,
    error: Error,
    _result: unknown,
    next: (error?: Error) => void,
  ): void {
    next(isDocumentTooLarge(error) ? documentTooLarge(modelNameOf(this), error) : error);
  };
  schema.post(UPDATES, { ...QUERIES_ONLY, errorHandler: true }, translate);
  schema.post('save', { errorHandler: true }, translate);
}
