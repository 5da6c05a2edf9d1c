// The embedded engine's public face: start it on a data directory, get a mongodb:// URI any
// MongoDB driver can use, close it. Layers: wire (protocol) -> commands -> storage (SQLite).
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createCommandDispatcher } from './commands/dispatcher.js';
import { CursorRegistry } from './commands/cursors.js';
import { FailPoints } from './commands/fail-points.js';
import { PipelineThread } from './commands/pipeline-thread.js';
import { SessionRegistry } from './commands/sessions.js';
import { openSqliteBackend } from './storage/sqlite-backend.js';
import { startTtlMonitor } from './ttl-monitor.js';
import { ENGINE_MONGODB_VERSION } from './version.js';
import type { WireLimits } from './wire/limits.js';
import { createWireServer } from './wire/server.js';

export interface EngineOptions {
  /** Directory holding the SQLite file (created if missing) and the Unix socket. */
  dataDir: string;
  /** 'unix' (default where possible) or 'tcp' on host:port. */
  transport?: 'unix' | 'tcp';
  host?: string;
  /** 0 (default) picks an ephemeral port. */
  port?: number;
  /** Accept test-only commands (configureFailPoint), like mongod's enableTestCommands. */
  testCommands?: boolean;
  /** SQLite's page cache, in MiB (default 32). */
  cacheMb?: number;
  /** Connections, buffered bytes and timeouts (wire/limits.ts has the defaults). */
  limits?: Partial<WireLimits>;
}

export interface RunningEngine {
  uri: string;
  dataFile: string;
  socketPath?: string;
  host?: string;
  port?: number;
  close(): Promise<void>;
}

export const DATA_FILE_NAME = 'career.sqlite';
/** Unix socket paths are limited to about 107 bytes; longer ones fall back to TCP. */
const MAX_SOCKET_PATH = 100;
let socketCounter = 0;

function socketUri(socketPath: string): string {
  return `mongodb://${encodeURIComponent(socketPath)}/?directConnection=true`;
}

export async function startEngine(options: EngineOptions): Promise<RunningEngine> {
  const dataDir = path.resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const dataFile = path.join(dataDir, DATA_FILE_NAME);
  const storage = openSqliteBackend({
    file: dataFile,
    ...(options.cacheMb === undefined ? {} : { cacheMb: options.cacheMb }),
  });
  let connectionCount = (): number => 0;
  const pipelines = new PipelineThread(dataFile);
  const dispatch = createCommandDispatcher({
    storage,
    cursors: new CursorRegistry(),
    sessions: new SessionRegistry(),
    ...(options.testCommands ? { failPoints: new FailPoints() } : {}),
    startedAt: new Date(),
    version: ENGINE_MONGODB_VERSION,
    connectionCount: () => connectionCount(),
    rawReplies: true,
    pipelines,
  });
  const server = createWireServer(dispatch, options.limits);
  connectionCount = () => server.connectionCount;

  const socketPath = path.join(dataDir, `engine-${process.pid}-${++socketCounter}.sock`);
  const useUnix =
    (options.transport ?? 'unix') === 'unix' &&
    process.platform !== 'win32' &&
    socketPath.length <= MAX_SOCKET_PATH;
  let address: { socketPath?: string; host?: string; port?: number };
  try {
    address = useUnix
      ? await server.listen({ socketPath })
      : await server.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
  } catch (error) {
    storage.close();
    await pipelines.close();
    throw error;
  }
  const stopTtlMonitor = startTtlMonitor(storage);
  const close = async (): Promise<void> => {
    stopTtlMonitor();
    await server.close();
    await pipelines.close();
    storage.close();
    if (useUnix) rmSync(socketPath, { force: true });
  };
  if (useUnix) return { uri: socketUri(socketPath), dataFile, socketPath, close };
  const host = address.host ?? options.host ?? '127.0.0.1';
  const port = address.port ?? options.port ?? 0;
  const hostInUri = host.includes(':') ? `[${host}]` : host;
  return {
    uri: `mongodb://${hostInUri}:${port}/?directConnection=true`,
    dataFile,
    host,
    port,
    close,
  };
}
