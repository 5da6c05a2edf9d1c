// MongoDB's 16 MB limit on one document, as a clear usage error. A write whose update (or
// document) is itself over the limit is refused before it is sent (the driver would fail with
// a RangeError from its serializer); one whose result would pass it is refused by the server
// with BSONObjectTooLarge (10334), on both backends. Either way nothing was changed.
import { calculateObjectSize } from 'bson';
import type { MongooseQueryMiddleware, Query, Schema } from 'mongoose';
import { UsageError } from '../ui/errors.js';

/** maxBsonObjectSize: the largest document MongoDB stores. */
export const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;
const BSON_OBJECT_TOO_LARGE = 10334;

const UPDATES: MongooseQueryMiddleware[] = [
  'updateOne',
  'updateMany',
  'findOneAndUpdate',
  'replaceOne',
  'findOneAndReplace',
];
const QUERIES_ONLY = { document: false, query: true } as const;

/** What to do about it, by model: a conversation is only ever appended to. */
const HINTS: Record<string, string> = {
  Conversation: 'start a new conversation with `career coach clear`',
};
const DEFAULT_HINT = 'shorten the text: the notes and lists of one record count together';

/** "DevelopmentActivity" -> "development activity". */
function noun(modelName: string): string {
  return modelName.replace(/(?<=[a-z])(?=[A-Z])/g, ' ').toLowerCase();
}

export function documentTooLarge(modelName: string | undefined, cause?: unknown): UsageError {
  const what = modelName === undefined ? 'a record' : `the ${noun(modelName)}`;
  return new UsageError(
    `this change would make ${what} larger than MongoDB's 16 MB limit for one record; nothing was changed`,
    { hint: (modelName && HINTS[modelName]) ?? DEFAULT_HINT, cause },
  );
}

export function isDocumentTooLarge(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    error.code === BSON_OBJECT_TOO_LARGE
  );
}

function overLimit(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    calculateObjectSize(value as Record<string, unknown>) > MAX_DOCUMENT_BYTES
  );
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
