// createIndexes / listIndexes / dropIndexes. The index machinery itself is storage's.
import type { Document } from 'bson';
import { ErrorCode, MongoServerError } from '../errors.js';
import { compileFilter } from '../query/index.js';
import type { IndexSpec } from '../storage/backend.js';
import { asNumber, isDocument } from './arguments.js';
import { defineCommand } from './command-definition.js';
import { CURSOR_OPTION_FIELDS } from './generic-fields.js';
import type { CommandContext, CommandList } from './context.js';
import {
  extractFields,
  IGNORED,
  optional,
  required,
  type ArgumentsOf,
  wrongType,
} from './parameters.js';
import { isTextKey, textIndexSpec } from './text-index-spec.js';
import { refuseWriteToView } from './views.js';

/** Index options MongoDB accepts that the engine stores and reports but does not act on. */
const PASSIVE_OPTIONS = new Set([
  'background',
  'hidden',
  'collation',
  'storageEngine',
  'default_language',
  'language_override',
  'weights',
  'textIndexVersion',
  'bits',
  'min',
  'max',
  '2dsphereIndexVersion',
  'wildcardProjection',
  'ns',
]);
const ACTIVE_OPTIONS = new Set([
  'key',
  'name',
  'unique',
  'sparse',
  'partialFilterExpression',
  'expireAfterSeconds',
  'v',
]);

/** Geospatial index kinds: declared (what $near needs), entries as for an ascending key. */
const GEO_INDEX_KINDS = new Set(['2d', '2dsphere']);

/** MongoDB's default index name: field_direction pairs joined by underscores. */
export function defaultIndexName(key: Document): string {
  return Object.entries(key)
    .map(([field, direction]) => `${field}_${String(asNumber(direction) ?? direction)}`)
    .join('_');
}

function parseIndexSpec(raw: unknown): IndexSpec {
  if (!isDocument(raw))
    throw new MongoServerError(ErrorCode.TypeMismatch, 'index specification must be an object');
  const key = raw.key;
  if (!isDocument(key) || Object.keys(key).length === 0) {
    throw new MongoServerError(
      ErrorCode.FailedToParse,
      'The index specification must contain a non-empty key document',
    );
  }
  const normalizedKey: Document = {};
  const text = isTextKey(key);
  for (const [field, direction] of Object.entries(key)) {
    // A text key is checked and stored by textIndexSpec, below; geo kinds are stored as given.
    if (text || GEO_INDEX_KINDS.has(direction as string)) {
      normalizedKey[field] = direction;
      continue;
    }
    const numeric = asNumber(direction);
    if (numeric === undefined || numeric === 0 || Number.isNaN(numeric)) {
      throw new MongoServerError(
        ErrorCode.CannotCreateIndex,
        `Values in the index key pattern can only be non-zero numbers; the engine does not support '${String(direction)}' indexes (field '${field}')`,
      );
    }
    normalizedKey[field] = numeric > 0 ? 1 : -1;
  }
  const name = raw.name ?? defaultIndexName(normalizedKey);
  if (typeof name !== 'string' || name.length === 0) {
    throw new MongoServerError(ErrorCode.TypeMismatch, 'The index name must be a non-empty string');
  }
  const spec: IndexSpec = { v: 2, key: normalizedKey, name };
  for (const [option, value] of Object.entries(raw)) {
    if (option === 'key' || option === 'name' || option === 'v') continue;
    if (!ACTIVE_OPTIONS.has(option) && !PASSIVE_OPTIONS.has(option)) {
      throw new MongoServerError(
        ErrorCode.InvalidIndexSpecificationOption,
        `The field '${option}' is not valid for an index specification`,
      );
    }
    if (option === 'unique' || option === 'sparse') {
      if (value === true || asNumber(value) === 1) spec[option] = true;
      continue;
    }
    if (option === 'partialFilterExpression') {
      if (!isDocument(value))
        throw new MongoServerError(
          ErrorCode.TypeMismatch,
          'partialFilterExpression must be an object',
        );
      compileFilter(value);
      spec.partialFilterExpression = value;
      continue;
    }
    if (option === 'expireAfterSeconds') {
      spec.expireAfterSeconds = asNumber(value);
      continue;
    }
    spec[option] = value;
  }
  return text ? textIndexSpec(spec) : spec;
}

const CREATE_INDEXES_FIELDS = {
  createIndexes: required('collection'),
  indexes: required('array'),
  commitQuorum: IGNORED,
  ignoreUnknownIndexOptions: IGNORED,
  isTimeseriesNamespace: IGNORED,
  collectionUUID: IGNORED,
} as const;

function createIndexes(
  args: ArgumentsOf<typeof CREATE_INDEXES_FIELDS>,
  context: CommandContext,
): Document {
  const name = args.createIndexes;
  const specs = args.indexes.map(parseIndexSpec);
  if (specs.length === 0)
    throw new MongoServerError(ErrorCode.BadValue, 'Must specify at least one index to create');
  const storage = context.engine.storage;
  return storage.write(() => {
    refuseWriteToView(storage, context.db, name);
    const existed = storage.getCollection(context.db, name) !== undefined;
    const collection = storage.getCollection(context.db, name, true);
    if (!collection)
      throw new MongoServerError(ErrorCode.InternalError, 'collection could not be created');
    const before = collection.listIndexes().length;
    let created = 0;
    for (const spec of specs) if (collection.createIndex(spec)) created++;
    const after = collection.listIndexes().length;
    return {
      ...(existed ? {} : { createdCollectionAutomatically: true }),
      numIndexesBefore: before,
      numIndexesAfter: after,
      ...(created === 0 ? { note: 'all indexes already exist' } : {}),
      ok: 1,
    };
  });
}

const LIST_INDEXES_FIELDS = {
  listIndexes: required('collection'),
  cursor: optional('object'),
  includeIndexBuildInfo: IGNORED,
  includeBuildUUIDs: IGNORED,
  collectionUUID: IGNORED,
  isTimeseriesNamespace: IGNORED,
} as const;

function listIndexes(
  args: ArgumentsOf<typeof LIST_INDEXES_FIELDS>,
  context: CommandContext,
): Document {
  const name = args.listIndexes;
  const { batchSize } = extractFields(
    args.cursor ?? {},
    CURSOR_OPTION_FIELDS,
    'listIndexes.cursor',
    {
      strict: false,
    },
  );
  const collection = context.engine.storage.getCollection(context.db, name);
  if (!collection)
    throw new MongoServerError(
      ErrorCode.NamespaceNotFound,
      `ns does not exist: ${context.db}.${name}`,
    );
  const ns = `${context.db}.${name}`;
  const specs = collection.listIndexes().map((spec) => ({ ...spec }));
  const batch = context.engine.cursors.firstBatch(
    ns,
    specs[Symbol.iterator](),
    batchSize ?? Number.MAX_SAFE_INTEGER,
  );
  return { cursor: { id: batch.cursorId, ns, firstBatch: batch.documents }, ok: 1 };
}

const DROP_INDEXES_FIELDS = {
  dropIndexes: required('collection'),
  index: optional('any'),
  collectionUUID: IGNORED,
  isTimeseriesNamespace: IGNORED,
} as const;

function dropIndexes(
  args: ArgumentsOf<typeof DROP_INDEXES_FIELDS>,
  context: CommandContext,
): Document {
  const name = args.dropIndexes;
  const target = args.index;
  const storage = context.engine.storage;
  return storage.write(() => {
    const collection = storage.getCollection(context.db, name);
    if (!collection)
      throw new MongoServerError(ErrorCode.NamespaceNotFound, `ns not found ${context.db}.${name}`);
    const indexes = collection.listIndexes();
    const nIndexesWas = indexes.length;
    let names: string[];
    if (target === '*')
      names = indexes.filter((index) => index.name !== '_id_').map((index) => index.name);
    else if (typeof target === 'string') names = [target];
    else if (Array.isArray(target)) names = target.map(String);
    else if (isDocument(target)) {
      const wanted = JSON.stringify(parseIndexSpec({ key: target }).key);
      const found = indexes.find((index) => JSON.stringify(index.key) === wanted);
      if (!found)
        throw new MongoServerError(
          ErrorCode.IndexNotFound,
          `can't find index with key: ${JSON.stringify(target)}`,
        );
      names = [found.name];
    } else throw wrongType('dropIndexes.index', target, ['string', 'object', 'array']);
    for (const indexName of names) collection.dropIndex(indexName);
    return { nIndexesWas, ok: 1 };
  });
}

export const indexCommands: CommandList = [
  defineCommand('createIndexes', {
    help: 'create indexes on a collection',
    fields: CREATE_INDEXES_FIELDS,
    run: createIndexes,
  }),
  defineCommand('listIndexes', {
    help: "a collection's indexes",
    fields: LIST_INDEXES_FIELDS,
    run: listIndexes,
  }),
  defineCommand('dropIndexes', {
    help: 'drop indexes from a collection',
    aliases: ['deleteIndexes'],
    fields: DROP_INDEXES_FIELDS,
    run: dropIndexes,
  }),
];
