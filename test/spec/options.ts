// The spec's common options (readConcern, writeConcern, readPreference) and the options of
// database, collection and bucket entities, as driver objects.
import {
  type CollectionOptions,
  type DbOptions,
  type GridFSBucketOptions,
  ReadConcern,
  ReadPreference,
  WriteConcern,
} from 'mongodb';
import {
  asDocument,
  asString,
  type Document,
  isDocument,
  RunnerError,
  toNumber,
} from './values.js';

/** readConcern / writeConcern / readPreference / timeoutMS as a database or collection accepts them. */
export function databaseOptions(value: unknown): DbOptions & CollectionOptions {
  const spec = asDocument(value, 'database/collection options');
  const options: DbOptions & CollectionOptions = {};
  for (const [key, inner] of Object.entries(spec)) {
    switch (key) {
      case 'readConcern':
        options.readConcern = readConcernOf(inner);
        break;
      case 'writeConcern':
        options.writeConcern = writeConcernOf(inner);
        break;
      case 'readPreference':
        options.readPreference = readPreferenceOf(inner);
        break;
      case 'timeoutMS':
        options.timeoutMS = toNumber(inner, 'timeoutMS');
        break;
      default:
        throw new RunnerError(`unsupported database/collection option ${key}`);
    }
  }
  return options;
}

/** GridFS bucket options: the bucket's own, plus the common concerns. */
export function bucketOptions(value: unknown): GridFSBucketOptions {
  const spec = asDocument(value, 'bucketOptions');
  const { bucketName, chunkSizeBytes, disableMD5: _md5, ...common } = spec;
  const options = { ...databaseOptions(common) } as GridFSBucketOptions;
  if (bucketName !== undefined) options.bucketName = asString(bucketName, 'bucketName');
  if (chunkSizeBytes !== undefined) options.chunkSizeBytes = toNumber(chunkSizeBytes, 'chunkSize');
  return options;
}

export function readConcernOf(value: unknown): ReadConcern {
  const spec = asDocument(value, 'readConcern');
  const level = asString(spec.level, 'readConcern.level');
  return new ReadConcern(level as ConstructorParameters<typeof ReadConcern>[0]);
}

/** Accepts the spec's names (journal, wtimeoutMS) and the server's (j, wtimeout). */
export function writeConcernOf(value: unknown): WriteConcern {
  const spec = asDocument(value, 'writeConcern');
  const w = spec.w === undefined || typeof spec.w === 'string' ? spec.w : toNumber(spec.w, 'w');
  const timeout = spec.wtimeoutMS ?? spec.wtimeout;
  const wtimeout = timeout === undefined ? undefined : toNumber(timeout, 'wtimeoutMS');
  const journalValue = spec.journal ?? spec.j;
  const journal = typeof journalValue === 'boolean' ? journalValue : undefined;
  return new WriteConcern(w as WriteConcern['w'], wtimeout, journal);
}

export function readPreferenceOf(value: unknown): ReadPreference {
  const spec = asDocument(value, 'readPreference');
  const mode = asString(spec.mode, 'readPreference.mode');
  const tags = Array.isArray(spec.tagSets)
    ? (spec.tagSets.filter(isDocument) as Record<string, string>[])
    : undefined;
  const maxStalenessSeconds =
    spec.maxStalenessSeconds === undefined
      ? undefined
      : toNumber(spec.maxStalenessSeconds, 'maxStalenessSeconds');
  const hedge = isDocument(spec.hedge) ? (spec.hedge as { enabled?: boolean }) : undefined;
  return new ReadPreference(mode as ConstructorParameters<typeof ReadPreference>[0], tags, {
    maxStalenessSeconds,
    ...(hedge ? { hedge } : {}),
  });
}

/** Session options, with defaultTransactionOptions' concerns turned into driver objects. */
export function sessionOptionsOf(value: unknown): Document {
  const spec = asDocument(value, 'sessionOptions');
  const { defaultTransactionOptions, ...rest } = spec;
  if (defaultTransactionOptions === undefined) return rest;
  return { ...rest, defaultTransactionOptions: transactionOptionsOf(defaultTransactionOptions) };
}

/** startTransaction / withTransaction options. */
export function transactionOptionsOf(value: unknown): Document {
  const spec = asDocument(value, 'transaction options');
  const options: Document = {};
  for (const [key, inner] of Object.entries(spec)) {
    if (key === 'readConcern') options.readConcern = readConcernOf(inner);
    else if (key === 'writeConcern') options.writeConcern = writeConcernOf(inner);
    else if (key === 'readPreference') options.readPreference = readPreferenceOf(inner);
    else if (key === 'maxCommitTimeMS' || key === 'timeoutMS') options[key] = toNumber(inner, key);
    else throw new RunnerError(`unsupported transaction option ${key}`);
  }
  return options;
}
