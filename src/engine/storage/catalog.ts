// The catalog tables: which MongoDB collections and indexes exist and which SQLite tables hold
// them. Table names come from AUTOINCREMENT ids that are never reused, so a process holding a
// stale catalog can never write into a table that now belongs to another collection.
import type { Database } from 'better-sqlite3';
import { deserialize, type Document } from 'bson';
import { encode } from '../codec.js';
import type { IndexSpec } from './backend.js';
import { textDefinitionOf, type TextIndexDefinition } from '../query/text-values.js';
import { keyFieldsOf, type KeyField } from './index-entries.js';
import {
  partialFilterImpliedBy,
  partialFilterPredicate,
  type DocumentPredicate,
} from './partial-filter.js';
import { createTextTable, dropTextTable } from './text-index.js';

export interface IndexEntry {
  id: number;
  name: string;
  spec: IndexSpec;
  fields: KeyField[];
  unique: boolean;
  sparse: boolean;
  partial: DocumentPredicate | undefined;
  multikey: boolean;
  /** Plain ascending/descending keys, no collation, not partial or hidden: the planner may use it. */
  plannable: boolean;
  /** A partial index with plain keys: the planner may use it for the queries this accepts. */
  plannableFor: ((filter: Document) => boolean) | undefined;
  table: string;
  /** A text index (its entries are in an FTS5 table, see text-index.ts); undefined otherwise. */
  text: TextIndexDefinition | undefined;
}

export interface CollectionEntry {
  id: number;
  db: string;
  name: string;
  options: Document;
  table: string;
  /** Secondary indexes in creation order (the _id index is the documents table itself). */
  indexes: IndexEntry[];
}

export const ID_INDEX_NAME = '_id_';

/** Catalog documents come back with plain JS numbers, as listIndexes/listCollections show them. */
function decodePlain(bytes: Buffer): Document {
  return deserialize(bytes);
}

export function namespaceKey(db: string, name: string): string {
  return `${db}\0${name}`;
}

export function documentsTable(collectionId: number): string {
  return `docs_${collectionId}`;
}

export function indexTable(indexId: number): string {
  return `idx_${indexId}`;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS catalog_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
  INSERT OR IGNORE INTO catalog_meta (key, value) VALUES ('version', 0);
  CREATE TABLE IF NOT EXISTS catalog_collections (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    db TEXT NOT NULL,
    name TEXT NOT NULL,
    options BLOB NOT NULL,
    UNIQUE (db, name)
  );
  CREATE TABLE IF NOT EXISTS catalog_indexes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    collection_id INTEGER NOT NULL,
    name TEXT NOT NULL,
    spec BLOB NOT NULL,
    multikey INTEGER NOT NULL DEFAULT 0,
    UNIQUE (collection_id, name)
  );
`;

interface CollectionRow {
  id: number;
  db: string;
  name: string;
  options: Buffer;
}

interface IndexRow {
  id: number;
  collection_id: number;
  name: string;
  spec: Buffer;
  multikey: number;
}

export function indexEntryOf(id: number, spec: IndexSpec, multikey: boolean): IndexEntry {
  const directions = Object.values(spec.key);
  const plainKeys =
    spec.collation === undefined &&
    spec.hidden !== true &&
    directions.every((direction) => {
      const n = Number(direction);
      return n === 1 || n === -1;
    });
  const plannable = plainKeys && spec.partialFilterExpression === undefined;
  const plannableFor =
    plainKeys && spec.partialFilterExpression !== undefined
      ? partialFilterImpliedBy(spec.partialFilterExpression)
      : undefined;
  return {
    id,
    name: spec.name,
    spec,
    fields: keyFieldsOf(spec.key),
    unique: spec.unique === true,
    sparse: spec.sparse === true,
    partial: spec.partialFilterExpression
      ? partialFilterPredicate(spec.partialFilterExpression)
      : undefined,
    multikey,
    plannable,
    plannableFor,
    table: indexTable(id),
    text: textDefinitionOf(spec),
  };
}

/** Reads and writes the catalog tables; callers hold the transaction. */
export class CatalogStore {
  private readonly versionQuery;
  private readonly bumpVersion;

  constructor(
    private readonly db: Database,
    createSchema = true,
  ) {
    if (createSchema) this.db.exec(SCHEMA);
    this.versionQuery = db.prepare<[], number>(
      "SELECT value FROM catalog_meta WHERE key = 'version'",
    );
    this.versionQuery.pluck();
    this.bumpVersion = db.prepare(
      "UPDATE catalog_meta SET value = value + 1 WHERE key = 'version'",
    );
  }

  version(): number {
    return this.versionQuery.get() ?? 0;
  }

  load(): Map<string, CollectionEntry> {
    const collections = new Map<string, CollectionEntry>();
    const byId = new Map<number, CollectionEntry>();
    const rows = this.db
      .prepare<[], CollectionRow>('SELECT id, db, name, options FROM catalog_collections')
      .all();
    for (const row of rows) {
      const entry: CollectionEntry = {
        id: row.id,
        db: row.db,
        name: row.name,
        options: decodePlain(row.options),
        table: documentsTable(row.id),
        indexes: [],
      };
      collections.set(namespaceKey(row.db, row.name), entry);
      byId.set(row.id, entry);
    }
    const indexRows = this.db
      .prepare<[], IndexRow>(
        'SELECT id, collection_id, name, spec, multikey FROM catalog_indexes ORDER BY id',
      )
      .all();
    for (const row of indexRows) {
      const spec = decodePlain(row.spec) as IndexSpec;
      byId.get(row.collection_id)?.indexes.push(indexEntryOf(row.id, spec, row.multikey !== 0));
    }
    return collections;
  }

  createCollection(dbName: string, name: string, options: Document): number {
    const info = this.db
      .prepare('INSERT INTO catalog_collections (db, name, options) VALUES (?, ?, ?)')
      .run(dbName, name, encode(options));
    const id = Number(info.lastInsertRowid);
    this.db.exec(
      `CREATE TABLE ${documentsTable(id)} (rowid INTEGER PRIMARY KEY, id_key BLOB NOT NULL UNIQUE, doc BLOB NOT NULL)`,
    );
    this.bumpVersion.run();
    return id;
  }

  dropCollection(entry: CollectionEntry): void {
    for (const index of entry.indexes) this.dropIndexTables(index);
    this.db.exec(`DROP TABLE IF EXISTS ${entry.table}`);
    this.db.prepare('DELETE FROM catalog_indexes WHERE collection_id = ?').run(entry.id);
    this.db.prepare('DELETE FROM catalog_collections WHERE id = ?').run(entry.id);
    this.bumpVersion.run();
  }

  setOptions(entry: CollectionEntry, options: Document): void {
    this.db
      .prepare('UPDATE catalog_collections SET options = ? WHERE id = ?')
      .run(encode(options), entry.id);
    this.bumpVersion.run();
  }

  renameCollection(entry: CollectionEntry, toDb: string, to: string): void {
    this.db
      .prepare('UPDATE catalog_collections SET db = ?, name = ? WHERE id = ?')
      .run(toDb, to, entry.id);
    this.bumpVersion.run();
  }

  /** Registers an index and creates its (empty) entries table. */
  createIndex(collectionId: number, spec: IndexSpec): number {
    const info = this.db
      .prepare('INSERT INTO catalog_indexes (collection_id, name, spec) VALUES (?, ?, ?)')
      .run(collectionId, spec.name, encode(spec));
    const id = Number(info.lastInsertRowid);
    this.db.exec(
      `CREATE TABLE ${indexTable(id)} (key BLOB NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY (key, doc)) WITHOUT ROWID`,
    );
    if (textDefinitionOf(spec)) createTextTable(this.db, id);
    this.bumpVersion.run();
    return id;
  }

  private dropIndexTables(index: IndexEntry): void {
    this.db.exec(`DROP TABLE IF EXISTS ${index.table}`);
    if (index.text) dropTextTable(this.db, index.id);
  }

  dropIndex(index: IndexEntry): void {
    this.dropIndexTables(index);
    this.db.prepare('DELETE FROM catalog_indexes WHERE id = ?').run(index.id);
    this.bumpVersion.run();
  }

  /** Replaces an index's options (collMod); its entries stay as they are. */
  updateIndexSpec(index: IndexEntry, spec: IndexSpec): void {
    this.db.prepare('UPDATE catalog_indexes SET spec = ? WHERE id = ?').run(encode(spec), index.id);
    this.bumpVersion.run();
  }

  /** Whether two documents share a key in the index (what a unique conversion must not find). */
  hasDuplicateKeys(index: IndexEntry): boolean {
    const row = this.db
      .prepare(`SELECT 1 FROM ${index.table} GROUP BY key HAVING COUNT(DISTINCT doc) > 1 LIMIT 1`)
      .get();
    return row !== undefined;
  }

  markMultikey(index: IndexEntry): void {
    this.db.prepare('UPDATE catalog_indexes SET multikey = 1 WHERE id = ?').run(index.id);
    this.bumpVersion.run();
  }
}
