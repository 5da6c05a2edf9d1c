// The listening side: accepts TCP or Unix-socket clients and gives each a WireConnection.
import { chmod, lstat, unlink } from 'node:fs/promises';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { WireConnection } from './connection.js';
import { BufferBudget, wireLimits, type WireLimits } from './limits.js';
import type { EngineLog } from '../log.js';
import type { CommandHandler, ConnectionInfo } from './types.js';

export type ListenTarget = { socketPath: string } | { host: string; port: number };

/** Where the server ended up listening (port is the real one when 0 was asked for). */
export interface ListeningAddress {
  socketPath?: string;
  host?: string;
  port?: number;
}

export interface WireServer {
  listen(target: ListenTarget): Promise<ListeningAddress>;
  /** Stops listening and drops every client connection. */
  close(): Promise<void>;
  /** Open client connections right now. */
  readonly connectionCount: number;
}

export interface WireServerOptions {
  /**
   * Whether a connection has signed in, for a server that requires it: until then a message
   * may be 64 KiB at most (MAX_UNAUTHENTICATED_MESSAGE_BYTES in limits.ts), refused as soon as
   * its header says more. Without it every connection may send maxMessageBytes.
   */
  isSignedIn?: (connection: ConnectionInfo) => boolean;
  /** Told of each connection accepted and ended (the engine log, log.ts). */
  log?: Pick<EngineLog, 'connectionAccepted' | 'connectionEnded'>;
}

const SOCKET_FILE_MODE = 0o600;
const INT32_MAX = 0x7fffffff;

/** limits: see limits.ts; the defaults suit a personal server. */
export function createWireServer(
  handler: CommandHandler,
  given: Partial<WireLimits> = {},
  options: WireServerOptions = {},
): WireServer {
  const limits = wireLimits(given);
  const buffers = new BufferBudget(limits.maxBufferedBytes);
  const connections = new Set<WireConnection>();
  let nextConnectionId = 1;
  let lastRequestId = 0;
  const nextRequestId = (): number => {
    lastRequestId = lastRequestId >= INT32_MAX ? 1 : lastRequestId + 1;
    return lastRequestId;
  };

  const server: Server = createServer((socket: Socket) => {
    const info = { id: nextConnectionId++, remote: remoteOf(socket) };
    const connection = new WireConnection(socket, {
      handler,
      info,
      nextRequestId,
      limits,
      buffers,
      ...(options.isSignedIn ? { isSignedIn: options.isSignedIn } : {}),
    });
    connections.add(connection);
    options.log?.connectionAccepted(info.id, info.remote, connections.size);
    socket.on('close', () => {
      connections.delete(connection);
      options.log?.connectionEnded(info.id, info.remote, connections.size);
    });
  });
  // Accept-time failures (EMFILE and the like) must not crash the process.
  server.on('error', () => undefined);
  // Node closes a connection past this count as soon as it is accepted ('drop').
  server.maxConnections = limits.maxConnections;
  server.on('drop', () => undefined);

  return {
    get connectionCount() {
      return connections.size;
    },

    async listen(target) {
      if ('socketPath' in target) {
        await removeStaleSocket(target.socketPath);
        await listenOn(server, { path: target.socketPath });
        // Only this user may connect (and must still sign in: see commands/authentication.ts).
        await chmod(target.socketPath, SOCKET_FILE_MODE);
        return { socketPath: target.socketPath };
      }
      await listenOn(server, { host: target.host, port: target.port });
      const address = server.address() as AddressInfo;
      return { host: address.address, port: address.port };
    },

    close() {
      return new Promise<void>((resolve) => {
        if (!server.listening) {
          for (const connection of connections) connection.destroy();
          resolve();
          return;
        }
        server.close(() => resolve());
        for (const connection of connections) connection.destroy();
      });
    },
  };
}

function listenOn(server: Server, options: { path: string } | { host: string; port: number }) {
  return new Promise<void>((resolve, reject) => {
    const onError = (err: Error): void => reject(err);
    server.once('error', onError);
    server.listen(options, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

function remoteOf(socket: Socket): string {
  if (socket.remoteAddress === undefined) return 'unix';
  const host = socket.remoteAddress.includes(':')
    ? `[${socket.remoteAddress}]`
    : socket.remoteAddress;
  return `${host}:${socket.remotePort ?? 0}`;
}

/**
 * A socket file left by a server that died would make listen() fail with EADDRINUSE. Remove it,
 * but only when nothing answers on it: a live server there keeps its socket.
 */
async function removeStaleSocket(path: string): Promise<void> {
  let isSocket: boolean;
  try {
    isSocket = (await lstat(path)).isSocket();
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return;
    throw err;
  }
  if (!isSocket) throw new Error(`${path} exists and is not a socket`);
  if (await socketAnswers(path)) {
    throw Object.assign(new Error(`another server is listening on ${path}`), {
      code: 'EADDRINUSE',
    });
  }
  try {
    await unlink(path);
  } catch (err) {
    if (errorCode(err) !== 'ENOENT') throw err;
  }
}

/** Whether something accepts connections on the Unix socket at `path`. */
export function socketAnswers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = connect({ path });
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => {
      probe.destroy();
      resolve(false);
    });
  });
}

/** A system error's code (ENOENT and the like), if it has one. */
export function errorCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : undefined;
}
