// Cuts a TCP/Unix byte stream into whole wire messages. Chunks are only held until a message
// is complete, then joined once (or, when one chunk already holds it, sliced without copying),
// so a 48MB insert batch is not re-copied for every chunk that arrives.
import { HEADER_SIZE, readHeader, type MessageHeader } from './header.js';

export type Frame =
  | { kind: 'message'; header: MessageHeader; bytes: Buffer }
  /** messageLength outside [16, max]: the stream cannot be resynchronised. */
  | { kind: 'invalid-length'; header: MessageHeader };

export class MessageFramer {
  private chunks: Buffer[] = [];
  private buffered = 0;

  get bufferedBytes(): number {
    return this.buffered;
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
  }

  /**
   * The next complete frame, or undefined while more bytes are needed. A message longer than
   * maxMessageSize is refused as soon as its header is in (the limit may change between
   * messages: see WireConnection).
   */
  next(maxMessageSize: number): Frame | undefined {
    if (this.buffered < HEADER_SIZE) return undefined;
    this.gatherFront(HEADER_SIZE);
    const front = this.chunks[0];
    if (front === undefined) return undefined;
    const header = readHeader(front);
    if (header.messageLength < HEADER_SIZE || header.messageLength > maxMessageSize) {
      return { kind: 'invalid-length', header };
    }
    if (this.buffered < header.messageLength) return undefined;
    return { kind: 'message', header, bytes: this.take(header.messageLength) };
  }

  /** Drops everything buffered (the connection is going away). */
  clear(): void {
    this.chunks = [];
    this.buffered = 0;
  }

  /** Makes the first chunk at least `size` bytes long (only ever called with small sizes). */
  private gatherFront(size: number): void {
    const front = this.chunks[0];
    if (front !== undefined && front.length >= size) return;
    let joinedLength = 0;
    let count = 0;
    while (joinedLength < size) {
      joinedLength += this.chunks[count]?.length ?? 0;
      count += 1;
    }
    const joined = Buffer.concat(this.chunks.slice(0, count), joinedLength);
    this.chunks.splice(0, count, joined);
  }

  /** Removes and returns exactly `size` bytes from the front; the caller checked availability. */
  private take(size: number): Buffer {
    const front = this.chunks[0];
    if (front !== undefined && front.length >= size) {
      const bytes = front.subarray(0, size);
      if (front.length === size) this.chunks.shift();
      else this.chunks[0] = front.subarray(size);
      this.buffered -= size;
      return bytes;
    }
    const bytes = Buffer.allocUnsafe(size);
    let filled = 0;
    while (filled < size) {
      const chunk = this.chunks[0];
      if (chunk === undefined) break;
      const wanted = size - filled;
      if (chunk.length <= wanted) {
        chunk.copy(bytes, filled);
        filled += chunk.length;
        this.chunks.shift();
      } else {
        chunk.copy(bytes, filled, 0, wanted);
        filled += wanted;
        this.chunks[0] = chunk.subarray(wanted);
      }
    }
    this.buffered -= size;
    return bytes;
  }
}
