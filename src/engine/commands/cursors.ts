// Open cursors: what find/aggregate/listX leave for getMore. A cursor holds a lazy iterator,
// so a large result is produced batch by batch rather than all at once; the iterator may ask
// to pause (see budget.ts), and the cursor keeps what is left of its command's maxTimeMS.
import { Long, type Document } from 'bson';
import { encodedSize, MAX_BSON_OBJECT_SIZE } from '../codec.js';
import { ErrorCode, MongoServerError } from '../errors.js';
import { paced, PAUSE, TimeBudget, type Paced, type Steps } from './budget.js';

/** Cursors idle longer than this are dropped, like mongod's cursorTimeoutMillis. */
const IDLE_TIMEOUT_MS = 10 * 60 * 1000;
/** The first batch MongoDB returns when the client sets no batchSize. */
export const DEFAULT_FIRST_BATCH = 101;
/** Leave room in a reply for the cursor envelope around the documents. */
const BATCH_BYTES = MAX_BSON_OBJECT_SIZE - 64 * 1024;

interface OpenCursor {
  ns: string;
  source: Iterator<Paced<Document>>;
  /** A document read past the end of the previous batch (it did not fit). */
  pending?: Document;
  lastUsed: number;
  /** The time left of the command that opened it, spent by its getMores. */
  budget: TimeBudget;
}

export interface Batch {
  documents: Document[];
  /** 0 when the cursor is exhausted (and therefore closed). */
  cursorId: Long;
}

export class CursorRegistry {
  private readonly open = new Map<string, OpenCursor>();
  private nextId = BigInt(Date.now()) * 1000n;

  /** Takes a first batch of documents listed in advance (listCollections, listIndexes). */
  firstBatch(ns: string, source: Iterator<Document>, batchSize: number | undefined): Batch {
    const cursor = this.cursorOver(ns, source, new TimeBudget());
    return this.register(cursor, runThrough(firstSteps(cursor, batchSize, false)));
  }

  /**
   * Takes a first batch from a paced source on the command's (running) budget, pausing where
   * the source asks to; registers a cursor only if documents remain.
   */
  async firstBatchPaced(
    ns: string,
    source: Iterator<Paced<Document>>,
    batchSize: number | undefined,
    singleBatch: boolean,
    budget: TimeBudget,
  ): Promise<Batch> {
    const cursor = this.cursorOver(ns, source, budget);
    return this.register(cursor, await paced(firstSteps(cursor, batchSize, singleBatch), budget));
  }

  private cursorOver(ns: string, source: Iterator<Paced<Document>>, budget: TimeBudget) {
    this.expireIdle();
    return { ns, source, lastUsed: Date.now(), budget };
  }

  private register(cursor: OpenCursor, first: { documents: Document[]; more: boolean }): Batch {
    if (!first.more) {
      cursor.source.return?.();
      return { documents: first.documents, cursorId: Long.ZERO };
    }
    this.nextId += 1n;
    const id = Long.fromBigInt(this.nextId);
    this.open.set(id.toString(), cursor);
    return { documents: first.documents, cursorId: id };
  }

  async getMore(id: Long, ns: string, batchSize: number | undefined): Promise<Batch> {
    const key = id.toString();
    const cursor = this.open.get(key);
    if (!cursor) throw new MongoServerError(ErrorCode.CursorNotFound, `cursor id ${key} not found`);
    if (cursor.ns !== ns) {
      throw new MongoServerError(
        ErrorCode.Unauthorized,
        `Requested getMore on namespace '${ns}', but cursor belongs to a different namespace ${cursor.ns}`,
      );
    }
    cursor.lastUsed = Date.now();
    // Out of the registry while in use: a getMore or killCursors arriving while this one
    // pauses does not find it.
    this.open.delete(key);
    cursor.budget.start();
    try {
      const documents = await paced(takeBatch(cursor, batchSize ?? Infinity), cursor.budget);
      if (!(await paced(hasMore(cursor), cursor.budget))) {
        return { documents, cursorId: Long.ZERO };
      }
      cursor.lastUsed = Date.now();
      this.open.set(key, cursor);
      return { documents, cursorId: id };
    } catch (error) {
      cursor.source.return?.();
      throw error;
    } finally {
      cursor.budget.stop();
    }
  }

  /** Returns whether the cursor existed. */
  kill(id: Long): boolean {
    const key = id.toString();
    const cursor = this.open.get(key);
    if (!cursor) return false;
    cursor.source.return?.();
    this.open.delete(key);
    return true;
  }

  get size(): number {
    return this.open.size;
  }

  private expireIdle(): void {
    const now = Date.now();
    for (const [key, cursor] of this.open) {
      if (now - cursor.lastUsed > IDLE_TIMEOUT_MS) {
        cursor.source.return?.();
        this.open.delete(key);
      }
    }
  }
}

/** For sources that never pause. */
function runThrough<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** The source's next document; undefined at its end. */
function* nextDocument(cursor: OpenCursor): Steps<Document | undefined> {
  for (;;) {
    const next = cursor.source.next();
    if (next.done) return undefined;
    if (next.value !== PAUSE) return next.value;
    yield PAUSE;
  }
}

function* hasMore(cursor: OpenCursor): Steps<boolean> {
  if (cursor.pending) return true;
  cursor.pending = yield* nextDocument(cursor);
  return cursor.pending !== undefined;
}

function* firstSteps(
  cursor: OpenCursor,
  batchSize: number | undefined,
  singleBatch: boolean,
): Steps<{ documents: Document[]; more: boolean }> {
  const documents = yield* takeBatch(cursor, batchSize ?? DEFAULT_FIRST_BATCH);
  return { documents, more: !singleBatch && (yield* hasMore(cursor)) };
}

/** Up to batchSize documents (0: none, Infinity: all) within the reply size limit. */
function* takeBatch(cursor: OpenCursor, batchSize: number): Steps<Document[]> {
  const documents: Document[] = [];
  let bytes = 0;
  while (documents.length < batchSize) {
    let doc: Document | undefined = cursor.pending;
    cursor.pending = undefined;
    if (!doc) {
      // nextDocument inlined: this runs once per document.
      const next = cursor.source.next();
      if (next.done) break;
      if (next.value === PAUSE) {
        yield PAUSE;
        continue;
      }
      doc = next.value;
    }
    // In the reply's array each document also costs its type byte and its index as a name.
    const size = encodedSize(doc) + 2 + String(documents.length).length;
    if (documents.length > 0 && bytes + size > BATCH_BYTES) {
      cursor.pending = doc;
      break;
    }
    bytes += size;
    documents.push(doc);
  }
  return documents;
}
