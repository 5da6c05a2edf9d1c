// Operation arguments: the spec lists every argument directly under `arguments`; the driver wants
// positional parameters plus one options object, with sessions, concerns and enums resolved first.
import type { EntityMap } from './entities.js';
import { readConcernOf, readPreferenceOf, writeConcernOf } from './options.js';
import { asString, type Document, RunnerError, toNumber } from './values.js';

/**
 * Options the driver takes as given. Any other argument is an error, as the spec requires, so
 * a typo in a file (or an option this runner never heard of) cannot pass silently.
 */
const PASS_THROUGH_OPTIONS = new Set([
  // CRUD
  'allowDiskUse',
  'allowPartialResults',
  'arrayFilters',
  'bypassDocumentValidation',
  'collation',
  'comment',
  'hint',
  'let',
  'max',
  'min',
  'noCursorTimeout',
  'ordered',
  'projection',
  'rawData',
  'returnKey',
  'showRecordId',
  'sort',
  'upsert',
  'verboseResults',
  // enumeration and namespaces
  'authorizedDatabases',
  'dropTarget',
  'nameOnly',
  // indexes
  'background',
  'commitQuorum',
  'expireAfterSeconds',
  'hidden',
  'name',
  'partialFilterExpression',
  'sparse',
  'unique',
  'weights',
  'wildcardProjection',
  // change streams
  'fullDocument',
  'fullDocumentBeforeChange',
  'resumeAfter',
  'showExpandedEvents',
  'startAfter',
  'startAtOperationTime',
  // GridFS
  'chunkSizeBytes',
  'metadata',
  'revision',
  // transactions
  'maxCommitTimeMS',
]);

const NUMERIC_OPTIONS = new Set([
  'batchSize',
  'limit',
  'skip',
  'maxTimeMS',
  'maxAwaitTimeMS',
  'timeoutMS',
]);

/** The spec's `cursorType` enum as the driver's two booleans. */
function cursorTypeOptions(value: unknown): Document {
  switch (value) {
    case 'tailable':
      return { tailable: true };
    case 'tailableAwait':
      return { tailable: true, awaitData: true };
    case 'nonTailable':
      return {};
    default:
      throw new RunnerError(`unknown cursorType ${String(value)}`);
  }
}

function returnDocumentOf(value: unknown): string {
  const text = asString(value, 'returnDocument').toLowerCase();
  if (text !== 'before' && text !== 'after') {
    throw new RunnerError(`returnDocument must be Before or After, not ${text}`);
  }
  return text;
}

function timeoutModeOf(value: unknown): string {
  const text = asString(value, 'timeoutMode');
  if (text === 'cursorLifetime') return 'cursorLifetime';
  if (text === 'iteration') return 'iteration';
  throw new RunnerError(`unknown timeoutMode ${text}`);
}

export interface SplitArguments {
  positional: Document;
  options: Document;
}

/**
 * Splits an operation's arguments into the positional ones the caller names and a driver options
 * object; any argument the runner does not understand is an error, as the spec requires.
 */
export function splitArguments(
  args: Document,
  positional: readonly string[],
  entities: EntityMap,
): SplitArguments {
  const named: Document = {};
  const options: Document = {};
  for (const [key, raw] of Object.entries(args)) {
    if (positional.includes(key)) named[key] = raw;
    else if (key === 'session') options.session = entities.session(asString(raw, 'session'));
    else if (key === 'returnDocument') options.returnDocument = returnDocumentOf(raw);
    else if (key === 'writeConcern') options.writeConcern = writeConcernOf(raw);
    else if (key === 'readConcern') options.readConcern = readConcernOf(raw);
    else if (key === 'readPreference') options.readPreference = readPreferenceOf(raw);
    else if (key === 'cursorType') Object.assign(options, cursorTypeOptions(raw));
    else if (key === 'timeoutMode') options.timeoutMode = timeoutModeOf(raw);
    else if (NUMERIC_OPTIONS.has(key)) options[key] = toNumber(raw, key);
    else if (PASS_THROUGH_OPTIONS.has(key)) options[key] = raw;
    else throw new RunnerError(`unsupported argument ${key}`);
  }
  return { positional: named, options };
}

/** `session` only: for operations whose other arguments all map onto one command document. */
export function sessionOption(args: Document, entities: EntityMap): Document {
  return args.session === undefined
    ? {}
    : { session: entities.session(asString(args.session, 'session')) };
}
