// find, getMore and killCursors.
import { Long, type Document } from 'bson';
import { RawDocument } from '../codec.js';
import { ErrorCode, MongoServerError } from '../errors.js';
import { evaluateVariables } from '../query/index.js';
import { compileTextProjection } from '../query/text-meta.js';
import { compileTopLevelProjection } from '../query/top-level-projection.js';
import type { CollectionStore } from '../storage/backend.js';
import { asNumber } from './arguments.js';
import { PAUSE, type Paced, type TimeBudget } from './budget.js';
import { defineCommand } from './command-definition.js';
import type { CommandContext, CommandList } from './context.js';
import {
  IGNORED,
  NOT_IMPLEMENTED,
  optional,
  required,
  type ArgumentsOf,
  wrongType,
} from './parameters.js';
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

const FIND_FIELDS = {
  find: required('collection'),
  filter: optional('object'),
  sort: optional('object'),
  projection: optional('object'),
  hint: optional('any'),
  skip: optional('integer'),
  limit: optional('integer'),
  batchSize: optional('integer'),
  singleBatch: optional('bool'),
  let: optional('object'),
  collation: optional('object'),
  // Options that only matter to a replica set, a sharded cluster or a big server.
  allowDiskUse: IGNORED,
  noCursorTimeout: IGNORED,
  allowPartialResults: IGNORED,
  oplogReplay: IGNORED,
  readOnce: IGNORED,
  allowSpeculativeMajorityRead: IGNORED,
  term: IGNORED,
  includeQueryStatsMetrics: IGNORED,
  returnKey: NOT_IMPLEMENTED,
  showRecordId: NOT_IMPLEMENTED,
  min: NOT_IMPLEMENTED,
  max: NOT_IMPLEMENTED,
  tailable: NOT_IMPLEMENTED,
  awaitData: NOT_IMPLEMENTED,
  $_requestResumeToken: NOT_IMPLEMENTED,
  $_resumeAfter: NOT_IMPLEMENTED,
} as const;

async function find(
  args: ArgumentsOf<typeof FIND_FIELDS>,
  context: CommandContext,
): Promise<Document> {
  const name = args.find;
  const filter = args.filter ?? {};
  const { sort, projection, batchSize } = args;
  const variables = evaluateVariables(args.let);
  const skip = args.skip ?? 0;
  let limit = args.limit ?? 0;
  let singleBatch = args.singleBatch ?? false;
  if (skip < 0) throw new MongoServerError(ErrorCode.BadValue, 'skip value must be non-negative');
  if (batchSize !== undefined && batchSize < 0)
    throw new MongoServerError(ErrorCode.BadValue, 'batchSize value must be non-negative');
  if (limit < 0) {
    // A negative limit is the legacy way to ask for a single batch of that many documents.
    limit = -limit;
    singleBatch = true;
  }
  const collection = context.engine.storage.getCollection(context.db, name);
  checkHint(collection, args.hint);
  const projects = projection !== undefined && Object.keys(projection).length > 0;
  // Whole top-level fields kept or dropped are copied from the stored bytes.
  const topLevel = projects ? compileTopLevelProjection(projection) : undefined;
  const project = projects
    ? (topLevel ?? compileTextProjection(projection, { filter, variables }))
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
          collation: args.collation,
          variables,
          budget: context.budget,
          raw: context.engine.rawReplies === true && (!project || topLevel !== undefined),
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
  if (numeric === undefined) throw wrongType('killCursors.cursors', value, ['cursorId']);
  return Long.fromNumber(numeric);
}

const GET_MORE_FIELDS = {
  getMore: required('cursorId'),
  collection: required('string'),
  batchSize: optional('integer'),
  term: IGNORED,
  lastKnownCommittedOpTime: IGNORED,
  includeQueryStatsMetrics: IGNORED,
} as const;

async function getMore(
  args: ArgumentsOf<typeof GET_MORE_FIELDS>,
  context: CommandContext,
): Promise<Document> {
  const { getMore: id, collection, batchSize } = args;
  const ns = `${context.db}.${collection}`;
  const batch = await context.engine.cursors.getMore(
    id,
    ns,
    batchSize && batchSize > 0 ? batchSize : undefined,
  );
  return { cursor: { nextBatch: batch.documents, id: batch.cursorId, ns }, ok: 1 };
}

const KILL_CURSORS_FIELDS = {
  killCursors: required('collection'),
  cursors: required('array'),
} as const;

function killCursors(
  args: ArgumentsOf<typeof KILL_CURSORS_FIELDS>,
  context: CommandContext,
): Document {
  const ids = args.cursors.map(cursorIdOf);
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

export const findCommands: CommandList = [
  defineCommand('find', {
    help: 'query for documents',
    fields: FIND_FIELDS,
    run: find,
  }),
  defineCommand('getMore', {
    help: 'the next batch of a cursor',
    fields: GET_MORE_FIELDS,
    run: getMore,
  }),
  defineCommand('killCursors', {
    help: 'close cursors',
    fields: KILL_CURSORS_FIELDS,
    run: killCursors,
  }),
];
