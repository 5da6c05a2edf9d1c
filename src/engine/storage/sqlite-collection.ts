// One MongoDB collection over its documents table and index tables. The handle names the
// collection only; every call resolves it in the (freshly checked) catalog, so a handle stays
// valid across drops, renames and index changes made by other connections.
import type { Document } from 'bson';
import { decodeTyped } from '../codec.js';
import { ErrorCode, MongoServerError } from '../errors.js';
import type {
  CollectionStats,
  CollectionStore,
  EncodedDocument,
  IndexScanPlan,
  IndexSpec,
  PlannedCandidates,
  QueryPlan,
  StoredDocument,
} from './backend.js';
import { ID_INDEX_NAME, type CollectionEntry, type IndexEntry } from './catalog.js';
import { duplicateKeyError } from './duplicate-key.js';
import { allFieldsMissing, documentKeys, type IndexKey } from './index-entries.js';
import { encodeValue } from './index-keys.js';
import {
  chosenIndex,
  planAccess,
  planShape,
  type AccessPlan,
  type IndexScan,
  type KeyRange,
  type PlannableIndex,
} from './index-planner.js';
import { checkNewIndex } from './index-specs.js';
import type { SqliteBackend } from './sqlite-backend.js';
import {
  CHUNK_SIZE,
  ENTRY_BATCH,
  FIRST_CHUNK_SIZE,
  ROW_BATCH,
  type CollectionStatements,
  type DocumentRow,
  type IndexStatements,
} from './statements.js';
import { anyTermQuery, buildTextIndex, textEntryOf, writeTextEntry } from './text-index.js';

/** Filter shapes whose chosen index a collection remembers (cleared when full). */
const PLAN_CACHE_SIZE = 256;

/** Ranges whose first chunks are read in one transaction (bounds the rows held at once). */
const RANGE_GROUP = 64;

const ID_KEY_PATTERN = { _id: 1 };
const ID_INDEX: PlannableIndex = {
  name: ID_INDEX_NAME,
  fields: [{ path: '_id', parts: ['_id'], descending: false }],
  unique: true,
  multikey: false,
  sparse: false,
};
const NO_KEYS: IndexKey[] = [];

function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE';
}

function toStored(row: DocumentRow): StoredDocument {
  return { id: row.id, bytes: row.bytes };
}

/** The index entries of a batch's documents, held back to be written together (insertBatch). */
class HeldEntries {
  /** Per index: key bytes and row id, one after the other. */
  readonly entries: (Buffer | number)[][];
  readonly multikey: boolean[];
  /** Per unique index: the held keys (latin1), for duplicates within the batch. */
  private readonly unique = new Map<number, Set<string>>();

  constructor(indexes: number) {
    this.entries = Array.from({ length: indexes }, () => []);
    this.multikey = Array.from({ length: indexes }, () => false);
  }

  add(
    index: number,
    unique: boolean,
    keys: { keys: IndexKey[]; multikey: boolean },
    rowid: number,
  ): void {
    const entries = this.entries[index] as (Buffer | number)[];
    for (const key of keys.keys) entries.push(key.bytes, rowid);
    if (keys.multikey) this.multikey[index] = true;
    if (!unique) return;
    let seen = this.unique.get(index);
    if (!seen) this.unique.set(index, (seen = new Set()));
    for (const key of keys.keys) seen.add(key.bytes.toString('latin1'));
  }

  holdsUnique(index: number, key: IndexKey): boolean {
    return this.unique.get(index)?.has(key.bytes.toString('latin1')) === true;
  }
}

export class SqliteCollection implements CollectionStore {
  constructor(
    private readonly backend: SqliteBackend,
    readonly db: string,
    readonly name: string,
  ) {}

  private get namespace(): string {
    return `${this.db}.${this.name}`;
  }

  private cachedEntry: CollectionEntry | undefined;
  private cachedGeneration = -1;

  /** The collection's catalog entry (call inside a transaction, after the catalog check). */
  private entry(): CollectionEntry | undefined {
    if (this.cachedGeneration !== this.backend.generation) {
      this.cachedEntry = this.backend.entryOf(this.db, this.name);
      this.cachedGeneration = this.backend.generation;
    }
    return this.cachedEntry;
  }

  defaultCollation(): Document | undefined {
    return this.backend.inCatalog(() => {
      const collation = this.entry()?.options.collation as Document | undefined;
      const locale: unknown = collation?.locale;
      return typeof locale === 'string' && locale !== 'simple' ? collation : undefined;
    });
  }

  private keysFor(index: IndexEntry, doc: Document): { keys: IndexKey[]; multikey: boolean } {
    // A text index's entries are in its FTS5 table (text-index.ts), written beside these.
    if (index.text) return { keys: NO_KEYS, multikey: false };
    if (index.partial && !index.partial(doc)) return { keys: NO_KEYS, multikey: false };
    if (index.sparse && allFieldsMissing(doc, index.fields)) {
      return { keys: NO_KEYS, multikey: false };
    }
    return documentKeys(doc, index.fields);
  }

  private duplicateId(idValue: unknown): MongoServerError {
    return duplicateKeyError(this.namespace, ID_INDEX_NAME, ID_KEY_PATTERN, [idValue]);
  }

  private duplicate(index: IndexEntry, key: IndexKey): MongoServerError {
    return duplicateKeyError(this.namespace, index.name, index.spec.key, key.values);
  }

  // ---- reads ----

  plan(filter: Document, sort?: Document): QueryPlan {
    return this.backend.inCatalog(() => {
      const entry = this.entry();
      if (!entry) return { stage: 'COLLSCAN', exact: false, sorted: false };
      return this.describe(entry, this.accessPlan(entry, filter, sort), true);
    });
  }

  /** What explain and the executor need to know of a plan (index specs from the catalog). */
  private describe(entry: CollectionEntry, plan: AccessPlan, scans = false): QueryPlan {
    const scanPlan = (scan: IndexScan): IndexScanPlan => {
      const spec: IndexSpec | undefined =
        scan.index === ID_INDEX
          ? { key: ID_KEY_PATTERN, name: ID_INDEX_NAME }
          : entry.indexes.find((index) => index.name === scan.index.name)?.spec;
      return {
        indexName: scan.index.name,
        keyPattern: spec?.key ?? {},
        isMultiKey: scan.index.multikey,
        isUnique: spec?.unique === true || scan.index === ID_INDEX,
        isSparse: spec?.sparse === true,
        isPartial: spec?.partialFilterExpression !== undefined,
        direction: scan.backward ? 'backward' : 'forward',
        indexBounds: scan.bounds(),
      };
    };
    switch (plan.stage) {
      case 'COLLSCAN':
        return { stage: 'COLLSCAN', exact: false, sorted: false };
      case 'IDHACK':
        return { stage: 'IDHACK', indexName: ID_INDEX_NAME, exact: plan.exact, sorted: true };
      case 'IXSCAN':
        return {
          stage: 'IXSCAN',
          indexName: plan.index.name,
          exact: plan.exact,
          sorted: plan.sorted,
          ...(scans ? { scan: scanPlan(plan) } : {}),
        };
      case 'OR':
        return {
          stage: 'OR',
          exact: plan.exact,
          sorted: false,
          ...(scans ? { branches: plan.branches.map(scanPlan) } : {}),
        };
    }
  }

  /** The index chosen per filter shape (see planShape), for the catalog generation held. */
  private readonly planCache = new Map<string, string>();
  private planCacheGeneration = -1;

  private accessPlan(entry: CollectionEntry, filter: Document, sort?: Document): AccessPlan {
    const indexesFor = (part: Document): PlannableIndex[] => {
      const indexes: PlannableIndex[] = [ID_INDEX];
      for (const index of entry.indexes) {
        if (index.plannable || index.plannableFor?.(part) === true) indexes.push(index);
      }
      return indexes;
    };
    // Indexes and their multikey flags are the catalog's: a new generation plans afresh.
    if (this.planCacheGeneration !== this.backend.generation) {
      this.planCache.clear();
      this.planCacheGeneration = this.backend.generation;
    }
    const shape = entry.indexes.some((index) => index.plannableFor)
      ? undefined
      : planShape(filter, sort);
    const plan = planAccess(filter, indexesFor, sort, shape && this.planCache.get(shape));
    const chosen = shape === undefined ? undefined : chosenIndex(plan);
    if (shape !== undefined && chosen !== undefined) {
      if (this.planCache.size >= PLAN_CACHE_SIZE) this.planCache.clear();
      this.planCache.set(shape, chosen);
    }
    return plan;
  }

  candidates(filter: Document): Iterable<StoredDocument> {
    return this.planned(filter).candidates;
  }

  planned(filter: Document, sort?: Document): PlannedCandidates {
    const start = this.backend.inCatalog(() => {
      const entry = this.entry();
      if (!entry) return undefined;
      const access = this.accessPlan(entry, filter, sort);
      return { collectionId: entry.id, access, plan: this.describe(entry, access) };
    });
    if (!start) return { plan: { stage: 'EOF', exact: true, sorted: true }, candidates: [] };
    return { plan: start.plan, candidates: this.candidatesOf(start.collectionId, start.access) };
  }

  private *candidatesOf(collectionId: number, plan: AccessPlan): Generator<StoredDocument> {
    if (plan.stage === 'IDHACK') {
      const row = this.backend.inRead(() => {
        const entry = this.entry();
        return entry?.id === collectionId
          ? this.backend.collectionStatements(entry).byKey.get(plan.key)
          : undefined;
      });
      if (row) yield toStored(row);
      return;
    }
    if (plan.stage === 'COLLSCAN') {
      yield* this.scanChunks(collectionId);
      return;
    }
    // Shared across ranges (and a $or's branches): an update that moves a document's key
    // into a later range must not make it a candidate twice.
    const seen = new Set<number>();
    if (plan.stage === 'OR') {
      for (const branch of plan.branches) yield* this.scanCandidates(collectionId, branch, seen);
      return;
    }
    yield* this.scanCandidates(collectionId, plan, seen);
  }

  private *scanCandidates(
    collectionId: number,
    scan: IndexScan,
    seen: Set<number>,
  ): Generator<StoredDocument> {
    if (scan.index === ID_INDEX) {
      for (const range of scan.ranges) {
        yield* this.idRangeChunks(collectionId, range, scan.backward, seen);
      }
      return;
    }
    if (scan.uniqueKeys) {
      yield* this.uniqueKeyRows(collectionId, scan.index.name, scan.uniqueKeys, seen);
      return;
    }
    if (scan.ranges.length === 1 || scan.backward) {
      for (const range of scan.ranges) {
        yield* this.indexRangeChunks(collectionId, scan.index.name, range, seen, scan.backward);
      }
      return;
    }
    // Many ranges (a $in list): the first chunk of a group of ranges is read in one read
    // transaction rather than one each, which is most of the cost of a long, selective $in.
    for (let start = 0; start < scan.ranges.length; start += RANGE_GROUP) {
      const group = scan.ranges.slice(start, start + RANGE_GROUP);
      const firstChunks = this.indexRows(collectionId, scan.index.name, (statements) =>
        group.map((range) => statements.rangeFirst.all(range.lo, range.hi, FIRST_CHUNK_SIZE)),
      );
      for (const [at, range] of group.entries()) {
        const rows = firstChunks?.[at] ?? [];
        for (const row of rows) {
          if (seen.has(row.id)) continue;
          seen.add(row.id);
          yield toStored(row);
        }
        const last = rows[rows.length - 1];
        if (last && rows.length === FIRST_CHUNK_SIZE) {
          const rest = { lo: last.key, hi: range.hi };
          yield* this.indexRangeChunks(collectionId, scan.index.name, rest, seen, false, last.id);
        }
      }
    }
  }

  /**
   * The documents of whole keys of a unique index: for each key its one entry, then the
   * document by row id (two point look-ups cost SQLite less than the joined range query).
   */
  private *uniqueKeyRows(
    collectionId: number,
    indexName: string,
    keys: Buffer[],
    seen: Set<number>,
  ): Generator<StoredDocument> {
    for (let start = 0; start < keys.length; start += RANGE_GROUP) {
      const group = keys.slice(start, start + RANGE_GROUP);
      const rows = this.indexRows(collectionId, indexName, (statements, documents) => {
        const found: StoredDocument[] = [];
        for (const key of group) {
          const id = statements.rowOfKey.get(key);
          if (id === undefined || seen.has(id)) continue;
          const row = documents.byRowid.get(id);
          if (!row) continue;
          seen.add(id);
          found.push({ id, bytes: row.bytes });
        }
        return found;
      });
      yield* rows ?? [];
    }
  }

  /** Runs `read` on an index's statements in one read transaction (undefined once gone). */
  private indexRows<T>(
    collectionId: number,
    indexName: string,
    read: (statements: IndexStatements, documents: CollectionStatements) => T,
  ): T | undefined {
    return this.backend.inRead(() => {
      const entry = this.entry();
      if (entry?.id !== collectionId) return undefined;
      const index = entry.indexes.find((candidate) => candidate.name === indexName);
      if (!index) {
        throw new MongoServerError(
          ErrorCode.QueryPlanKilled,
          `index '${indexName}' dropped during query`,
        );
      }
      return read(
        this.backend.indexStatements(entry, index),
        this.backend.collectionStatements(entry),
      );
    });
  }

  /** Runs one chunk query against the collection, or returns [] once it is gone. */
  private chunk(
    collectionId: number,
    query: (entry: CollectionEntry) => DocumentRow[],
  ): DocumentRow[] {
    return this.backend.inRead(() => {
      const entry = this.entry();
      return entry?.id === collectionId ? query(entry) : [];
    });
  }

  private *scanChunks(collectionId: number): Generator<StoredDocument> {
    let after = 0;
    for (let limit = FIRST_CHUNK_SIZE; ; limit = CHUNK_SIZE) {
      const rows = this.chunk(collectionId, (entry) =>
        this.backend.collectionStatements(entry).scan.all(after, limit),
      );
      for (const row of rows) yield toStored(row);
      const last = rows[rows.length - 1];
      if (!last || rows.length < limit) return;
      after = last.id;
    }
  }

  private *idRangeChunks(
    collectionId: number,
    range: KeyRange,
    backward: boolean,
    seen: Set<number>,
  ): Generator<StoredDocument> {
    let after: Buffer | undefined;
    for (let limit = FIRST_CHUNK_SIZE; ; limit = CHUNK_SIZE) {
      const rows = this.backend.inRead(() => {
        const entry = this.entry();
        if (entry?.id !== collectionId) return [];
        const statements = this.backend.collectionStatements(entry);
        if (backward) return statements.keyRangeBackward.all(after ?? range.hi, range.lo, limit);
        return after
          ? statements.keyRangeNext.all(after, range.hi, limit)
          : statements.keyRangeFirst.all(range.lo, range.hi, limit);
      });
      for (const row of rows) {
        // Only a $or's branches can meet a document twice (_id keys are unique).
        if (seen.has(row.id)) continue;
        seen.add(row.id);
        yield toStored(row);
      }
      const last = rows[rows.length - 1];
      if (!last || rows.length < limit) return;
      after = last.key;
    }
  }

  private *indexRangeChunks(
    collectionId: number,
    indexName: string,
    range: KeyRange,
    seen: Set<number>,
    backward: boolean,
    /** Resume after this row of the key range.lo (-1: from the start of the range). */
    startAfterRow = -1,
  ): Generator<StoredDocument> {
    // Backward: from the end of the range down, (key, row) below (hi, -1) to start with.
    let afterKey = backward ? range.hi : range.lo;
    let afterRow = startAfterRow;
    for (let limit = FIRST_CHUNK_SIZE; ; limit = CHUNK_SIZE) {
      const rows = this.backend.inRead(() => {
        const entry = this.entry();
        if (entry?.id !== collectionId) return [];
        const index = entry.indexes.find((candidate) => candidate.name === indexName);
        if (!index) {
          throw new MongoServerError(
            ErrorCode.QueryPlanKilled,
            `index '${indexName}' dropped during query`,
          );
        }
        const statements = this.backend.indexStatements(entry, index);
        if (afterRow === -1) {
          return backward
            ? statements.rangeBackwardFirst.all(afterKey, range.lo, limit)
            : statements.rangeFirst.all(afterKey, range.hi, limit);
        }
        return backward
          ? statements.rangeBackward.all(afterKey, afterRow, range.lo, limit)
          : statements.range.all(afterKey, afterRow, range.hi, limit);
      });
      for (const row of rows) {
        // A multikey document has one entry per element: report it once.
        if (seen.has(row.id)) continue;
        seen.add(row.id);
        yield toStored(row);
      }
      const last = rows[rows.length - 1];
      if (!last || rows.length < limit) return;
      afterKey = last.key;
      afterRow = last.id;
    }
  }

  *textCandidates(terms: Iterable<string>): Iterable<StoredDocument> {
    const query = anyTermQuery(terms);
    if (query.length === 0) return;
    let after = 0;
    for (let limit = FIRST_CHUNK_SIZE; ; limit = CHUNK_SIZE) {
      const rows = this.backend.inRead(() => {
        const entry = this.entry();
        const index = entry?.indexes.find((candidate) => candidate.text);
        if (!entry || !index) return [];
        return this.backend.textStatements(entry, index).search.all(query, after, limit);
      });
      for (const row of rows) yield toStored(row);
      const last = rows[rows.length - 1];
      if (!last || rows.length < limit) return;
      after = last.id;
    }
  }

  findById(idValue: unknown): StoredDocument | undefined {
    return this.backend.inRead(() => {
      const entry = this.entry();
      if (!entry) return undefined;
      const row = this.backend.collectionStatements(entry).byKey.get(encodeValue(idValue));
      return row && toStored(row);
    });
  }

  count(): number {
    return this.backend.inRead(() => {
      const entry = this.entry();
      return entry ? (this.backend.collectionStatements(entry).count.get() ?? 0) : 0;
    });
  }

  stats(): CollectionStats {
    return this.backend.inRead(() => {
      const entry = this.entry();
      if (!entry) return { count: 0, size: 0, nindexes: 0 };
      const statements = this.backend.collectionStatements(entry);
      return {
        count: statements.count.get() ?? 0,
        size: statements.size.get() ?? 0,
        nindexes: 1 + entry.indexes.length,
      };
    });
  }

  listIndexes(): IndexSpec[] {
    return this.backend.inCatalog(() => {
      const entry = this.entry();
      if (!entry) return [];
      const id: IndexSpec = { v: 2, key: { _id: 1 }, name: ID_INDEX_NAME };
      return [id, ...entry.indexes.map((index) => ({ ...index.spec }))];
    });
  }

  // ---- writes ----

  /**
   * Every unique constraint is checked before anything is written, so a duplicate leaves the
   * collection untouched without paying for a savepoint per document.
   */
  insert(doc: Document, bytes: Buffer): number {
    return this.insertEncoded(doc._id, bytes, () => doc);
  }

  insertEncoded(id: unknown, bytes: Buffer, decode: () => Document): number {
    return this.backend.inWrite(() => {
      const entry = this.entry() ?? this.backend.createEntry(this.db, this.name, {});
      const statements = this.backend.collectionStatements(entry);
      return this.insertInto(entry, statements, { id, bytes, decode });
    });
  }

  insertBatch(
    count: number,
    next: (at: number) => EncodedDocument,
    failed: (at: number, error: unknown) => boolean,
  ): number {
    return this.backend.inWrite(() => {
      const entry = this.entry() ?? this.backend.createEntry(this.db, this.name, {});
      const statements = this.backend.collectionStatements(entry);
      if (entry.indexes.length === 0) return this.insertRows(statements, count, next, failed);
      const held = new HeldEntries(entry.indexes.length);
      let inserted = 0;
      for (let at = 0; at < count; at++) {
        try {
          this.insertInto(entry, statements, next(at), held);
          inserted++;
        } catch (error) {
          if (failed(at, error)) break;
        }
      }
      this.writeHeld(entry, held);
      return inserted;
    });
  }

  /**
   * insertBatch for a collection with no secondary index, where no row id is needed: rows go
   * in ROW_BATCH a statement. A statement that meets a duplicate _id changes nothing, and its
   * rows are then inserted one by one to find which. Held rows are written before a
   * document's own failure is recorded, so failures are recorded in order and an ordered batch
   * stops at the first, as one row at a time would.
   */
  private insertRows(
    statements: CollectionStatements,
    count: number,
    next: (at: number) => EncodedDocument,
    failed: (at: number, error: unknown) => boolean,
  ): number {
    const rows: Buffer[] = [];
    const ids: unknown[] = [];
    const positions: number[] = [];
    let inserted = 0;
    /** Writes the held rows; false when a failure among them stopped the batch. */
    const write = (): boolean => {
      const held = positions.length;
      if (held === 0) return true;
      try {
        if (held === ROW_BATCH) {
          try {
            statements.insertRows.run(...rows);
            inserted += held;
            return true;
          } catch (err) {
            // Nothing of the statement was written: one row at a time finds the duplicate.
            if (!isUniqueViolation(err)) throw err;
          }
        }
        for (let k = 0; k < held; k++) {
          try {
            statements.insert.run(rows[2 * k] as Buffer, rows[2 * k + 1] as Buffer);
            inserted++;
          } catch (err) {
            if (!isUniqueViolation(err)) throw err;
            if (failed(positions[k] as number, this.duplicateId(ids[k]))) return false;
          }
        }
        return true;
      } finally {
        rows.length = 0;
        ids.length = 0;
        positions.length = 0;
      }
    };
    for (let at = 0; at < count; at++) {
      let document: EncodedDocument;
      try {
        document = next(at);
      } catch (error) {
        if (!write() || failed(at, error)) return inserted;
        continue;
      }
      const idValue: unknown = document.id ?? null;
      rows.push(encodeValue(idValue), document.bytes);
      ids.push(idValue);
      positions.push(at);
      if (positions.length === ROW_BATCH && !write()) return inserted;
    }
    write();
    return inserted;
  }

  /**
   * Inserts one document. With `held`, its index entries are added to those (written later by
   * writeHeld) rather than written, and its unique keys checked against them as well.
   */
  private insertInto(
    entry: CollectionEntry,
    statements: CollectionStatements,
    document: EncodedDocument,
    held?: HeldEntries,
  ): number {
    const { bytes } = document;
    const idValue: unknown = document.id ?? null;
    const idKey = encodeValue(idValue);
    const indexes = entry.indexes;
    if (indexes.length === 0) {
      try {
        return Number(statements.insert.run(idKey, bytes).lastInsertRowid);
      } catch (err) {
        if (isUniqueViolation(err)) throw this.duplicateId(idValue);
        throw err;
      }
    }
    const doc = document.decode();
    const indexKeys = indexes.map((index) => this.keysFor(index, doc));
    const textEntries = indexes.map((index) => index.text && textEntryOf(index.text, doc));
    if (indexes.some((index) => index.unique)) {
      if (statements.rowidOfKey.get(idKey) !== undefined) throw this.duplicateId(idValue);
      this.checkUnique(entry, indexKeys, -1);
      if (held) this.checkHeldUnique(entry, indexKeys, held);
    }
    let rowid: number;
    try {
      rowid = Number(statements.insert.run(idKey, bytes).lastInsertRowid);
    } catch (err) {
      if (isUniqueViolation(err)) throw this.duplicateId(idValue);
      throw err;
    }
    indexes.forEach((index, i) => {
      const text = textEntries[i];
      if (text !== undefined) {
        writeTextEntry(this.backend.textStatements(entry, index), rowid, text, false);
        return;
      }
      const keys = indexKeys[i];
      if (!keys || keys.keys.length === 0) return;
      if (held) {
        held.add(i, index.unique === true, keys, rowid);
        return;
      }
      const insertEntry = this.backend.indexStatements(entry, index).insert;
      for (const key of keys.keys) insertEntry.run(key.bytes, rowid);
      if (keys.multikey && !index.multikey) this.backend.markMultikey(index);
    });
    return rowid;
  }

  /** A unique key already held back for an earlier document of the batch is a duplicate too. */
  private checkHeldUnique(
    entry: CollectionEntry,
    indexKeys: { keys: IndexKey[] }[],
    held: HeldEntries,
  ): void {
    entry.indexes.forEach((index, i) => {
      if (!index.unique) return;
      for (const key of indexKeys[i]?.keys ?? NO_KEYS) {
        if (held.holdsUnique(i, key)) throw this.duplicate(index, key);
      }
    });
  }

  /** Writes the held entries of each index, ENTRY_BATCH a statement, and marks multikey ones. */
  private writeHeld(entry: CollectionEntry, held: HeldEntries): void {
    entry.indexes.forEach((index, i) => {
      const entries = held.entries[i];
      if (!entries || entries.length === 0) return;
      const statements = this.backend.indexStatements(entry, index);
      const batchLength = ENTRY_BATCH * 2;
      let at = 0;
      for (; at + batchLength <= entries.length; at += batchLength) {
        statements.insertBatch.run(...entries.slice(at, at + batchLength));
      }
      for (; at < entries.length; at += 2) {
        statements.insert.run(entries[at] as Buffer, entries[at + 1] as number);
      }
      if (held.multikey[i] === true && !index.multikey) this.backend.markMultikey(index);
    });
  }

  private checkUnique(
    entry: CollectionEntry,
    indexKeys: { keys: IndexKey[] }[],
    ownRowid: number,
  ): void {
    entry.indexes.forEach((index, i) => {
      if (!index.unique) return;
      const conflict = this.backend.indexStatements(entry, index).conflict;
      for (const key of indexKeys[i]?.keys ?? NO_KEYS) {
        if (conflict.get(key.bytes, ownRowid) !== undefined) throw this.duplicate(index, key);
      }
    });
  }

  replace(id: number, doc: Document, bytes: Buffer): void {
    this.backend.inWrite(() => {
      const entry = this.entry();
      if (!entry) return;
      const statements = this.backend.collectionStatements(entry);
      const old = statements.byRowid.get(id);
      if (!old) return;
      const idValue: unknown = doc._id ?? null;
      const idKey = encodeValue(idValue);
      if (!idKey.equals(old.idKey)) {
        const other = statements.rowidOfKey.get(idKey);
        if (other !== undefined && other !== id) throw this.duplicateId(idValue);
      }
      const oldDoc = entry.indexes.length > 0 ? decodeTyped(old.bytes) : undefined;
      const changes = entry.indexes.map((index) => {
        const before = this.keysFor(index, oldDoc ?? {}).keys;
        const after = this.keysFor(index, doc);
        const beforeIds = new Set(before.map((key) => key.bytes.toString('latin1')));
        const afterIds = new Set(after.keys.map((key) => key.bytes.toString('latin1')));
        return {
          added: after.keys.filter((key) => !beforeIds.has(key.bytes.toString('latin1'))),
          removed: before.filter((key) => !afterIds.has(key.bytes.toString('latin1'))),
          multikey: after.multikey,
        };
      });
      this.checkUnique(
        entry,
        changes.map((change) => ({ keys: change.added })),
        id,
      );
      const textChanges = entry.indexes.map(
        (index) =>
          index.text && [textEntryOf(index.text, oldDoc ?? {}), textEntryOf(index.text, doc)],
      );
      statements.update.run(idKey, bytes, id);
      entry.indexes.forEach((index, i) => {
        const text = textChanges[i];
        if (text) {
          const [before, after] = text;
          if (before !== after) {
            writeTextEntry(this.backend.textStatements(entry, index), id, after as string, true);
          }
          return;
        }
        const change = changes[i];
        if (!change) return;
        const indexStatements = this.backend.indexStatements(entry, index);
        for (const key of change.removed) indexStatements.remove.run(key.bytes, id);
        for (const key of change.added) indexStatements.insert.run(key.bytes, id);
        if (change.multikey && !index.multikey) this.backend.markMultikey(index);
      });
    });
  }

  remove(id: number): void {
    this.backend.inWrite(() => {
      const entry = this.entry();
      if (!entry) return;
      const statements = this.backend.collectionStatements(entry);
      if (entry.indexes.length > 0) {
        const old = statements.byRowid.get(id);
        if (!old) return;
        const oldDoc = decodeTyped(old.bytes);
        for (const index of entry.indexes) {
          if (index.text) this.backend.textStatements(entry, index).remove.run(id);
          const remove = this.backend.indexStatements(entry, index).remove;
          for (const key of this.keysFor(index, oldDoc).keys) remove.run(key.bytes, id);
        }
      }
      statements.remove.run(id);
    });
  }

  truncate(): void {
    this.backend.inWrite(() => {
      const entry = this.entry();
      if (!entry) return;
      this.backend.collectionStatements(entry).clear.run();
      for (const index of entry.indexes) {
        this.backend.indexStatements(entry, index).clear.run();
        if (index.text) this.backend.textStatements(entry, index).clear.run();
      }
    });
  }

  // ---- indexes ----

  createIndex(spec: IndexSpec): boolean {
    // A nested write: a failed build rolls back its catalog rows and table with it.
    return this.backend.write(() => {
      const entry = this.entry() ?? this.backend.createEntry(this.db, this.name, {});
      const normalized = checkNewIndex(entry, spec);
      if (!normalized) return false;
      const index = this.backend.addIndex(entry, normalized);
      this.buildIndex(entry, index);
      return true;
    });
  }

  private buildIndex(entry: CollectionEntry, index: IndexEntry): void {
    const statements = this.backend.collectionStatements(entry);
    if (index.text) {
      buildTextIndex(statements, this.backend.textStatements(entry, index), index.text);
      return;
    }
    const indexStatements = this.backend.indexStatements(entry, index);
    let multikey = false;
    let after = 0;
    for (;;) {
      const rows = statements.scan.all(after, CHUNK_SIZE);
      for (const row of rows) {
        const keys = this.keysFor(index, decodeTyped(row.bytes));
        multikey ||= keys.multikey;
        for (const key of keys.keys) {
          if (index.unique && indexStatements.conflict.get(key.bytes, row.id) !== undefined) {
            throw this.duplicate(index, key);
          }
          indexStatements.insert.run(key.bytes, row.id);
        }
      }
      const last = rows[rows.length - 1];
      if (!last || rows.length < CHUNK_SIZE) break;
      after = last.id;
    }
    if (multikey) this.backend.markMultikey(index);
  }

  dropIndex(name: string): void {
    if (name === ID_INDEX_NAME) {
      throw new MongoServerError(ErrorCode.InvalidOptions, 'cannot drop _id index');
    }
    this.backend.inWrite(() => {
      const index = this.entry()?.indexes.find((candidate) => candidate.name === name);
      if (!index) {
        throw new MongoServerError(ErrorCode.IndexNotFound, `index not found with name [${name}]`);
      }
      this.backend.removeIndex(index);
    });
  }

  modifyIndex(
    name: string,
    change: (spec: IndexSpec, hasDuplicates: () => boolean) => IndexSpec,
  ): IndexSpec {
    return this.backend.inWrite(() => {
      const index = this.entry()?.indexes.find((candidate) => candidate.name === name);
      if (!index) {
        throw new MongoServerError(ErrorCode.IndexNotFound, `index not found with name [${name}]`);
      }
      const updated = change(index.spec, () => this.backend.hasDuplicateKeys(index));
      this.backend.updateIndexSpec(index, updated);
      return index.spec;
    });
  }
}
