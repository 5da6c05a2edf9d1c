// find, getMore and killCursors.
import { Long, type Document } from 'bson';
import { RawDocument } from '../codec.js';
import { ErrorCode, MongoServerError } from '../errors.js';
import { compileProjection, evaluateVariables } from '../query/index.js';
import type { CollectionStore } from '../storage/backend.js';
import {
  asNumber,
  collectionName,
  optionalBoolean,
  optionalDocument,
  optionalInteger,
  requiredArray,
} from './arguments.js';
import { PAUSE, type Paced, type TimeBudget } from './budget.js';
import type { CommandContext, CommandTable } from './context.js';
import { checkHint } from './update-support.js';
import { readDocuments, viewOf } from './views.js';

function* projected(
  source: Iterable<Paced<Document>>,
  project: ((doc: Document) => Document) | undefined,
): Generator<Paced<Document>> {
  for (const doc of source) yield project && doc !== PAUSE ? project(doc) : doc;
}

/**
 * A whole collection, documents as stored: a find with no filter, projection, sort or skip
 * neither decodes nor re-encodes them (dumps and exports read collections this way).
 */
function* wholeCollection(
  collection: CollectionStore,
  limit: number,
  budget: TimeBudget,
): Generator<Paced<Document>> {
  let produced = 0;
  for (const stored of collection.candidates({})) {
    if (budget.tick()) yield PAUSE;
    yield new RawDocument(stored.bytes);
    if (++produced === limit) return;
  }
}

const isEmpty = (value: Document | undefined): boolean =>
  value === undefined || Object.keys(value).length === 0;

async function find(command: Document, context: CommandContext): Promise<Document> {
  const name = collectionName(command, 'find');
  const filter = optionalDocument(command, 'filter', 'find') ?? {};
  const sort = optionalDocument(command, 'sort', 'find');
  const projection = optionalDocument(command, 'projection', 'find');
  const variables = evaluateVariables(optionalDocument(command, 'let', 'find'));
  const skip = optionalInteger(command, 'skip', 'find') ?? 0;
  let limit = optionalInteger(command, 'limit', 'find') ?? 0;
  let singleBatch = optionalBoolean(command, 'singleBatch', 'find') ?? false;
  const batchSize = optionalInteger(command, 'batchSize', 'find');
  if (skip < 0) throw new MongoServerError(ErrorCode.BadValue, 'skip value must be non-negative');
  if (batchSize !== undefined && batchSize < 0)
    throw new MongoServerError(ErrorCode.BadValue, 'batchSize value must be non-negative');
  if (limit < 0) {
    // A negative limit is the legacy way to ask for a single batch of that many documents.
    limit = -limit;
    singleBatch = true;
  }
  const collection = context.engine.storage.getCollection(context.db, name);
  checkHint(collection, command.hint);
  const project =
    projection && Object.keys(projection).length > 0
      ? compileProjection(projection, { filter, variables })
      : undefined;
  const plain =
    context.engine.rawReplies === true &&
    collection !== undefined &&
    isEmpty(filter) &&
    isEmpty(sort) &&
    !project &&
    skip === 0 &&
    !viewOf(context.engine.storage, context.db, name);
  const documents = plain
    ? wholeCollection(collection, limit, context.budget)
    : projected(
        await readDocuments(context.engine, context.db, name, filter, {
          sort,
          skip,
          limit,
          collation: optionalDocument(command, 'collation', 'find'),
          variables,
          budget: context.budget,
        }),
        project,
      );
  const ns = `${context.db}.${name}`;
  const batch = await context.engine.cursors.firstBatchPaced(
    ns,
    documents,
    batchSize,
    singleBatch,
    context.budget,
  );
  return { cursor: { firstBatch: batch.documents, id: batch.cursorId, ns }, ok: 1 };
}

function cursorIdOf(value: unknown): Long {
  if (value instanceof Long) return value;
  const numeric = asNumber(value);
  if (numeric === undefined)
    throw new MongoServerError(
      ErrorCode.TypeMismatch,
      "BSON field 'getMore.getMore' is the wrong type, expected type 'long'",
    );
  return Long.fromNumber(numeric);
}

async function getMore(command: Document, context: CommandContext): Promise<Document> {
  const id = cursorIdOf(command.getMore);
  const collection = command.collection;
  if (typeof collection !== 'string')
    throw new MongoServerError(
      ErrorCode.TypeMismatch,
      "BSON field 'getMore.collection' is the wrong type, expected type 'string'",
    );
  const batchSize = optionalInteger(command, 'batchSize', 'getMore');
  const ns = `${context.db}.${collection}`;
  const batch = await context.engine.cursors.getMore(
    id,
    ns,
    batchSize && batchSize > 0 ? batchSize : undefined,
  );
  return { cursor: { nextBatch: batch.documents, id: batch.cursorId, ns }, ok: 1 };
}

function killCursors(command: Document, context: CommandContext): Document {
  collectionName(command, 'killCursors');
  const ids = requiredArray(command, 'cursors', 'killCursors').map(cursorIdOf);
  const killed: Long[] = [];
  const notFound: Long[] = [];
  for (const id of ids) (context.engine.cursors.kill(id) ? killed : notFound).push(id);
  return {
    cursorsKilled: killed,
    cursorsNotFound: notFound,
    cursorsAlive: [],
    cursorsUnknown: [],
    ok: 1,
  };
}

export const findCommands: CommandTable = { find, getMore, killCursors };
