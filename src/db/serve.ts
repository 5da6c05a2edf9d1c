// `career db serve`: the embedded engine on TCP, so mongosh, Compass or another program
// can open the same data directory while it runs.
import fs from 'node:fs';
import { CareerError } from '../ui/errors.js';
import { careerPaths, type CareerPaths } from './paths.js';

/** Not MongoDB's 27017, so it can run next to a local mongod. */
export const DEFAULT_SERVE_PORT = 27027;
export const DEFAULT_SERVE_HOST = '127.0.0.1';

/** The engine's wire limits (src/engine/wire/limits.ts); unset ones keep their defaults. */
export interface ServeLimits {
  maxConnections?: number | undefined;
  maxMessageBytes?: number | undefined;
  maxBufferedBytes?: number | undefined;
  idleTimeoutMs?: number | undefined;
  messageTimeoutMs?: number | undefined;
}

export interface ServeOptions {
  host: string;
  port: number;
  paths?: CareerPaths;
  limits?: ServeLimits;
}

export interface ServingEngine {
  uri: string;
  host: string;
  port: number;
  dataFile: string;
  close(): Promise<void>;
}

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

export async function serveEmbedded(options: ServeOptions): Promise<ServingEngine> {
  const paths = options.paths ?? careerPaths();
  fs.mkdirSync(paths.dataDir, { recursive: true, mode: 0o700 });
  const { startEngine } = await import('../engine/index.js');
  try {
    const engine = await startEngine({
      dataDir: paths.dataDir,
      transport: 'tcp',
      host: options.host,
      port: options.port,
      limits: definedOnly(options.limits ?? {}),
    });
    return {
      uri: engine.uri,
      host: engine.host ?? options.host,
      port: engine.port ?? options.port,
      dataFile: engine.dataFile,
      close: () => engine.close(),
    };
  } catch (error) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : '';
    if (code === 'EADDRINUSE') {
      throw new CareerError(`port ${options.port} on ${options.host} is already in use`, {
        hint: 'choose another port with --port',
        cause: error,
      });
    }
    throw error;
  }
}

function definedOnly(limits: ServeLimits): Record<string, number> {
  return Object.fromEntries(
    Object.entries(limits).filter((entry): entry is [string, number] => entry[1] !== undefined),
  );
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
