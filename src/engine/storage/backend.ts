// The storage contract the command handlers are written against. It knows documents only as
// BSON bytes plus their decoded form; query semantics live in ../query, wire concerns in ../wire.
import type { Document } from 'bson';

/** A document as stored: its row id inside the collection and its exact BSON bytes. */
export interface StoredDocument {
  readonly id: number;
  readonly bytes: Buffer;
}

/** An index as listIndexes reports it (v, key, name and any options it was created with). */
/** A document to insert from its bytes: its _id, and its decoded form only when needed. */
export interface EncodedDocument {
  readonly id: unknown;
  readonly bytes: Buffer;
  decode(): Document;
}

export interface IndexSpec {
  v?: number;
  key: Document;
  name: string;
  unique?: boolean;
  sparse?: boolean;
  partialFilterExpression?: Document;
  expireAfterSeconds?: number;
  [option: string]: unknown;
}

export interface CollectionInfo {
  name: string;
  /** A view is a collection whose options hold viewOn and pipeline; it stores no documents. */
  type: 'collection' | 'view';
  options: Document;
}

/** One index scan of a plan, as explain describes it. */
export interface IndexScanPlan {
  indexName: string;
  keyPattern: Document;
  isMultiKey: boolean;
  isUnique: boolean;
  isSparse: boolean;
  isPartial: boolean;
  direction: 'forward' | 'backward';
  /** Per index field, the intervals scanned in mongod's notation ("[5, inf.0]"). */
  indexBounds: Record<string, string[]>;
}

/** Which access path the planner chose for a filter (for explain, tests and db status). */
export interface QueryPlan {
  /**
   * 'IXSCAN' when an index narrows the candidates, 'OR' for a union of index scans (one per
   * $or branch), 'IDHACK' for an _id lookup, 'COLLSCAN' otherwise ('EOF': no collection).
   */
  stage: 'IXSCAN' | 'COLLSCAN' | 'IDHACK' | 'OR' | 'EOF';
  indexName?: string;
  /** The candidates are exactly the filter's matches (under the simple collation). */
  exact: boolean;
  /** The candidates come in the order of the sort planned for. */
  sorted: boolean;
  /** The scan (IXSCAN) or scans (OR) in detail: from plan() only, not planned(). */
  scan?: IndexScanPlan;
  branches?: IndexScanPlan[];
}

/** A read planned once: the plan and the candidates it yields (chunked, as candidates()). */
export interface PlannedCandidates {
  plan: QueryPlan;
  candidates: Iterable<StoredDocument>;
}

export interface CollectionStats {
  count: number;
  /** Sum of the stored BSON sizes in bytes. */
  size: number;
  nindexes: number;
}

/**
 * One collection. `doc` arguments are the decoded document (bson's deserialize with
 * promoteValues: false, so numbers may be Int32/Double/Long/Decimal128 objects or plain numbers);
 * storage uses it only to compute index keys and must accept every BSON type.
 */
export interface CollectionStore {
  readonly db: string;
  readonly name: string;

  /**
   * Documents that may match `filter`, in natural (insertion) order unless an index was used.
   * The result is a superset: callers re-check every document with the real matcher.
   * Iteration is chunked, so no SQLite statement stays open between yields and callers may
   * write to the collection while iterating (a later chunk sees those writes, as MongoDB's
   * non-snapshot cursors may).
   */
  candidates(filter: Document): Iterable<StoredDocument>;
  /**
   * candidates() with its plan, for a filter and the sort the caller will apply: an index
   * whose order gives the sort may be chosen (plan.sorted), and an exact plan needs no
   * recheck. With no sort, the candidates of an unindexed filter are in natural order.
   */
  planned(filter: Document, sort?: Document): PlannedCandidates;
  /** The plan planned(filter, sort) would use. */
  plan(filter: Document, sort?: Document): QueryPlan;
  /**
   * Documents whose text index entry holds any of `terms` (folded, stemmed), in natural order,
   * chunked as candidates() is; nothing when the collection has no text index.
   */
  textCandidates(terms: Iterable<string>): Iterable<StoredDocument>;
  /** Looks a document up by its _id value. */
  findById(idValue: unknown): StoredDocument | undefined;
  /**
   * The collation given when the collection was created, which every query, sort and write
   * selection uses unless it names its own; undefined for the simple (binary) collation.
   */
  defaultCollation(): Document | undefined;

  /** Inserts one document; throws MongoServerError 11000 (with keyPattern/keyValue) on a duplicate key. */
  insert(doc: Document, bytes: Buffer): number;
  /**
   * insert() for a document the caller has only as bytes: `id` is its _id and `decode` is
   * called only if an index needs the document's other fields.
   */
  insertEncoded(id: unknown, bytes: Buffer, decode: () => Document): number;
  /**
   * Inserts `count` documents as insertEncoded() would, one after the other in one write, each
   * document's index entries held back and written with the others' at the end (many rows a
   * statement), which is most of the cost of a large insert into an indexed collection.
   * `next(at)` gives the at-th document or throws its error; a document's failure (its own, or
   * a duplicate key, also of a document earlier in the batch) goes to `failed(at, error)`, which
   * says whether to stop there. Returns how many were inserted.
   */
  insertBatch(
    count: number,
    next: (at: number) => EncodedDocument,
    failed: (at: number, error: unknown) => boolean,
  ): number;
  /** Replaces a document's bytes and index entries; 11000 on a duplicate key, nothing changed then. */
  replace(id: number, doc: Document, bytes: Buffer): void;
  remove(id: number): void;
  /** Removes every document, keeps the indexes. */
  truncate(): void;
  count(): number;

  listIndexes(): IndexSpec[];
  /**
   * Creates an index and builds it over the existing documents. Returns false when an identical
   * index already exists; throws IndexOptionsConflict (85) / IndexKeySpecsConflict (86) on a
   * conflicting one, and 11000 when a unique index cannot be built over existing documents.
   */
  createIndex(spec: IndexSpec): boolean;
  /** Throws IndexNotFound (27) for an unknown name; the _id index cannot be dropped. */
  dropIndex(name: string): void;
  /**
   * Changes a secondary index's options (collMod): `change` gets the spec and a check for
   * duplicate keys, and returns the new spec. Returns the old one; IndexNotFound (27) if none.
   */
  modifyIndex(
    name: string,
    change: (spec: IndexSpec, hasDuplicates: () => boolean) => IndexSpec,
  ): IndexSpec;
  stats(): CollectionStats;
}

export interface DatabaseStats {
  collections: number;
  objects: number;
  dataSize: number;
  indexes: number;
  /** Bytes on disk of the whole storage file (shared by all databases). */
  storageSize: number;
}

export interface StorageBackend {
  /** Where the data lives (a file path), for status views. */
  readonly location: string;

  listDatabases(): { name: string; sizeOnDisk: number; empty: boolean }[];
  listCollections(db: string): CollectionInfo[];
  /** Every collection of every database, cheaply (no sizes): for sweeps such as TTL. */
  listNamespaces(): { db: string; collection: string }[];
  /** Throws NamespaceExists (48) when the collection exists. */
  createCollection(db: string, name: string, options?: Document): CollectionStore;
  /** Replaces a collection's options (collMod); NamespaceNotFound (26) when it does not exist. */
  setCollectionOptions(db: string, name: string, options: Document): void;
  /** The collection, or undefined when it does not exist (and create is false). */
  getCollection(db: string, name: string, create?: boolean): CollectionStore | undefined;
  /** Returns false when there was no such collection. */
  dropCollection(db: string, name: string): boolean;
  /** Renames a collection, replacing the target when dropTarget is set. */
  renameCollection(db: string, from: string, toDb: string, to: string, dropTarget: boolean): void;
  dropDatabase(db: string): void;
  databaseStats(db: string): DatabaseStats;

  /**
   * Runs fn inside one write transaction (SQLite BEGIN IMMEDIATE, waiting on other processes
   * through the busy timeout). Nested calls become savepoints, so a failed nested call rolls back
   * only its own changes while the outer transaction goes on.
   */
  write<T>(fn: () => T): T;
  /**
   * Runs fn on one consistent read snapshot. fn must not write (a write inside a read throws:
   * upgrading a WAL read snapshot to a writer could fail); wrap read-then-write work in write().
   */
  read<T>(fn: () => T): T;
  /** Changes whenever anything was written, by this connection or another: same version, same data. */
  dataVersion(): string;

  close(): void;
}
