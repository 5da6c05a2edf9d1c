// A bare wire-protocol client over a socket, and the messages it sends, for tests that must
// send what no driver sends (partial messages, trickled bytes, bad flags and checksums, legacy
// OP_QUERY) or watch exactly when the server answers and hangs up.
import { connect, type Socket } from 'node:net';
import { deserialize, serialize, type Document } from 'bson';
import { expect } from 'vitest';
import { crc32c } from '../../src/engine/wire/crc32c.js';

const OP_REPLY = 1;
const OP_QUERY = 2004;
const OP_MSG = 2013;

// ---------- message builders ----------

/** An OP_MSG section: the body (kind 0) or a document sequence (kind 1). */
export type Section = { kind: 0; doc: Document | Buffer } | { kind: 1; id: string; docs: Buffer[] };

export function header(length: number, requestID: number, opCode: number, responseTo = 0): Buffer {
  const bytes = Buffer.alloc(16);
  bytes.writeInt32LE(length, 0);
  bytes.writeInt32LE(requestID, 4);
  bytes.writeInt32LE(responseTo, 8);
  bytes.writeInt32LE(opCode, 12);
  return bytes;
}

function bsonOf(doc: Document | Buffer): Buffer {
  return Buffer.isBuffer(doc) ? doc : Buffer.from(serialize(doc));
}

/**
 * An OP_MSG holding one body document, or the given sections; with flag bits and a checksum
 * (correct or not) when asked.
 */
export function opMsg(
  requestID: number,
  content: Document | Section[],
  options: { flags?: number; checksum?: 'valid' | 'corrupt' } = {},
): Buffer {
  const sections: Section[] = Array.isArray(content) ? content : [{ kind: 0, doc: content }];
  const parts: Buffer[] = [];
  for (const section of sections) {
    if (section.kind === 0) {
      parts.push(Buffer.from([0]), bsonOf(section.doc));
    } else {
      const id = Buffer.from(`${section.id}\0`);
      const size = Buffer.alloc(4);
      size.writeInt32LE(4 + id.length + section.docs.reduce((n, d) => n + d.length, 0));
      parts.push(Buffer.from([1]), size, id, ...section.docs);
    }
  }
  const flags = Buffer.alloc(4);
  flags.writeUInt32LE((options.flags ?? 0) | (options.checksum ? 1 : 0));
  const body = Buffer.concat([flags, ...parts]);
  const checksumSize = options.checksum ? 4 : 0;
  const message = Buffer.concat([
    header(16 + body.length + checksumSize, requestID, OP_MSG),
    body,
    Buffer.alloc(checksumSize),
  ]);
  if (options.checksum) {
    const crc = crc32c(message.subarray(0, message.length - 4));
    message.writeUInt32LE(options.checksum === 'valid' ? crc : (crc ^ 1) >>> 0, message.length - 4);
  }
  return message;
}

/** A legacy OP_QUERY on a namespace (admin.$cmd for a command). */
export function opQuery(requestID: number, ns: string, query: Document): Buffer {
  const nsBytes = Buffer.from(`${ns}\0`);
  const fields = Buffer.alloc(8);
  fields.writeInt32LE(0, 0);
  fields.writeInt32LE(-1, 4);
  const body = Buffer.concat([Buffer.alloc(4), nsBytes, fields, bsonOf(query)]);
  return Buffer.concat([header(16 + body.length, requestID, OP_QUERY), body]);
}

/** The first bytes of an OP_MSG that says it is `length` bytes long (the rest never comes). */
export function messageHead(length: number): Buffer {
  return Buffer.concat([header(length, 1, OP_MSG), Buffer.alloc(5)]);
}

// ---------- raw client ----------

/** A reply as it came: its header, OP_MSG flags or OP_REPLY fields, and its document. */
export interface Reply {
  requestID: number;
  responseTo: number;
  opCode: number;
  flags: number;
  cursorId?: bigint;
  numberReturned?: number;
  doc: Document;
}

function parseReply(message: Buffer): Reply {
  const opCode = message.readInt32LE(12);
  const base = { requestID: message.readInt32LE(4), responseTo: message.readInt32LE(8), opCode };
  if (opCode === OP_MSG) {
    expect(message[20]).toBe(0);
    return { ...base, flags: message.readUInt32LE(16), doc: deserialize(message.subarray(21)) };
  }
  expect(opCode).toBe(OP_REPLY);
  return {
    ...base,
    flags: message.readInt32LE(16),
    cursorId: message.readBigInt64LE(20),
    numberReturned: message.readInt32LE(32),
    doc: deserialize(message.subarray(36)),
  };
}

export class RawWireClient {
  private buffered = Buffer.alloc(0);
  private waiters: Array<() => void> = [];
  isClosed = false;
  readonly closed: Promise<void>;

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, chunk]);
      this.wake();
    });
    socket.on('error', () => undefined);
    this.closed = new Promise((resolve) =>
      socket.on('close', () => {
        this.isClosed = true;
        this.wake();
        resolve();
      }),
    );
  }

  /** Connects to a Unix socket's path, or to { socketPath } or { port } (on 127.0.0.1). */
  static open(address: string | { socketPath?: string; port?: number }): Promise<RawWireClient> {
    const target = typeof address === 'string' ? { socketPath: address } : address;
    return new Promise((resolve, reject) => {
      const socket = target.socketPath
        ? connect({ path: target.socketPath })
        : connect({ host: '127.0.0.1', port: target.port ?? 0 });
      socket.once('connect', () => resolve(new RawWireClient(socket)));
      socket.once('error', reject);
    });
  }

  /** Writes bytes; resolves once they are handed to the system (or the socket is gone). */
  send(bytes: Buffer): Promise<void> {
    return new Promise((resolve) => {
      if (this.isClosed || this.socket.destroyed) return resolve();
      this.socket.write(bytes, () => resolve());
    });
  }

  /** The next whole message from the server, or undefined if the server closed first. */
  async next(timeoutMs = 2000): Promise<Reply | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.buffered.length >= 4) {
        const length = this.buffered.readInt32LE(0);
        if (this.buffered.length >= length) {
          const message = this.buffered.subarray(0, length);
          this.buffered = this.buffered.subarray(length);
          return parseReply(message);
        }
      }
      if (this.isClosed) return undefined;
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error('timed out waiting for a reply');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The next reply's document, or undefined when the server hung up first. */
  async reply(timeoutMs = 5000): Promise<Document | undefined> {
    return (await this.next(timeoutMs))?.doc;
  }

  /** Sends a message and waits for its reply; throws if the server hangs up instead. */
  async request(bytes: Buffer): Promise<Reply> {
    await this.send(bytes);
    const reply = await this.next();
    if (!reply) throw new Error('connection closed without a reply');
    return reply;
  }

  async ping(): Promise<Document | undefined> {
    await this.send(opMsg(7, { ping: 1, $db: 'admin' }));
    return this.reply();
  }

  /** True if the server hung up within ms. */
  async closesWithin(ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const stillOpen = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    });
    const result = await Promise.race([this.closed.then(() => true), stillOpen]);
    clearTimeout(timer);
    return result;
  }

  close(): void {
    this.socket.destroy();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
