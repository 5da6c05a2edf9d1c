// The embedded engine's public face: start it on a data directory, get a mongodb:// URI any
// MongoDB driver can use, close it. Layers: wire (protocol) -> commands -> storage (SQLite).
import { chmodSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import {
  deriveScramCredential,
  DEFAULT_SCRAM_ITERATIONS,
  MIN_SCRAM_ITERATIONS,
  randomPassword,
} from './auth/scram.js';
import { AUTHENTICATION_DATABASE, Authenticator } from './commands/authentication.js';
import { createCommandDispatcher } from './commands/dispatcher.js';
import { CursorRegistry } from './commands/cursors.js';
import { FailPoints } from './commands/fail-points.js';
import { PipelineThread } from './commands/pipeline-thread.js';
import { SessionRegistry } from './commands/sessions.js';
import { ReplicaSetIdentity } from './sessions/replica-set.js';
import { transactionConnections } from './transactions/connection-pool.js';
import { TransactionCoordinator } from './transactions/coordinator.js';
import { placeSocket, removeStaleSockets } from './socket-dir.js';
import { EngineLog, type EngineLogOptions } from './log.js';
import { openSqliteBackend } from './storage/sqlite-backend.js';
import { startTtlMonitor } from './ttl-monitor.js';
import { ENGINE_MONGODB_VERSION } from './version.js';
import { wireLimits, type WireLimits } from './wire/limits.js';
import { createWireServer } from './wire/server.js';

export interface EngineCredentials {
  username: string;
  password: string;
}

export interface EngineOptions {
  /**
   * Directory holding the SQLite file (created if missing) and the Unix socket (or, when the
   * socket's path would be too long, a private directory under the temp dir holds it).
   */
  dataDir: string;
  /** 'unix' (default where possible) or 'tcp' on host:port. Both require authentication. */
  transport?: 'unix' | 'tcp';
  host?: string;
  /** 0 (default) picks an ephemeral port. */
  port?: number;
  /** Accept test-only commands (configureFailPoint), like mongod's enableTestCommands. */
  testCommands?: boolean;
  /** How long a transaction may stay open before the engine aborts it (default 60 s). */
  transactionLifetimeSeconds?: number;
  /** SQLite's page cache, in MiB (default 32). */
  cacheMb?: number;
  /**
   * The one user clients sign in as (SCRAM-SHA-256, authSource admin). By default a user
   * `engine` with a random password made for this start, kept in memory and in `uri` only.
   */
  credentials?: EngineCredentials;
  /** Let every client in without authentication. For an explicit, warned opt-out only. */
  insecureWithoutAuthentication?: boolean;
  /** Connections, buffered bytes and timeouts (wire/limits.ts has the defaults). */
  limits?: Partial<WireLimits>;
  /**
   * Run every pipeline that can grow far past its input ($lookup, $unwind, $range...: see
   * commands/pipeline-thread.ts) on the pipeline thread, however few documents it reads, so it
   * cannot hold other clients up: for a server other programs connect to (`db serve`). Off,
   * only pipelines over 10,000 documents or more go there.
   */
  expandingPipelinesOffThread?: boolean;
  /** The opt-in log (log.ts): connections, failed and slow commands. Absent, nothing is logged. */
  log?: EngineLogOptions;
}

export interface RunningEngine {
  /** A connection string, credentials included: a secret, like a password. */
  uri: string;
  /** The user to sign in as; undefined when the engine runs without authentication. */
  username?: string;
  dataFile: string;
  socketPath?: string;
  host?: string;
  port?: number;
  close(): Promise<void>;
}

export const DATA_FILE_NAME = 'career.sqlite';
const DEFAULT_USERNAME = 'engine';

interface EngineUser extends EngineCredentials {
  authenticator: Authenticator;
}

/**
 * The engine's user: the one given (stretched as mongod does), or a random 192-bit password,
 * for which the least iteration count drivers accept is enough (and keeps start-up cheap).
 */
async function engineUser(options: EngineOptions): Promise<EngineUser> {
  const given = options.credentials;
  const credentials = given ?? {
    username: DEFAULT_USERNAME,
    password: randomPassword(),
  };
  const iterations = given ? DEFAULT_SCRAM_ITERATIONS : MIN_SCRAM_ITERATIONS;
  const credential = await deriveScramCredential(
    credentials.username,
    credentials.password,
    iterations,
  );
  return { ...credentials, authenticator: new Authenticator(credential) };
}

function engineUri(hosts: string, credentials: EngineCredentials | undefined): string {
  if (!credentials) return `mongodb://${hosts}/?directConnection=true`;
  const userinfo = `${encodeURIComponent(credentials.username)}:${encodeURIComponent(credentials.password)}`;
  return `mongodb://${userinfo}@${hosts}/?authSource=${AUTHENTICATION_DATABASE}&directConnection=true`;
}

export async function startEngine(options: EngineOptions): Promise<RunningEngine> {
  // Checked before anything is made: a bad limit is a RangeError, with nothing to undo.
  const limits = wireLimits(options.limits);
  const dataDir = path.resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // mkdir's mode only applies to a directory it creates: one made earlier (0755) is made private.
  chmodSync(dataDir, 0o700);
  const dataFile = path.join(dataDir, DATA_FILE_NAME);
  // Derived on libuv's pool: meanwhile the caller's other start-up work (loading Mongoose) runs.
  const user = options.insecureWithoutAuthentication ? undefined : await engineUser(options);
  const useUnix = (options.transport ?? 'unix') === 'unix' && process.platform !== 'win32';
  // Chosen before anything is opened: an unsafe socket directory stops the start.
  const placement = useUnix ? placeSocket(dataDir) : undefined;
  const storage = openSqliteBackend({
    file: dataFile,
    ...(options.cacheMb === undefined ? {} : { cacheMb: options.cacheMb }),
  });
  let connectionCount = (): number => 0;
  const log = options.log ? new EngineLog(options.log) : undefined;
  const pipelines = new PipelineThread(dataFile, {
    expanding: options.expandingPipelinesOffThread === true,
  });
  const replicaSet = new ReplicaSetIdentity();
  const transactions = new TransactionCoordinator(
    replicaSet.clock,
    transactionConnections(dataFile),
    options.transactionLifetimeSeconds,
  );
  const dispatch = createCommandDispatcher({
    storage,
    replicaSet,
    transactions,
    cursors: new CursorRegistry(),
    sessions: new SessionRegistry(),
    ...(options.testCommands ? { failPoints: new FailPoints() } : {}),
    ...(user ? { authentication: user.authenticator } : {}),
    startedAt: new Date(),
    version: ENGINE_MONGODB_VERSION,
    connectionCount: () => connectionCount(),
    rawReplies: true,
    pipelines,
    maxMessageBytes: limits.maxMessageBytes,
    ...(log ? { log } : {}),
  });
  const authenticator = user?.authenticator;
  const server = createWireServer(dispatch, limits, {
    ...(authenticator
      ? { isSignedIn: (connection) => authenticator.signedInUser(connection) !== undefined }
      : {}),
    ...(log ? { log } : {}),
  });
  connectionCount = () => server.connectionCount;

  let address: { socketPath?: string; host?: string; port?: number };
  try {
    if (placement) {
      for (const dir of placement.sweep) await removeStaleSockets(dir);
      address = await server.listen({ socketPath: placement.socketPath });
    } else {
      address = await server.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
    }
  } catch (error) {
    transactions.close();
    storage.close();
    await pipelines.close();
    throw error;
  }
  replicaSet.address = address.socketPath ?? `${address.host ?? '127.0.0.1'}:${address.port ?? 0}`;
  const stopTtlMonitor = startTtlMonitor(storage, undefined, () => transactions.mayHoldWriteLock());
  const close = async (): Promise<void> => {
    stopTtlMonitor();
    await server.close();
    transactions.close();
    await pipelines.close();
    storage.close();
    if (placement) rmSync(placement.socketPath, { force: true });
  };
  const signIn = user ? { username: user.username } : {};
  if (placement) {
    const { socketPath } = placement;
    const uri = engineUri(encodeURIComponent(socketPath), user);
    return { uri, ...signIn, dataFile, socketPath, close };
  }
  const host = address.host ?? options.host ?? '127.0.0.1';
  const port = address.port ?? options.port ?? 0;
  const hostInUri = host.includes(':') ? `[${host}]` : host;
  return {
    uri: engineUri(`${hostInUri}:${port}`, user),
    ...signIn,
    dataFile,
    host,
    port,
    close,
  };
}
