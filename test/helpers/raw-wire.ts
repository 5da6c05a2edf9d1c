// A bare wire-protocol client over a socket, for tests that must send what no driver sends
// (partial messages, trickled bytes) or watch exactly when the server hangs up.
import { connect, type Socket } from 'node:net';
import { deserialize, serialize, type Document } from 'bson';

const OP_MSG = 2013;

/** An OP_MSG holding one body document. */
export function opMsg(requestId: number, body: Document): Buffer {
  const bson = Buffer.from(serialize(body));
  const message = Buffer.alloc(21 + bson.length);
  message.writeInt32LE(message.length, 0);
  message.writeInt32LE(requestId, 4);
  message.writeInt32LE(0, 8);
  message.writeInt32LE(OP_MSG, 12);
  message.writeUInt32LE(0, 16);
  message.writeUInt8(0, 20);
  bson.copy(message, 21);
  return message;
}

/** The first bytes of a message that says it is `length` bytes long (the rest never comes). */
export function messageHead(length: number): Buffer {
  const head = Buffer.alloc(21);
  head.writeInt32LE(length, 0);
  head.writeInt32LE(1, 4);
  head.writeInt32LE(0, 8);
  head.writeInt32LE(OP_MSG, 12);
  return head;
}

export class RawWireClient {
  private received = Buffer.alloc(0);
  private wake: (() => void) | undefined;
  isClosed = false;
  readonly closed: Promise<void>;

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.received = Buffer.concat([this.received, chunk]);
      this.wake?.();
    });
    socket.on('error', () => undefined);
    this.closed = new Promise((resolve) =>
      socket.on('close', () => {
        this.isClosed = true;
        this.wake?.();
        resolve();
      }),
    );
  }

  static open(path: string): Promise<RawWireClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ path });
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

  /** The next reply's body, or undefined when the server hung up first. */
  async reply(timeoutMs = 5000): Promise<Document | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.received.length >= 4 && this.received.length >= this.received.readInt32LE(0)) {
        const length = this.received.readInt32LE(0);
        const message = this.received.subarray(0, length);
        this.received = this.received.subarray(length);
        return deserialize(message.subarray(21));
      }
      if (this.isClosed) return undefined;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('no reply in time');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
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
}
