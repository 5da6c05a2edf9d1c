// The engine's opt-in log, one JSON object a line in mongod's structured style
// ({"t":{"$date":...},"s":"I","c":"COMMAND","id":51803,"ctx":"conn3","msg":"Slow query",...}).
// Always redacted, as mongod with redactClientLogData: commands are logged by their shape
// (field names, every value "###"), errors by code, never a document's value nor a payload.
import type { Document } from 'bson';

export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** mongod's default slowms. */
export const DEFAULT_SLOW_MS = 100;

export interface EngineLogOptions {
  /** The least severe events written: error < warn < info < debug. */
  readonly level: LogLevel;
  /** Commands that take longer are logged as "Slow query" (at info). */
  readonly slowMs?: number;
  /** Receives each line, newline included. */
  readonly write: (line: string) => void;
  /** The clock, for tests. */
  readonly now?: () => Date;
}

const SEVERITY: Readonly<Record<LogLevel, string>> = {
  error: 'E',
  warn: 'W',
  info: 'I',
  debug: 'D1',
};
const RANK: Readonly<Record<LogLevel, number>> = { error: 0, warn: 1, info: 2, debug: 3 };

const REDACTED = '###';
const MAX_SHAPE_DEPTH = 4;

/** A document's field names with every value replaced by "###" (arrays too: their length is data). */
export function shapeOf(value: unknown, depth = 0): unknown {
  if (
    depth >= MAX_SHAPE_DEPTH ||
    typeof value !== 'object' ||
    value === null ||
    Array.isArray(value) ||
    '_bsontype' in value ||
    value instanceof Date
  ) {
    return REDACTED;
  }
  return Object.fromEntries(
    Object.keys(value).map((key) => [key, shapeOf((value as Document)[key], depth + 1)]),
  );
}

/** What one command did, as the dispatcher knows it. */
export interface CommandEvent {
  readonly connectionId: number;
  readonly name: string;
  readonly db: string;
  readonly command: Document;
  readonly reply: Document;
  readonly durationMillis: number;
}

function countsOf(name: string, reply: Document): Document {
  const cursor = reply.cursor as Document | undefined;
  const batch = cursor?.firstBatch ?? cursor?.nextBatch;
  if (Array.isArray(batch)) return { nreturned: batch.length };
  if (typeof reply.n !== 'number') return {};
  if (name === 'insert') return { ninserted: reply.n };
  if (name === 'delete') return { ndeleted: reply.n };
  if (name === 'update') return { nMatched: reply.n, nModified: reply.nModified };
  return { nreturned: reply.n };
}

export class EngineLog {
  private readonly rank: number;
  private readonly slowMs: number;
  private readonly now: () => Date;

  constructor(private readonly options: EngineLogOptions) {
    this.rank = RANK[options.level];
    this.slowMs = options.slowMs ?? DEFAULT_SLOW_MS;
    this.now = options.now ?? (() => new Date());
  }

  enabled(level: LogLevel): boolean {
    return RANK[level] <= this.rank;
  }

  write(
    level: LogLevel,
    line: { c: string; id: number; ctx: string; msg: string; attr?: Document },
  ): void {
    if (!this.enabled(level)) return;
    const entry = { t: { $date: this.now().toISOString() }, s: SEVERITY[level], ...line };
    this.options.write(`${JSON.stringify(entry)}\n`);
  }

  connectionAccepted(connectionId: number, remote: string, connectionCount: number): void {
    this.write('info', {
      c: 'NETWORK',
      id: 22943,
      ctx: 'listener',
      msg: 'Connection accepted',
      attr: { remote, connectionId, connectionCount },
    });
  }

  connectionEnded(connectionId: number, remote: string, connectionCount: number): void {
    this.write('info', {
      c: 'NETWORK',
      id: 22944,
      ctx: `conn${connectionId}`,
      msg: 'Connection ended',
      attr: { remote, connectionId, connectionCount },
    });
  }

  /** A finished command: a failure at warn, a slow one at info, any at debug. */
  command(event: CommandEvent): void {
    const failed = event.reply.ok !== 1;
    const slow = event.durationMillis >= this.slowMs;
    const level: LogLevel = failed ? 'warn' : slow ? 'info' : 'debug';
    if (!this.enabled(level)) return;
    const target = event.command[event.name];
    const ns = typeof target === 'string' ? `${event.db}.${target}` : `${event.db}.$cmd`;
    const attr: Document = {
      type: 'command',
      ns,
      command: shapeOf(event.command),
      ...(failed
        ? { ok: 0, errCode: event.reply.code, errName: event.reply.codeName }
        : countsOf(event.name, event.reply)),
      durationMillis: Math.round(event.durationMillis),
    };
    // mongod's ids: 51803 "Slow query", 21962 "Assertion while executing command", 21965 "About to run the command".
    const [id, msg] = failed
      ? [21962, 'Command failed']
      : slow
        ? [51803, 'Slow query']
        : [21965, 'Command'];
    this.write(level, { c: 'COMMAND', id, ctx: `conn${event.connectionId}`, msg, attr });
  }
}
