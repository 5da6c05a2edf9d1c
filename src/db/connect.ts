// Opens the database the user chose and hides which kind it is from everything above.
// Precedence (first wins): --db-uri flag, CAREER_DB_URI, MONGODB_URI, `db.uri` in the
// config file, and otherwise the embedded engine in the data directory.
import fs from 'node:fs';
import type { Db } from 'mongodb';
import type { Connection } from 'mongoose';
import type { RunningEngine } from '../engine/index.js';
import { CareerError, DatabaseUnreachableError, UsageError } from '../domain/errors.js';
import { field, say, step, type Phrase } from '../domain/phrases.js';
import { CareerConfig } from './config.js';
import { careerPaths, type CareerPaths } from './paths.js';
import { databaseNameOf, isMongoUri, redactUri } from './uri.js';

/** How long to wait for a server before reporting it unreachable. */
const SERVER_SELECTION_TIMEOUT_MS = 5000;

export type BackendSource = 'flag' | 'CAREER_DB_URI' | 'MONGODB_URI' | 'config' | 'default';

export type BackendChoice =
  | { kind: 'embedded'; source: 'default' }
  | { kind: 'mongodb'; source: Exclude<BackendSource, 'default'>; uri: string };

export interface Backend {
  kind: 'embedded' | 'mongodb';
  /** Where the data lives: the embedded data file, or the URI with its password redacted. */
  location: string;
  /** The full connection string. May contain a password: never print it, print `location`. */
  uri: string;
  source: BackendSource;
}

export interface DatabaseConnection {
  connection: Connection;
  backend: Backend;
  databaseName: string;
  /** Closes the connection and stops the embedded engine; safe to call twice. */
  close(): Promise<void>;
}

/** The driver's database under the connection (open once withDatabase runs its work). */
export function nativeDb(database: DatabaseConnection): Db {
  const db = database.connection.db;
  if (db === undefined) throw new Error('the database connection is not open');
  return db;
}

export interface ConnectOptions {
  /** The global --db-uri flag. */
  dbUri?: string | undefined;
  env?: NodeJS.ProcessEnv;
  paths?: CareerPaths;
  /**
   * Run the embedded engine on a thread of its own (for long writes: an import), so the
   * engine stores one batch while this thread prepares the next. Other commands are short,
   * and start faster with the engine on the main thread.
   */
  engineThread?: boolean;
  /**
   * The work only reads (a listing, a search, stats): on a replica set it may then read from
   * the read preference in CAREER_READ_PREFERENCE (secondaryPreferred, say). Everything else
   * reads the primary, as transactions must.
   */
  readOnly?: boolean;
}

/** The read preferences MongoDB knows (the driver's ReadPreference modes). */
export const READ_PREFERENCES = [
  'primary',
  'primaryPreferred',
  'secondary',
  'secondaryPreferred',
  'nearest',
] as const;
export type ReadPreferenceMode = (typeof READ_PREFERENCES)[number];

/**
 * The read preference for read-only work, from CAREER_READ_PREFERENCE (any case); undefined
 * when unset (the URI's own, primary by default, then holds).
 */
export function readPreferenceFrom(env: NodeJS.ProcessEnv): ReadPreferenceMode | undefined {
  const given = env.CAREER_READ_PREFERENCE?.trim();
  if (given === undefined || given === '') return undefined;
  const mode = READ_PREFERENCES.find((each) => each.toLowerCase() === given.toLowerCase());
  if (mode === undefined) {
    throw new UsageError(say`CAREER_READ_PREFERENCE cannot be '${given}'`, {
      hint: `use one of: ${READ_PREFERENCES.join(', ')}`,
    });
  }
  return mode;
}

/** Picks the backend without touching the network (also used to explain the choice). */
export function chooseBackend(options: ConnectOptions = {}): BackendChoice {
  const env = options.env ?? process.env;
  const candidates: Array<[Exclude<BackendSource, 'default'>, () => string | undefined]> = [
    ['flag', () => options.dbUri],
    ['CAREER_DB_URI', () => env.CAREER_DB_URI],
    ['MONGODB_URI', () => env.MONGODB_URI],
    ['config', () => new CareerConfig(options.paths ?? careerPaths(env)).get('db.uri')],
  ];
  for (const [source, read] of candidates) {
    const uri = read();
    if (uri !== undefined && uri !== '') return { kind: 'mongodb', source, uri };
  }
  return { kind: 'embedded', source: 'default' };
}

/** The next step when a chosen URI does not work, by where the URI came from. */
function switchBackHint(source: BackendSource): Phrase {
  switch (source) {
    case 'flag':
      return say`check the URI, or drop ${field('dbUri')} to use the embedded database`;
    case 'CAREER_DB_URI':
    case 'MONGODB_URI':
      return say`check the server, or run \`unset ${source}\` to use the embedded database`;
    case 'config':
      return say`check the server, or run \`${step('use-embedded-database')}\` to use the embedded database`;
    case 'default':
      return DEBUG_HINT;
  }
}

function describeSource(source: BackendSource): Phrase {
  return source === 'flag' ? say`${field('dbUri')}` : say`${source}`;
}

const DEBUG_HINT = say`run with ${field('debug')} for details`;

async function openConnection(
  uri: string,
  databaseName: string,
  readPreference?: ReadPreferenceMode,
): Promise<Connection> {
  // Loaded here, not at the top: commands that never connect should not pay for Mongoose.
  const { mongoose } = await import('./mongoose.js');
  const connection = mongoose.createConnection(uri, {
    dbName: databaseName,
    appName: 'career',
    serverSelectionTimeoutMS: SERVER_SELECTION_TIMEOUT_MS,
    sanitizeFilter: true,
    // Indexes and collections are created once, explicitly, when a workspace opens (see
    // services/workspace.ts), not raced in the background on every model compile.
    autoIndex: false,
    autoCreate: false,
    ...(readPreference === undefined ? {} : { readPreference }),
  });
  try {
    return await connection.asPromise();
  } catch (error) {
    // A failed connection may still own a driver client with timers; release it.
    await connection.close(true).catch(() => undefined);
    throw error;
  }
}

function isParseError(error: unknown): boolean {
  return error instanceof Error && error.name === 'MongoParseError';
}

async function connectToMongoDb(
  choice: Extract<BackendChoice, { kind: 'mongodb' }>,
  readPreference: ReadPreferenceMode | undefined,
): Promise<DatabaseConnection> {
  const location = redactUri(choice.uri);
  if (!isMongoUri(choice.uri)) {
    throw new UsageError(
      say`${describeSource(choice.source)} is not a MongoDB connection string: ${location}`,
      { hint: 'it must start with mongodb:// or mongodb+srv://' },
    );
  }
  const databaseName = databaseNameOf(choice.uri);
  let connection: Connection;
  try {
    connection = await openConnection(choice.uri, databaseName, readPreference);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (isParseError(error)) {
      throw new UsageError(`invalid connection string ${location}: ${reason}`, {
        hint: switchBackHint(choice.source),
        cause: error,
      });
    }
    throw new DatabaseUnreachableError(
      say`cannot reach the database at ${location} (from ${describeSource(choice.source)}): ${reason}`,
      { hint: switchBackHint(choice.source), cause: error },
    );
  }
  return {
    connection,
    databaseName,
    backend: { kind: 'mongodb', location, uri: choice.uri, source: choice.source },
    close: onceOnly(() => connection.close()),
  };
}

/** The engine's own hint when its error has one (an unsafe socket directory), else a guess. */
function engineStartHint(error: unknown): string | Phrase {
  if (error instanceof Error && 'hint' in error && typeof error.hint === 'string') {
    return error.hint;
  }
  return say`is another career process using it? Run with ${field('debug')} for details`;
}

/** The embedded engine, on this thread or on its own (loaded lazily: only when chosen). */
async function startEmbeddedEngine(dataDir: string, onThread: boolean): Promise<RunningEngine> {
  if (onThread) {
    const { startEngineThread } = await import('../engine/thread.js');
    return startEngineThread({ dataDir });
  }
  const { startEngine } = await import('../engine/index.js');
  return startEngine({ dataDir });
}

async function connectToEmbedded(
  paths: CareerPaths,
  engineThread: boolean,
): Promise<DatabaseConnection> {
  fs.mkdirSync(paths.dataDir, { recursive: true, mode: 0o700 });
  // Mongoose is loaded alongside the engine, as it will be needed right after.
  const [started] = await Promise.allSettled([
    startEmbeddedEngine(paths.dataDir, engineThread),
    import('./mongoose.js'),
  ]);
  let engine: RunningEngine;
  try {
    if (started.status === 'rejected') throw started.reason;
    engine = started.value;
  } catch (error) {
    if (error instanceof CareerError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new DatabaseUnreachableError(
      `cannot start the embedded database in ${paths.dataDir}: ${reason}`,
      { hint: engineStartHint(error), cause: error },
    );
  }
  const databaseName = databaseNameOf(engine.uri);
  let connection: Connection;
  try {
    connection = await openConnection(engine.uri, databaseName);
  } catch (error) {
    await engine.close();
    const reason = error instanceof Error ? error.message : String(error);
    throw new DatabaseUnreachableError(`cannot connect to the embedded database: ${reason}`, {
      hint: DEBUG_HINT,
      cause: error,
    });
  }
  return {
    connection,
    databaseName,
    backend: { kind: 'embedded', location: engine.dataFile, uri: engine.uri, source: 'default' },
    close: onceOnly(async () => {
      try {
        await connection.close();
      } finally {
        await engine.close();
      }
    }),
  };
}

/** Connects to the backend chosen by {@link chooseBackend}. */
export async function connect(options: ConnectOptions = {}): Promise<DatabaseConnection> {
  const env = options.env ?? process.env;
  const paths = options.paths ?? careerPaths(env);
  const choice = chooseBackend({ ...options, env, paths });
  return choice.kind === 'embedded'
    ? connectToEmbedded(paths, options.engineThread === true)
    : connectToMongoDb(choice, options.readOnly === true ? readPreferenceFrom(env) : undefined);
}

/** Runs `work` with an open database and always closes it, so the process can exit. */
export async function withDatabase<T>(
  options: ConnectOptions,
  work: (database: DatabaseConnection) => Promise<T>,
): Promise<T> {
  const database = await connect(options);
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

function onceOnly(close: () => Promise<void>): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => (closing ??= close());
}
