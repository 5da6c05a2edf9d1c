// `career db serve`: the embedded engine on TCP, so mongosh, Compass or another program
// can open the same data directory while it runs. Clients sign in as `career` with a password
// made for the session (or given on stdin); serving without one is an explicit, loopback-only
// choice.
import fs from 'node:fs';
import { randomPassword } from '../engine/auth/scram.js';
import { DEFAULT_WIRE_LIMITS, servedWireLimits, type WireLimits } from '../engine/wire/limits.js';
import { CareerError, UsageError } from '../domain/errors.js';
import { field, say } from '../domain/phrases.js';
import { careerPaths, type CareerPaths } from './paths.js';
import { openServeLog, type ServeLogOptions } from './serve-log.js';

/** Not MongoDB's 27017, so it can run next to a local mongod. */
export const DEFAULT_SERVE_PORT = 27027;
export const DEFAULT_SERVE_HOST = '127.0.0.1';
/** The user clients sign in as (in the admin database, MongoDB's usual authSource). */
export const SERVE_USERNAME = 'career';

/** The engine's wire limits (src/engine/wire/limits.ts); unset ones keep their defaults. */
export type ServeLimits = Partial<WireLimits>;
/** What each limit is when not set. */
export const SERVE_LIMIT_DEFAULTS: Readonly<WireLimits> = DEFAULT_WIRE_LIMITS;

/** Why the engine would refuse to serve with these limits, or undefined when it would not. */
export function serveLimitRefusal(limits: ServeLimits): string | undefined {
  try {
    servedWireLimits(limits);
    return undefined;
  } catch (error) {
    if (error instanceof RangeError) return error.message;
    throw error;
  }
}

export interface ServeOptions {
  host: string;
  port: number;
  /** The password clients sign in with; undefined serves without authentication (--no-auth). */
  password: string | undefined;
  paths?: CareerPaths;
  limits?: ServeLimits;
  /** The engine log (off when absent): its level, slow threshold and file (stderr by default). */
  log?: ServeLogOptions;
}

export interface ServingEngine {
  /** The full connection string, password included. */
  uri: string;
  /** Undefined without authentication. */
  username: string | undefined;
  host: string;
  port: number;
  dataFile: string;
  close(): Promise<void>;
}

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** A password for one session: 192 random bits, in characters a URI carries as they are. */
export const sessionPassword = randomPassword;

export async function serveEmbedded(options: ServeOptions): Promise<ServingEngine> {
  const limits = options.limits ?? {};
  const refusal = serveLimitRefusal(limits);
  if (refusal !== undefined) throw new UsageError(`cannot serve with these limits: ${refusal}`);
  const paths = options.paths ?? careerPaths();
  fs.mkdirSync(paths.dataDir, { recursive: true, mode: 0o700 });
  const { startEngine } = await import('../engine/index.js');
  const logOptions = options.log;
  const sink = logOptions ? openServeLog(logOptions.file, process.stderr) : undefined;
  try {
    const engine = await startEngine({
      dataDir: paths.dataDir,
      transport: 'tcp',
      host: options.host,
      port: options.port,
      ...(options.password === undefined
        ? { insecureWithoutAuthentication: true }
        : { credentials: { username: SERVE_USERNAME, password: options.password } }),
      limits,
      // mongosh and Compass share it: a small pipeline that explodes must not hold them up.
      expandingPipelinesOffThread: true,
      ...(logOptions && sink
        ? {
            log: {
              level: logOptions.level,
              ...(logOptions.slowMs === undefined ? {} : { slowMs: logOptions.slowMs }),
              write: sink.write,
            },
          }
        : {}),
    });
    return {
      uri: engine.uri,
      username: engine.username,
      host: engine.host ?? options.host,
      port: engine.port ?? options.port,
      dataFile: engine.dataFile,
      close: async () => {
        await engine.close();
        sink?.close();
      },
    };
  } catch (error) {
    sink?.close();
    const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : '';
    if (code === 'EADDRINUSE') {
      throw new CareerError(`port ${options.port} on ${options.host} is already in use`, {
        hint: say`choose another port with ${field('port')}`,
        cause: error,
      });
    }
    throw error;
  }
}

/** Resolves with the first SIGINT or SIGTERM. */
export function waitForStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
