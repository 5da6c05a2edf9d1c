// Open cursors: what find/aggregate/listX leave for getMore. A cursor holds a lazy iterator,
// so a large result is produced batch by batch rather than all at once.
import { Long, type Document } from 'bson';
import { encodedSize, MAX_BSON_OBJECT_SIZE } from '../codec.js';
import { ErrorCode, MongoServerError } from '../errors.js';

/** Cursors idle longer than this are dropped, like mongod's cursorTimeoutMillis. */
const IDLE_TIMEOUT_MS = 10 * 60 * 1000;
/** The first batch MongoDB returns when the client sets no batchSize. */
export const DEFAULT_FIRST_BATCH = 101;
/** Leave room in a reply for the cursor envelope around the documents. */
const BATCH_BYTES = MAX_BSON_OBJECT_SIZE - 64 * 1024;

interface OpenCursor {
  ns: string;
  source: Iterator<Document>;
  /** A document read past the end of the previous batch (it did not fit). */
  pending?: Document;
  lastUsed: number;
}

export interface Batch {
  documents: Document[];
  /** 0 when the cursor is exhausted (and therefore closed). */
  cursorId: Long;
}

export class CursorRegistry {
  private readonly open = new Map<string, OpenCursor>();
  private nextId = BigInt(Date.now()) * 1000n;

  /** Takes a first batch; registers a cursor only if documents remain. */
  firstBatch(
    ns: string,
    source: Iterator<Document>,
    batchSize: number | undefined,
    singleBatch = false,
  ): Batch {
    this.expireIdle();
    const cursor: OpenCursor = { ns, source, lastUsed: Date.now() };
    const documents = takeBatch(cursor, batchSize ?? DEFAULT_FIRST_BATCH);
    if (singleBatch || !hasMore(cursor)) return { documents, cursorId: Long.ZERO };
    this.nextId += 1n;
    const id = Long.fromBigInt(this.nextId);
    this.open.set(id.toString(), cursor);
    return { documents, cursorId: id };
  }

  getMore(id: Long, ns: string, batchSize: number | undefined): Batch {
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
    const documents = takeBatch(cursor, batchSize ?? Infinity);
    if (!hasMore(cursor)) {
      this.open.delete(key);
      return { documents, cursorId: Long.ZERO };
    }
    return { documents, cursorId: id };
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

function hasMore(cursor: OpenCursor): boolean {
  if (cursor.pending) return true;
  const next = cursor.source.next();
  if (next.done) return false;
  cursor.pending = next.value;
  return true;
}

/** Up to batchSize documents (0: none, Infinity: all) within the reply size limit. */
function takeBatch(cursor: OpenCursor, batchSize: number): Document[] {
  const documents: Document[] = [];
  let bytes = 0;
  while (documents.length < batchSize) {
    let doc: Document | undefined = cursor.pending;
    cursor.pending = undefined;
    if (!doc) {
      const next = cursor.source.next();
      if (next.done) break;
      doc = next.value;
    }
    const size = encodedSize(doc);
    if (documents.length > 0 && bytes + size > BATCH_BYTES) {
      cursor.pending = doc;
      break;
    }
    bytes += size;
    documents.push(doc);
  }
  return documents;
}
