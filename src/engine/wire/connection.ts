// One client connection: frames the byte stream, runs its commands strictly one after another,
// and writes the replies. Nothing thrown here may escape into the socket's event handlers.
import type { Socket } from 'node:net';
import type { Document } from 'bson';
import { encode, encodeReply as encodeReplyBytes, MAX_INTERNAL_BSON_SIZE } from '../codec.js';
import { ErrorCode, MongoServerError, toServerError } from '../errors.js';
import { protocolError } from './bson-slice.js';
import { MessageFramer } from './framing.js';
import { HEADER_SIZE, OpCode, type MessageHeader } from './header.js';
import { MAX_UNAUTHENTICATED_MESSAGE_BYTES, type BufferBudget, type WireLimits } from './limits.js';
import { frameOpMsgReply, OpMsgFlag, parseOpMsg, peekOpMsgFlags } from './op-msg.js';
import { commandFromOpQuery, parseOpQuery } from './op-query.js';
import { frameOpReply, ReplyFlag } from './op-reply.js';
import {
  CloseConnection,
  type CommandHandler,
  type CommandRequest,
  type ConnectionInfo,
} from './types.js';

/** runCommand's answer when the handler asked to drop the connection. */
const CLOSE = Symbol('close connection');

/** MongoDB's largest reply document: a 16MB document plus room for the reply's own fields. */
const MAX_REPLY_SIZE = MAX_INTERNAL_BSON_SIZE;
/** How long a refused peer gets to read our parting error before the socket is destroyed. */
const PARTING_TIMEOUT_MS = 5_000;

/** Errors after which MongoDB drops the connection (its ConnectionFatalMessageParseError). */
const CONNECTION_FATAL_CODES: ReadonlySet<number> = new Set([
  ErrorCode.IllegalOpMsgFlag,
  ErrorCode.ChecksumMismatch,
]);

export interface ConnectionContext {
  handler: CommandHandler;
  info: ConnectionInfo;
  /** Request ids for the server's replies, unique across the server. */
  nextRequestId: () => number;
  limits: WireLimits;
  /** The server's count of bytes buffered by all its connections. */
  buffers: BufferBudget;
  /**
   * Whether the connection has signed in, when the server requires it (the command layer
   * knows); until then its messages may be MAX_UNAUTHENTICATED_MESSAGE_BYTES long at most.
   */
  isSignedIn?: (connection: ConnectionInfo) => boolean;
}

export class WireConnection {
  private readonly framer: MessageFramer;
  private pumping = false;
  private closed = false;
  /** Closes the connection once it has been silent too long (see WireLimits.idleTimeoutMs). */
  private readonly idleTimer: NodeJS.Timeout;
  /** Runs while a message has started to arrive but not finished (slowloris). */
  private messageTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly socket: Socket,
    private readonly context: ConnectionContext,
  ) {
    this.framer = new MessageFramer();
    this.idleTimer = setTimeout(() => this.onIdle(), context.limits.idleTimeoutMs);
    this.idleTimer.unref();
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    // ECONNRESET, EPIPE and friends: the peer is gone, which is not ours to report.
    socket.on('error', () => this.destroy());
    socket.on('close', () => this.markClosed());
  }

  /** The longest message this connection may send now: small until it has signed in. */
  private get maxMessageBytes(): number {
    const max = this.context.limits.maxMessageBytes;
    const signedIn = this.context.isSignedIn?.(this.context.info) ?? true;
    return signedIn ? max : Math.min(max, MAX_UNAUTHENTICATED_MESSAGE_BYTES);
  }

  destroy(): void {
    this.markClosed();
    this.socket.destroy();
  }

  /** The server's buffers are full and this connection holds the most: drop it. */
  evict(): void {
    this.destroy();
  }

  private markClosed(): void {
    this.closed = true;
    this.framer.clear();
    this.context.buffers.update(this, 0);
    clearTimeout(this.idleTimer);
    this.stopMessageTimer();
  }

  private onData(chunk: Buffer): void {
    if (this.closed) return;
    this.idleTimer.refresh();
    this.framer.push(chunk);
    this.context.buffers.update(this, this.framer.bufferedBytes);
    if (this.closed) return;
    if (this.pumping) {
      if (this.framer.bufferedBytes >= this.maxMessageBytes) this.socket.pause();
      return;
    }
    this.pumping = true;
    this.pump().catch(() => this.destroy());
  }

  /** Silent for the whole idle timeout: close, unless a command or a reply is under way. */
  private onIdle(): void {
    if (this.closed) return;
    if (this.pumping) this.idleTimer.refresh();
    else this.destroy();
  }

  /** While part of a message waits and no command runs, the rest must come in time. */
  private watchPartialMessage(): void {
    if (this.closed || this.pumping || this.framer.bufferedBytes === 0) {
      this.stopMessageTimer();
      return;
    }
    if (this.messageTimer !== undefined) return;
    this.messageTimer = setTimeout(() => this.destroy(), this.context.limits.messageTimeoutMs);
    this.messageTimer.unref();
  }

  private stopMessageTimer(): void {
    if (this.messageTimer === undefined) return;
    clearTimeout(this.messageTimer);
    this.messageTimer = undefined;
  }

  /** Handles every complete message in arrival order; one runs at a time per connection. */
  private async pump(): Promise<void> {
    try {
      for (;;) {
        if (this.closed) return;
        const frame = this.framer.next(this.maxMessageBytes);
        if (frame === undefined) return;
        if (frame.kind === 'invalid-length') {
          await this.refuseLength(frame.header);
          return;
        }
        // A whole message arrived: the next one gets a fresh messageTimeout.
        this.stopMessageTimer();
        this.context.buffers.update(this, this.framer.bufferedBytes);
        await this.handleMessage(frame.header, frame.bytes);
        if (this.socket.isPaused() && !this.closed) this.socket.resume();
      }
    } finally {
      // Synchronous with the last framer.next(): no data event can slip in between.
      this.pumping = false;
      this.idleTimer.refresh();
      this.watchPartialMessage();
    }
  }

  private async handleMessage(header: MessageHeader, message: Buffer): Promise<void> {
    switch (header.opCode) {
      case OpCode.Msg:
        return this.handleOpMsg(header, message);
      case OpCode.Query:
        return this.handleOpQuery(header, message);
      default:
        // MongoDB closes the connection on opcodes it does not serve (legacy writes, compressed).
        this.destroy();
    }
  }

  private async handleOpMsg(header: MessageHeader, message: Buffer): Promise<void> {
    const flags = peekOpMsgFlags(message) ?? 0;
    const expectsReply = (flags & OpMsgFlag.MoreToCome) === 0;
    let request: CommandRequest;
    try {
      request = parseOpMsg(message);
    } catch (err) {
      const error = asParseError(err);
      if (expectsReply) await this.sendOpMsg(header, error.toReply());
      if (CONNECTION_FATAL_CODES.has(error.code)) this.endAfterFlush();
      return;
    }
    const reply = await this.runCommand(request);
    if (reply === CLOSE) return this.destroy();
    if (request.moreToCome) return;
    await this.sendOpMsg(header, reply);
  }

  private async handleOpQuery(header: MessageHeader, message: Buffer): Promise<void> {
    let request: CommandRequest;
    try {
      request = commandFromOpQuery(parseOpQuery(message));
    } catch (err) {
      const error = asParseError(err);
      // Legacy clients look for $err and the QueryFailure flag; newer ones read ok/errmsg/code.
      const reply = { $err: error.message, ...error.toReply() };
      await this.send(
        frameOpReply(
          this.context.nextRequestId(),
          header.requestID,
          encodeReply(reply),
          ReplyFlag.QueryFailure,
        ),
      );
      return;
    }
    const reply = await this.runCommand(request);
    if (reply === CLOSE) return this.destroy();
    await this.send(
      frameOpReply(this.context.nextRequestId(), header.requestID, encodeReply(reply)),
    );
  }

  private async runCommand(request: CommandRequest): Promise<Document | typeof CLOSE> {
    try {
      return await this.context.handler(request, this.context.info);
    } catch (err) {
      if (err instanceof CloseConnection) return CLOSE;
      return toServerError(err).toReply();
    }
  }

  /** A messageLength outside [16, max]: answer if we can, then hang up as MongoDB does. */
  private async refuseLength(header: MessageHeader): Promise<void> {
    const max = this.maxMessageBytes;
    const why =
      max < this.context.limits.maxMessageBytes ? ' until the connection has signed in' : '';
    const error = protocolError(
      `message length ${header.messageLength} is invalid; min ${HEADER_SIZE} max ${max}${why}`,
    );
    const body = encodeReply(error.toReply());
    const requestId = this.context.nextRequestId();
    const reply =
      header.opCode === OpCode.Query
        ? frameOpReply(requestId, header.requestID, body, ReplyFlag.QueryFailure)
        : frameOpMsgReply(requestId, header.requestID, body);
    await this.send(reply);
    this.endAfterFlush();
  }

  private sendOpMsg(request: MessageHeader, reply: Document): Promise<void> {
    return this.send(
      frameOpMsgReply(this.context.nextRequestId(), request.requestID, encodeReply(reply)),
    );
  }

  /** Writes one framed reply; waits for the socket to drain when its buffer is full. */
  private async send(chunks: Buffer[]): Promise<void> {
    if (this.closed || !this.socket.writable) return;
    this.socket.cork();
    let flushed = true;
    for (const chunk of chunks) flushed = this.socket.write(chunk);
    this.socket.uncork();
    if (!flushed) await this.waitForDrain();
  }

  /** Resolves when the client has taken the reply, or drops it when it does not in time. */
  private waitForDrain(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.destroy(), this.context.limits.messageTimeoutMs);
      timer.unref();
      const done = (): void => {
        clearTimeout(timer);
        this.socket.off('drain', done);
        this.socket.off('close', done);
        resolve();
      };
      this.socket.on('drain', done);
      this.socket.on('close', done);
    });
  }

  /** Stops reading, lets written replies reach the peer, then closes. */
  private endAfterFlush(): void {
    if (this.closed) return;
    this.markClosed();
    const timer = setTimeout(() => this.socket.destroy(), PARTING_TIMEOUT_MS);
    timer.unref();
    this.socket.end(() => {
      clearTimeout(timer);
      this.socket.destroy();
    });
  }
}

/** Parse failures are MongoServerErrors already; anything else means a malformed frame. */
function asParseError(err: unknown): MongoServerError {
  if (err instanceof MongoServerError) return err;
  return protocolError(`malformed message: ${err instanceof Error ? err.message : String(err)}`);
}

/** Encodes a reply document, replacing it with an error when it cannot be sent as is. */
function encodeReply(reply: Document): Buffer {
  let bytes: Buffer;
  try {
    bytes = encodeReplyBytes(reply);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return encode(
      new MongoServerError(ErrorCode.InternalError, `cannot encode reply: ${reason}`).toReply(),
    );
  }
  if (bytes.length <= MAX_REPLY_SIZE) return bytes;
  return encode(
    new MongoServerError(
      ErrorCode.BSONObjectTooLarge,
      `BSONObj size: ${bytes.length} (0x${bytes.length.toString(16)}) is invalid. ` +
        `Size must be between 0 and ${MAX_REPLY_SIZE}(${Math.floor(MAX_REPLY_SIZE / (1024 * 1024))}MB)`,
    ).toReply(),
  );
}
