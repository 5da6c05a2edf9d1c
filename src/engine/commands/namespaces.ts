// Database and collection management: listing, creating, dropping, renaming, statistics.
import type { Document } from 'bson';
import { ErrorCode, MongoServerError } from '../errors.js';
import { compileFilter } from '../query/index.js';
import { isDocument } from './arguments.js';
import { modifyIndexOption } from './collmod-index.js';
import { checkValidationOptions } from './document-validation.js';
import { defineCommand } from './command-definition.js';
import type { CommandContext, CommandList } from './context.js';
import { CURSOR_OPTION_FIELDS, isGenericField } from './generic-fields.js';
import { extractFields, IGNORED, optional, required, type ArgumentsOf } from './parameters.js';

const ID_INDEX = { v: 2, key: { _id: 1 }, name: '_id_' };

const LIST_DATABASES_FIELDS = {
  filter: optional('object'),
  nameOnly: optional('bool'),
  authorizedDatabases: IGNORED,
} as const;

function listDatabases(
  args: ArgumentsOf<typeof LIST_DATABASES_FIELDS>,
  context: CommandContext,
): Document {
  const filter = args.filter ?? {};
  const nameOnly = args.nameOnly ?? false;
  const matches = compileFilter(filter);
  const databases = context.engine.storage
    .listDatabases()
    .filter((db) => matches(db))
    .map((db) => (nameOnly ? { name: db.name } : db));
  const totalSize = databases.reduce(
    (sum, db) => sum + ('sizeOnDisk' in db ? db.sizeOnDisk : 0),
    0,
  );
  return nameOnly
    ? { databases, ok: 1 }
    : { databases, totalSize, totalSizeMb: Math.floor(totalSize / 1048576), ok: 1 };
}

const LIST_COLLECTIONS_FIELDS = {
  filter: optional('object'),
  nameOnly: optional('bool'),
  cursor: optional('object'),
  authorizedCollections: IGNORED,
  includePendingDrops: IGNORED,
} as const;

function listCollections(
  args: ArgumentsOf<typeof LIST_COLLECTIONS_FIELDS>,
  context: CommandContext,
): Document {
  const filter = args.filter ?? {};
  const nameOnly = args.nameOnly ?? false;
  const { batchSize } = extractFields(
    args.cursor ?? {},
    CURSOR_OPTION_FIELDS,
    'listCollections.cursor',
    { strict: false },
  );
  const matches = compileFilter(filter);
  const entries = context.engine.storage
    .listCollections(context.db)
    .map((info) =>
      nameOnly
        ? { name: info.name, type: info.type }
        : {
            name: info.name,
            type: info.type,
            options: info.options,
            info: { readOnly: false },
            idIndex: ID_INDEX,
          },
    )
    .filter((entry) => matches(entry));
  const ns = `${context.db}.$cmd.listCollections`;
  const batch = context.engine.cursors.firstBatch(
    ns,
    entries[Symbol.iterator](),
    batchSize ?? Number.MAX_SAFE_INTEGER,
  );
  return { cursor: { id: batch.cursorId, ns, firstBatch: batch.documents }, ok: 1 };
}

const CREATE_FIELDS = { create: required('collection') } as const;

/** Collection options the engine keeps; everything else is accepted and stored as given. */
function create(
  args: ArgumentsOf<typeof CREATE_FIELDS>,
  context: CommandContext,
  command: Document,
): Document {
  const name = args.create;
  const options: Document = {};
  for (const [key, value] of Object.entries(command)) {
    if (key === 'create' || isGenericField(key)) continue;
    options[key] = value;
  }
  if (options.capped === true && options.size === undefined) {
    throw new MongoServerError(
      ErrorCode.InvalidOptions,
      'the size field is required when creating a capped collection',
    );
  }
  validateViewOptions(options);
  checkValidationOptions(options);
  const storage = context.engine.storage;
  storage.write(() => {
    if (storage.getCollection(context.db, name)) {
      throw new MongoServerError(
        ErrorCode.NamespaceExists,
        `Collection ${context.db}.${name} already exists.`,
      );
    }
    storage.createCollection(context.db, name, options);
  });
  return { ok: 1 };
}

function validateViewOptions(options: Document): void {
  if (options.viewOn === undefined) {
    if (options.pipeline !== undefined) {
      throw new MongoServerError(
        ErrorCode.BadValue,
        "'pipeline' requires 'viewOn' to also be specified",
      );
    }
    return;
  }
  if (typeof options.viewOn !== 'string' || options.viewOn.length === 0) {
    throw new MongoServerError(ErrorCode.TypeMismatch, "'viewOn' must be a non-empty string");
  }
  const pipeline = options.pipeline ?? [];
  if (!Array.isArray(pipeline) || !pipeline.every(isDocument)) {
    throw new MongoServerError(ErrorCode.TypeMismatch, "'pipeline' must be an array of stages");
  }
  if (pipeline.some((stage) => '$out' in stage || '$merge' in stage)) {
    throw new MongoServerError(
      ErrorCode.OptionNotSupportedOnView,
      'a view pipeline cannot write ($out/$merge)',
    );
  }
  options.pipeline = pipeline;
}

/** The options collMod may change, and how each is checked. */
const MODIFIABLE_OPTIONS = new Set([
  'validator',
  'validationLevel',
  'validationAction',
  'viewOn',
  'pipeline',
]);

/** Lenient: every other key is a collection option, checked against MODIFIABLE_OPTIONS. */
const COLL_MOD_FIELDS = {
  collMod: required('collection'),
  index: optional('object'),
  cappedSize: optional('number'),
  cappedMax: optional('number'),
  validator: optional('object'),
  validationLevel: optional('string'),
  validationAction: optional('string'),
  viewOn: optional('string'),
  pipeline: optional('array'),
} as const;

function collMod(
  args: ArgumentsOf<typeof COLL_MOD_FIELDS>,
  context: CommandContext,
  command: Document,
): Document {
  const name = args.collMod;
  const storage = context.engine.storage;
  const reply: Document = {};
  storage.write(() => {
    const info = storage.listCollections(context.db).find((entry) => entry.name === name);
    if (!info)
      throw new MongoServerError(
        ErrorCode.NamespaceNotFound,
        `ns does not exist: ${context.db}.${name}`,
      );
    const options: Document = { ...info.options };
    for (const [key, value] of Object.entries(command)) {
      if (key === 'collMod' || isGenericField(key)) continue;
      if ((key === 'cappedSize' || key === 'cappedMax') && info.options.capped === true) {
        // Applied from the next insert on, as mongod does.
        options[key === 'cappedSize' ? 'size' : 'max'] = value;
        continue;
      }
      if (key === 'index') {
        const collection = storage.getCollection(context.db, name);
        Object.assign(reply, modifyIndexOption(collection, `${context.db}.${name}`, value));
        continue;
      }
      if (!MODIFIABLE_OPTIONS.has(key)) {
        throw new MongoServerError(
          ErrorCode.InvalidOptions,
          `collMod of '${key}' is not supported by the embedded engine`,
        );
      }
      options[key] = value;
    }
    if ((options.viewOn === undefined) !== (info.type === 'collection')) {
      throw new MongoServerError(
        ErrorCode.InvalidOptions,
        'collMod cannot turn a collection into a view or back',
      );
    }
    validateViewOptions(options);
    checkValidationOptions(options);
    storage.setCollectionOptions(context.db, name, options);
  });
  return { ...reply, ok: 1 };
}

const DROP_FIELDS = { drop: required('collection'), collectionUUID: IGNORED } as const;

function drop(args: ArgumentsOf<typeof DROP_FIELDS>, context: CommandContext): Document {
  const name = args.drop;
  const storage = context.engine.storage;
  let nIndexesWas = 0;
  storage.write(() => {
    const collection = storage.getCollection(context.db, name);
    if (collection) nIndexesWas = collection.listIndexes().length;
    storage.dropCollection(context.db, name);
  });
  return { ns: `${context.db}.${name}`, nIndexesWas, ok: 1 };
}

function dropDatabase(_args: unknown, context: CommandContext): Document {
  context.engine.storage.write(() => context.engine.storage.dropDatabase(context.db));
  return { dropped: context.db, ok: 1 };
}

function splitNamespace(ns: unknown, field: string): { db: string; collection: string } {
  if (typeof ns !== 'string' || !ns.includes('.')) {
    throw new MongoServerError(
      ErrorCode.InvalidNamespace,
      `Invalid namespace specified '${String(ns)}' for ${field}`,
    );
  }
  const dot = ns.indexOf('.');
  return { db: ns.slice(0, dot), collection: ns.slice(dot + 1) };
}

const RENAME_FIELDS = {
  renameCollection: optional('any'),
  to: optional('any'),
  dropTarget: optional('bool'),
  stayTemp: IGNORED,
  collectionUUID: IGNORED,
} as const;

function renameCollection(
  args: ArgumentsOf<typeof RENAME_FIELDS>,
  context: CommandContext,
): Document {
  const from = splitNamespace(args.renameCollection, 'renameCollection');
  const to = splitNamespace(args.to, 'to');
  const dropTarget = args.dropTarget ?? false;
  const storage = context.engine.storage;
  storage.write(() => {
    if (!storage.getCollection(from.db, from.collection)) {
      throw new MongoServerError(ErrorCode.NamespaceNotFound, 'Source collection does not exist');
    }
    if (!dropTarget && storage.getCollection(to.db, to.collection)) {
      throw new MongoServerError(ErrorCode.NamespaceExists, 'target namespace exists');
    }
    storage.renameCollection(from.db, from.collection, to.db, to.collection, dropTarget);
  });
  return { ok: 1 };
}

function scaled(value: number, scale: number): number {
  return Math.floor(value / scale);
}

const STATS_FIELDS = { scale: optional('integer') } as const;

function dbStats(args: ArgumentsOf<typeof STATS_FIELDS>, context: CommandContext): Document {
  const scale = args.scale ?? 1;
  const stats = context.engine.storage.databaseStats(context.db);
  return {
    db: context.db,
    collections: stats.collections,
    views: 0,
    objects: stats.objects,
    avgObjSize: stats.objects > 0 ? stats.dataSize / stats.objects : 0,
    dataSize: scaled(stats.dataSize, scale),
    storageSize: scaled(stats.storageSize, scale),
    indexes: stats.indexes,
    indexSize: 0,
    totalSize: scaled(stats.storageSize, scale),
    scaleFactor: scale,
    ok: 1,
  };
}

const COLL_STATS_FIELDS = { collStats: required('collection'), ...STATS_FIELDS } as const;

function collStats(args: ArgumentsOf<typeof COLL_STATS_FIELDS>, context: CommandContext): Document {
  const name = args.collStats;
  const scale = args.scale ?? 1;
  const collection = context.engine.storage.getCollection(context.db, name);
  if (!collection) {
    throw new MongoServerError(
      ErrorCode.NamespaceNotFound,
      `Collection [${context.db}.${name}] not found.`,
    );
  }
  const stats = collection.stats();
  const indexes = collection.listIndexes();
  return {
    ns: `${context.db}.${name}`,
    count: stats.count,
    size: scaled(stats.size, scale),
    avgObjSize: stats.count > 0 ? Math.floor(stats.size / stats.count) : 0,
    storageSize: scaled(stats.size, scale),
    nindexes: indexes.length,
    indexNames: indexes.map((index) => index.name),
    totalIndexSize: 0,
    indexSizes: Object.fromEntries(indexes.map((index) => [index.name, 0])),
    scaleFactor: scale,
    ok: 1,
  };
}

export const namespaceCommands: CommandList = [
  defineCommand('listDatabases', {
    help: 'the databases and their sizes',
    adminOnly: true,
    fields: LIST_DATABASES_FIELDS,
    run: listDatabases,
  }),
  defineCommand('listCollections', {
    help: "a database's collections and views",
    fields: LIST_COLLECTIONS_FIELDS,
    run: listCollections,
  }),
  defineCommand('create', {
    help: 'create a collection or a view',
    // Collection options are stored as given (validator, capped, viewOn, timeseries...).
    strict: false,
    fields: CREATE_FIELDS,
    run: create,
  }),
  defineCommand('collMod', {
    help: "change a collection's validator or a view's pipeline",
    strict: false,
    fields: COLL_MOD_FIELDS,
    run: collMod,
  }),
  defineCommand('drop', { help: 'drop a collection', fields: DROP_FIELDS, run: drop }),
  defineCommand('dropDatabase', { help: 'drop this database', fields: {}, run: dropDatabase }),
  defineCommand('renameCollection', {
    help: 'rename a collection',
    adminOnly: true,
    fields: RENAME_FIELDS,
    run: renameCollection,
  }),
  defineCommand('dbStats', {
    help: "this database's statistics",
    aliases: ['dbstats'],
    strict: false,
    fields: STATS_FIELDS,
    run: dbStats,
  }),
  defineCommand('collStats', {
    help: "a collection's statistics",
    aliases: ['collstats'],
    strict: false,
    fields: COLL_STATS_FIELDS,
    run: collStats,
  }),
];
