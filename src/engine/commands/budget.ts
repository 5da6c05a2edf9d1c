// A command's time: its maxTimeMS deadline, and the slices it works in. The engine runs every
// connection's commands on one thread, so a long read gives the event loop back every
// SLICE_MS (other connections' commands run in between, as MongoDB's reads yield), and every
// command checks its deadline as it scans. Writes never pause: each is one transaction.
import type { Document } from 'bson';
import { ErrorCode, MongoServerError } from '../errors.js';
import { asNumber } from './arguments.js';

/** How long a read works before it lets other connections in. */
const SLICE_MS = 10;
/** The clock is read once every this many ticks (a tick is one document's worth of work). */
const TICKS_PER_CHECK = 16;
const INT32_MAX = 0x7fffffff;

/** What a paced generator yields when its slice is over: the consumer awaits pause(). */
export const PAUSE: unique symbol = Symbol('pause');
export type Paced<T> = T | typeof PAUSE;

export function timeLimitExceeded(): MongoServerError {
  return new MongoServerError(ErrorCode.MaxTimeMSExpired, 'operation exceeded time limit');
}

export function isTimeLimitExceeded(error: unknown): boolean {
  return error instanceof MongoServerError && error.code === ErrorCode.MaxTimeMSExpired;
}

/** A command's maxTimeMS, validated as MongoDB does; 0 or absent means no limit. */
export function maxTimeOf(command: Document): number {
  const value = command.maxTimeMS;
  if (value === undefined || value === null) return 0;
  const ms = asNumber(value);
  if (ms === undefined) {
    throw new MongoServerError(ErrorCode.BadValue, 'maxTimeMS must be a number');
  }
  if (!Number.isInteger(ms)) {
    throw new MongoServerError(ErrorCode.BadValue, `maxTimeMS has non-integral value: ${ms}`);
  }
  if (ms < 0 || ms > INT32_MAX) {
    throw new MongoServerError(ErrorCode.BadValue, `${ms} value for maxTimeMS is out of range`);
  }
  return ms;
}

export class TimeBudget {
  /** Milliseconds left while the budget is not running (a cursor between getMores). */
  private remaining: number;
  private deadline = Infinity;
  private sliceEnd = Infinity;
  private ticks = 0;

  /** limitMs 0: no deadline, slices only. */
  constructor(limitMs = 0) {
    this.remaining = limitMs > 0 ? limitMs : Infinity;
  }

  /** The clock runs only while a command works on this budget (maxTimeMS counts work time). */
  start(): void {
    const now = performance.now();
    this.deadline = now + this.remaining;
    this.sliceEnd = now + SLICE_MS;
  }

  stop(): void {
    if (this.deadline !== Infinity) this.remaining = Math.max(0, this.deadline - performance.now());
    this.deadline = Infinity;
    this.sliceEnd = Infinity;
  }

  /**
   * Accounts for one unit of work: throws MaxTimeMSExpired once the deadline has passed, and
   * returns true when the slice is over (a paced read then yields PAUSE).
   */
  tick(): boolean {
    if (++this.ticks % TICKS_PER_CHECK !== 0) return false;
    const now = performance.now();
    if (now > this.deadline) throw timeLimitExceeded();
    return now >= this.sliceEnd;
  }

  /** Milliseconds until the deadline (Infinity without one); call while running. */
  remainingMs(): number {
    return Math.max(0, this.deadline - performance.now());
  }

  /** Throws MaxTimeMSExpired if the deadline has passed (after work that could not tick). */
  check(): void {
    if (performance.now() > this.deadline) throw timeLimitExceeded();
  }

  /** Lets the event loop serve other connections, then starts a new slice. */
  async pause(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    const now = performance.now();
    if (now > this.deadline) throw timeLimitExceeded();
    this.sliceEnd = now + SLICE_MS;
  }
}

/** Every item of a paced source, pausing where it asks to. */
export async function drain<T>(source: Iterable<Paced<T>>, budget: TimeBudget): Promise<T[]> {
  const items: T[] = [];
  for (const item of source) {
    if (item === PAUSE) await budget.pause();
    else items.push(item);
  }
  return items;
}

/** Steps of work that yield PAUSE where they can stop for a while, then return T. */
export type Steps<T> = Generator<typeof PAUSE, T>;

/** Runs the steps, letting other connections in at each PAUSE. */
export async function paced<T>(steps: Steps<T>, budget: TimeBudget): Promise<T> {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await budget.pause();
  }
}
