// What one server lets its clients hold: connections, bytes waiting in its buffers, and time.
// Without them, 30 connections each sending most of a 47 MB message took the process to 1.4 GB,
// and a connection that never sent anything stayed open forever.
import { MAX_INTERNAL_BSON_SIZE, MAX_MESSAGE_SIZE_BYTES } from '../codec.js';

export interface WireLimits {
  /** Open client connections; one more is closed as soon as it is accepted. */
  maxConnections: number;
  /**
   * The largest message one connection may send (and how much it may have waiting behind a
   * running command): a longer one is answered with an error and the connection closed.
   */
  maxMessageBytes: number;
  /** Bytes waiting in all connections' buffers together; past it, the biggest holder is dropped. */
  maxBufferedBytes: number;
  /** A connection that sent nothing for this long, with no command running, is closed. */
  idleTimeoutMs: number;
  /**
   * How long a message may take to arrive once it has started (and a reply to be taken by the
   * client): a client trickling bytes (slowloris) or not reading is dropped after it.
   */
  messageTimeoutMs: number;
}

const MIB = 1024 * 1024;

/**
 * The largest message a connection may send before it has signed in (when the server requires
 * it). Decoding a message costs time on the engine's one thread (a 15.7 MB body of 1.2 M keys
 * took 1.1 s), which nobody should get to spend unauthenticated; what a client sends before
 * signing in (hello with client metadata and speculativeAuthenticate, the SASL steps) takes
 * about a kilobyte.
 */
export const MAX_UNAUTHENTICATED_MESSAGE_BYTES = 64 * 1024;

/** For a personal server: room for any message a driver sends, and for a few at once. */
export const DEFAULT_WIRE_LIMITS: Readonly<WireLimits> = {
  maxConnections: 64,
  maxMessageBytes: MAX_MESSAGE_SIZE_BYTES,
  maxBufferedBytes: 64 * MIB,
  idleTimeoutMs: 10 * 60 * 1000,
  messageTimeoutMs: 60 * 1000,
};

/** The longest a Node timer waits: a longer timeout fires after 1 ms instead. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * The least maxMessageBytes a server chosen by a person may have (see servedWireLimits): one
 * insert of MongoDB's largest document (16 MiB) with its command around it.
 */
const MIN_SERVED_MESSAGE_BYTES = MAX_INTERNAL_BSON_SIZE;

/**
 * The defaults with the given limits in their place (undefined ones keep theirs). Each is
 * taken in whole units and must be at least 1; timeouts past what a timer can wait (24.8 days)
 * are that; a message may be 48 MB at most, MongoDB's own limit, which drivers are told.
 */
export function wireLimits(given: Partial<WireLimits> = {}): WireLimits {
  const limits = { ...DEFAULT_WIRE_LIMITS };
  for (const [name, value] of Object.entries(given) as [keyof WireLimits, number | undefined][]) {
    if (value === undefined) continue;
    const whole = Math.floor(value);
    if (!Number.isFinite(whole) || whole < 1) {
      throw new RangeError(`${name} must be at least 1 (got ${value})`);
    }
    limits[name] = whole;
  }
  limits.maxMessageBytes = Math.min(limits.maxMessageBytes, MAX_MESSAGE_SIZE_BYTES);
  limits.idleTimeoutMs = Math.min(limits.idleTimeoutMs, MAX_TIMEOUT_MS);
  limits.messageTimeoutMs = Math.min(limits.messageTimeoutMs, MAX_TIMEOUT_MS);
  return limits;
}

/**
 * wireLimits for a server people's tools use (db serve): a message limit under
 * MIN_SERVED_MESSAGE_BYTES is refused, since drivers then could not insert a 16 MB document.
 */
export function servedWireLimits(given: Partial<WireLimits> = {}): WireLimits {
  const limits = wireLimits(given);
  if (limits.maxMessageBytes < MIN_SERVED_MESSAGE_BYTES) {
    throw new RangeError(
      `maxMessageBytes must be at least ${MIN_SERVED_MESSAGE_BYTES} ` +
        `(MongoDB's largest document, 16 MiB, with its command), got ${limits.maxMessageBytes}`,
    );
  }
  return limits;
}

/** Something holding buffered bytes that can be made to let go of them (a connection). */
interface BufferHolder {
  /** Drops the holder (and with it its bytes) because the server's buffers are full. */
  evict(): void;
}

/**
 * The bytes every connection has buffered, together. When they pass the cap, the connection
 * holding the most is dropped, then the next, until the total fits: a client trickling a huge
 * message loses to one sending a small one.
 */
export class BufferBudget {
  private total = 0;
  private readonly held = new Map<BufferHolder, number>();

  constructor(private readonly max: number) {}

  get bufferedBytes(): number {
    return this.total;
  }

  /** Records what the holder buffers now (0 when it is gone). */
  update(holder: BufferHolder, bytes: number): void {
    this.total += bytes - (this.held.get(holder) ?? 0);
    if (bytes > 0) this.held.set(holder, bytes);
    else this.held.delete(holder);
    while (this.total > this.max) {
      const biggest = this.biggestHolder();
      if (biggest === undefined) break;
      this.total -= this.held.get(biggest) ?? 0;
      this.held.delete(biggest);
      biggest.evict();
    }
  }

  private biggestHolder(): BufferHolder | undefined {
    let biggest: BufferHolder | undefined;
    let most = 0;
    for (const [holder, bytes] of this.held) {
      if (bytes > most) {
        biggest = holder;
        most = bytes;
      }
    }
    return biggest;
  }
}
