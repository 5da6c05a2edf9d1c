// The storage backend over one SQLite file (WAL) holding every database and collection.
// Several processes may share the file: writes take SQLite's write lock (BEGIN IMMEDIATE) and
// every transaction first re-checks the catalog version, so a process never acts on a stale
// view of which collections and indexes exist.
import { chmodSync, closeSync, openSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Database as SqliteDatabase, Statement } from 'better-sqlite3';
import type { Document } from 'bson';
import { ErrorCode, MongoServerError } from '../errors.js';
import type {
  CollectionInfo,
  CollectionStore,
  DatabaseStats,
  IndexSpec,
  StorageBackend,
} from './backend.js';
import {
  CatalogStore,
  indexEntryOf,
  namespaceKey,
  type CollectionEntry,
  type IndexEntry,
} from './catalog.js';
import { validateCollectionName, validateDatabaseName } from './names.js';
import { SqliteCollection } from './sqlite-collection.js';
import { CollectionStatements, IndexStatements } from './statements.js';
import { TextStatements } from './text-index.js';

export type SqliteBackendOptions = ({ file: string } | { memory: true }) & {
  /** SQLite's page cache, in MiB (default 32). */
  cacheMb?: number;
  /** How long to wait for another connection's write lock (default 10 s; 0 for transactions). */
  busyTimeoutMs?: number;
  /** Another connection of this process made the schema: open without taking the write lock. */
  schemaReady?: boolean;
};

const DEFAULT_CACHE_MB = 32;

/** The database file and its -wal and -shm hold every record: owner-only, whatever the umask. */
const DATA_FILE_MODE = 0o600;

/**
 * Creates the file owner-only before SQLite opens it (SQLite would make it 0644, and makes
 * its -wal and -shm with the file's mode), and restricts a file that already exists.
 */
function restrictDataFile(file: string): void {
  closeSync(openSync(file, 'a', DATA_FILE_MODE));
  chmodSync(file, DATA_FILE_MODE);
}

/** A -wal or -shm left by an older version (or another process) keeps its mode otherwise. */
function restrictCompanionFiles(file: string): void {
  for (const suffix of ['-wal', '-shm']) {
    try {
      chmodSync(file + suffix, DATA_FILE_MODE);
    } catch (error) {
      // Not there (or just removed by another process closing the database): nothing to do.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}

/** How long a connection waits for another process's write lock before failing. */
const BUSY_TIMEOUT_MS = 10_000;

export function openSqliteBackend(options: SqliteBackendOptions): StorageBackend {
  return new SqliteBackend(options);
}

export class SqliteBackend implements StorageBackend {
  readonly location: string;
  private readonly db: SqliteDatabase;
  private readonly catalog: CatalogStore;
  private collections = new Map<string, CollectionEntry>();
  /** Bumped on every catalog reload, so handles can cache their entry between reloads. */
  private catalogGeneration = 0;
  private catalogVersion = -1;
  /** Bumped by every catalog change this connection makes, to notice rolled-back ones. */
  private changeCount = 0;
  private catalogStale = false;
  /** data_version when the catalog was last known current (see inCatalog). */
  private checkedDataVersion: number | undefined;
  private depth = 0;
  /** changeCount when the held transaction began (beginHeld). */
  private heldChanges = 0;
  private mode: 'read' | 'write' | undefined;
  private readonly handles = new Map<string, SqliteCollection>();
  private readonly collectionStatementCache = new Map<number, CollectionStatements>();
  private readonly indexStatementCache = new Map<number, IndexStatements>();
  private readonly textStatementCache = new Map<number, TextStatements>();
  private readonly begin: Statement;
  private readonly beginImmediate: Statement;
  private readonly commit: Statement;
  private readonly rollback: Statement;
  private readonly savepoint: Statement;
  private readonly release: Statement;
  private readonly rollbackToSavepoint: Statement;
  private readonly dataVersionPragma: Statement;
  /** Write transactions this connection committed (data_version counts only other ones'). */
  private committedWrites = 0;

  constructor(options: SqliteBackendOptions) {
    this.location = 'file' in options ? options.file : ':memory:';
    if ('file' in options) restrictDataFile(options.file);
    this.db = new Database('file' in options ? options.file : ':memory:');
    this.db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? BUSY_TIMEOUT_MS}`);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    // Index inserts touch random B-tree pages; a larger page cache keeps them hot.
    const cacheMb = options.cacheMb ?? DEFAULT_CACHE_MB;
    this.db.pragma(`cache_size = -${Math.round(cacheMb * 1024)}`);
    // A checkpoint every 16 MiB of WAL rather than 4: a batch of inserts rewrites the same
    // index pages, and fewer checkpoints copy (and sync) each of them fewer times.
    this.db.pragma('wal_autocheckpoint = 4000');
    this.begin = this.db.prepare('BEGIN DEFERRED');
    this.beginImmediate = this.db.prepare('BEGIN IMMEDIATE');
    this.commit = this.db.prepare('COMMIT');
    this.rollback = this.db.prepare('ROLLBACK');
    this.savepoint = this.db.prepare('SAVEPOINT nested');
    this.release = this.db.prepare('RELEASE nested');
    this.rollbackToSavepoint = this.db.prepare('ROLLBACK TO nested');
    this.dataVersionPragma = this.db.prepare('PRAGMA data_version').pluck();
    // Another process may be creating the schema at the same moment.
    (options.schemaReady === true ? this.begin : this.beginImmediate).run();
    try {
      this.catalog = new CatalogStore(this.db, options.schemaReady !== true);
      this.commit.run();
    } catch (err) {
      this.rollback.run();
      throw err;
    }
    // The WAL and its index exist from the first transaction on.
    if ('file' in options) restrictCompanionFiles(options.file);
  }

  // ---- transactions ----

  write<T>(fn: () => T): T {
    if (this.mode === 'read') {
      throw new MongoServerError(ErrorCode.InternalError, 'cannot write inside a read transaction');
    }
    if (this.depth === 0) return this.outermost('write', fn);
    const changesBefore = this.changeCount;
    this.savepoint.run();
    this.depth++;
    try {
      const result = fn();
      this.release.run();
      return result;
    } catch (err) {
      // Some SQLite errors (disk full, I/O) end the whole transaction: then there is no savepoint.
      if (this.db.inTransaction) {
        this.rollbackToSavepoint.run();
        this.release.run();
      }
      if (this.changeCount !== changesBefore) this.reloadCatalog();
      throw err;
    } finally {
      this.depth--;
    }
  }

  dataVersion(): string {
    return `${this.committedWrites}:${String(this.dataVersionPragma.get())}`;
  }

  read<T>(fn: () => T): T {
    return this.depth === 0 ? this.outermost('read', fn) : fn();
  }

  /**
   * Opens a transaction that outlives calls (a session's multi-document transaction): until
   * commitHeld or abortHeld, write() and read() run inside it, on the snapshot its first read
   * takes, which refreshing the catalog does now.
   */
  beginHeld(): void {
    if (this.depth !== 0) throw new Error('a transaction is already open on this connection');
    this.begin.run();
    this.mode = 'write';
    this.depth = 1;
    this.heldChanges = this.changeCount;
    this.refreshCatalog();
  }

  commitHeld(): void {
    try {
      this.commit.run();
      this.committedWrites++;
    } finally {
      this.endHeld();
    }
  }

  abortHeld(): void {
    try {
      if (this.db.inTransaction) this.rollback.run();
    } finally {
      this.endHeld();
    }
  }

  private endHeld(): void {
    if (this.db.inTransaction) this.rollback.run();
    if (this.changeCount !== this.heldChanges) this.catalogStale = true;
    this.depth = 0;
    this.mode = undefined;
  }

  /** Runs fn in the current write transaction, or in a new one (no savepoint: callers are atomic). */
  inWrite<T>(fn: () => T): T {
    return this.mode === 'write' ? fn() : this.write(fn);
  }

  inRead<T>(fn: () => T): T {
    return this.depth > 0 ? fn() : this.outermost('read', fn);
  }

  /**
   * Runs fn, which reads the cached catalog only (no table), without a transaction when no
   * other connection has committed since the catalog was last checked (PRAGMA data_version
   * is unchanged; this connection's own catalog changes reload it as they happen): a find's
   * several look-ups (the collection, its views, collation and plan) then cost one pragma
   * each rather than a transaction each.
   */
  inCatalog<T>(fn: () => T): T {
    if (this.depth > 0) return fn();
    if (
      !this.catalogStale &&
      this.checkedDataVersion !== undefined &&
      this.dataVersionPragma.get() === this.checkedDataVersion
    ) {
      return fn();
    }
    return this.outermost('read', () => {
      this.checkedDataVersion = this.dataVersionPragma.get() as number;
      return fn();
    });
  }

  private outermost<T>(mode: 'read' | 'write', fn: () => T): T {
    (mode === 'write' ? this.beginImmediate : this.begin).run();
    this.mode = mode;
    this.depth = 1;
    const changesBefore = this.changeCount;
    try {
      this.refreshCatalog();
      const result = fn();
      this.commit.run();
      if (mode === 'write') this.committedWrites++;
      return result;
    } catch (err) {
      if (this.db.inTransaction) this.rollback.run();
      if (this.changeCount !== changesBefore) this.catalogStale = true;
      throw err;
    } finally {
      this.depth = 0;
      this.mode = undefined;
    }
  }

  /** Reloads the cached catalog when another connection (or a rollback) changed it. */
  private refreshCatalog(): void {
    const version = this.catalog.version();
    if (version !== this.catalogVersion || this.catalogStale) this.reloadCatalog(version);
  }

  private reloadCatalog(version = this.catalog.version()): void {
    this.collections = this.catalog.load();
    this.catalogGeneration++;
    this.catalogVersion = version;
    this.catalogStale = false;
    const collectionIds = new Set<number>();
    const indexIds = new Set<number>();
    for (const entry of this.collections.values()) {
      collectionIds.add(entry.id);
      for (const index of entry.indexes) indexIds.add(index.id);
    }
    for (const id of this.collectionStatementCache.keys()) {
      if (!collectionIds.has(id)) this.collectionStatementCache.delete(id);
    }
    for (const id of this.indexStatementCache.keys()) {
      if (!indexIds.has(id)) this.indexStatementCache.delete(id);
    }
    for (const id of this.textStatementCache.keys()) {
      if (!indexIds.has(id)) this.textStatementCache.delete(id);
    }
  }

  /** After this connection changed the catalog (inside the current transaction). */
  private catalogChanged(): void {
    this.changeCount++;
    this.reloadCatalog();
  }

  // ---- catalog access for collections (call inside a transaction) ----

  get generation(): number {
    return this.catalogGeneration;
  }

  entryOf(db: string, name: string): CollectionEntry | undefined {
    return this.collections.get(namespaceKey(db, name));
  }

  createEntry(db: string, name: string, options: Document): CollectionEntry {
    validateCollectionName(db, name);
    this.catalog.createCollection(db, name, options);
    this.catalogChanged();
    return this.entryOf(db, name) as CollectionEntry;
  }

  addIndex(entry: CollectionEntry, spec: IndexSpec): IndexEntry {
    const id = this.catalog.createIndex(entry.id, spec);
    this.catalogChanged();
    return indexEntryOf(id, spec, false);
  }

  removeIndex(index: IndexEntry): void {
    this.catalog.dropIndex(index);
    this.catalogChanged();
  }

  updateIndexSpec(index: IndexEntry, spec: IndexSpec): void {
    this.catalog.updateIndexSpec(index, spec);
    this.catalogChanged();
  }

  hasDuplicateKeys(index: IndexEntry): boolean {
    return this.catalog.hasDuplicateKeys(index);
  }

  markMultikey(index: IndexEntry): void {
    this.catalog.markMultikey(index);
    this.catalogChanged();
  }

  collectionStatements(entry: CollectionEntry): CollectionStatements {
    let statements = this.collectionStatementCache.get(entry.id);
    if (!statements) {
      statements = new CollectionStatements(this.db, entry.table);
      this.collectionStatementCache.set(entry.id, statements);
    }
    return statements;
  }

  indexStatements(entry: CollectionEntry, index: IndexEntry): IndexStatements {
    let statements = this.indexStatementCache.get(index.id);
    if (!statements) {
      statements = new IndexStatements(this.db, index.table, entry.table);
      this.indexStatementCache.set(index.id, statements);
    }
    return statements;
  }

  textStatements(entry: CollectionEntry, index: IndexEntry): TextStatements {
    let statements = this.textStatementCache.get(index.id);
    if (!statements) {
      statements = new TextStatements(this.db, index.id, entry.table);
      this.textStatementCache.set(index.id, statements);
    }
    return statements;
  }

  private handle(db: string, name: string): SqliteCollection {
    const key = namespaceKey(db, name);
    let handle = this.handles.get(key);
    if (!handle) {
      handle = new SqliteCollection(this, db, name);
      this.handles.set(key, handle);
    }
    return handle;
  }

  private entriesOf(db: string): CollectionEntry[] {
    return [...this.collections.values()]
      .filter((entry) => entry.db === db)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  private dataSize(entry: CollectionEntry): number {
    return this.collectionStatements(entry).size.get() ?? 0;
  }

  // ---- StorageBackend ----

  listDatabases(): { name: string; sizeOnDisk: number; empty: boolean }[] {
    return this.inRead(() => {
      const sizes = new Map<string, number>();
      for (const entry of this.collections.values()) {
        sizes.set(entry.db, (sizes.get(entry.db) ?? 0) + this.dataSize(entry));
      }
      return [...sizes.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([name, sizeOnDisk]) => ({ name, sizeOnDisk, empty: false }));
    });
  }

  listNamespaces(): { db: string; collection: string }[] {
    return this.inRead(() =>
      [...this.collections.values()].map((entry) => ({ db: entry.db, collection: entry.name })),
    );
  }

  listCollections(db: string): CollectionInfo[] {
    return this.inCatalog(() =>
      this.entriesOf(db).map((entry) => ({
        name: entry.name,
        type: entry.options.viewOn === undefined ? ('collection' as const) : ('view' as const),
        options: { ...entry.options },
      })),
    );
  }

  createCollection(db: string, name: string, options: Document = {}): CollectionStore {
    validateCollectionName(db, name);
    this.inWrite(() => {
      if (this.entryOf(db, name)) {
        throw new MongoServerError(
          ErrorCode.NamespaceExists,
          `Collection ${db}.${name} already exists.`,
        );
      }
      this.createEntry(db, name, options);
    });
    return this.handle(db, name);
  }

  setCollectionOptions(db: string, name: string, options: Document): void {
    this.inWrite(() => {
      const entry = this.entryOf(db, name);
      if (!entry) {
        throw new MongoServerError(ErrorCode.NamespaceNotFound, `ns does not exist: ${db}.${name}`);
      }
      this.catalog.setOptions(entry, options);
      this.catalogChanged();
    });
  }

  getCollection(db: string, name: string, create = false): CollectionStore | undefined {
    if (this.inCatalog(() => this.entryOf(db, name))) return this.handle(db, name);
    if (!create) return undefined;
    validateCollectionName(db, name);
    this.inWrite(() => {
      if (!this.entryOf(db, name)) this.createEntry(db, name, {});
    });
    return this.handle(db, name);
  }

  dropCollection(db: string, name: string): boolean {
    return this.inWrite(() => {
      const entry = this.entryOf(db, name);
      if (!entry) return false;
      this.catalog.dropCollection(entry);
      this.catalogChanged();
      return true;
    });
  }

  renameCollection(db: string, from: string, toDb: string, to: string, dropTarget: boolean): void {
    validateCollectionName(toDb, to);
    this.inWrite(() => {
      const source = this.entryOf(db, from);
      if (!source) {
        throw new MongoServerError(ErrorCode.NamespaceNotFound, 'source namespace does not exist');
      }
      if (db === toDb && from === to) {
        throw new MongoServerError(
          ErrorCode.IllegalOperation,
          "Can't rename a collection to itself",
        );
      }
      const target = this.entryOf(toDb, to);
      if (target) {
        if (!dropTarget) {
          throw new MongoServerError(ErrorCode.NamespaceExists, 'target namespace exists');
        }
        this.catalog.dropCollection(target);
      }
      this.catalog.renameCollection(source, toDb, to);
      this.catalogChanged();
    });
  }

  dropDatabase(db: string): void {
    validateDatabaseName(db);
    this.inWrite(() => {
      const entries = this.entriesOf(db);
      if (entries.length === 0) return;
      for (const entry of entries) this.catalog.dropCollection(entry);
      this.catalogChanged();
    });
  }

  databaseStats(db: string): DatabaseStats {
    return this.inRead(() => {
      const stats: DatabaseStats = {
        collections: 0,
        objects: 0,
        dataSize: 0,
        indexes: 0,
        storageSize: this.fileSize(),
      };
      for (const entry of this.entriesOf(db)) {
        const statements = this.collectionStatements(entry);
        stats.collections++;
        stats.objects += statements.count.get() ?? 0;
        stats.dataSize += statements.size.get() ?? 0;
        stats.indexes += 1 + entry.indexes.length;
      }
      return stats;
    });
  }

  private fileSize(): number {
    const pages = Number(this.db.pragma('page_count', { simple: true }));
    const pageSize = Number(this.db.pragma('page_size', { simple: true }));
    return pages * pageSize;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
