// Prepared statements per collection and per index, prepared once and reused for every row
// (table names cannot be bound, so each table gets its own set).
import type { Database, Statement } from 'better-sqlite3';

export interface DocumentRow {
  id: number;
  bytes: Buffer;
}

export interface KeyedDocumentRow extends DocumentRow {
  key: Buffer;
}

export interface DocumentWithKeyRow {
  idKey: Buffer;
  bytes: Buffer;
}

/** Rows fetched per query when streaming candidates; the first chunk is smaller (first batches are). */
export const FIRST_CHUNK_SIZE = 128;
export const CHUNK_SIZE = 512;

/** Documents a multi-row insert writes at once, into a collection with no secondary index. */
export const ROW_BATCH = 32;

export class CollectionStatements {
  readonly insert: Statement<[Buffer, Buffer]>;
  /** ROW_BATCH documents (id key, bytes) in one statement. */
  readonly insertRows: Statement<Buffer[]>;
  readonly rowidOfKey: Statement<[Buffer], number>;
  readonly byKey: Statement<[Buffer], DocumentRow>;
  readonly byRowid: Statement<[number], DocumentWithKeyRow>;
  readonly update: Statement<[Buffer, Buffer, number]>;
  readonly remove: Statement<[number]>;
  readonly clear: Statement<[]>;
  readonly scan: Statement<[number, number], DocumentRow>;
  readonly keyRangeFirst: Statement<[Buffer, Buffer, number], KeyedDocumentRow>;
  readonly keyRangeNext: Statement<[Buffer, Buffer, number], KeyedDocumentRow>;
  /** Keys below the first and from the second on, highest first. */
  readonly keyRangeBackward: Statement<[Buffer, Buffer, number], KeyedDocumentRow>;
  readonly count: Statement<[], number>;
  readonly size: Statement<[], number>;

  constructor(db: Database, table: string) {
    this.insert = db.prepare(`INSERT INTO ${table} (id_key, doc) VALUES (?, ?)`);
    this.insertRows = db.prepare(
      `INSERT INTO ${table} (id_key, doc) VALUES ${Array(ROW_BATCH).fill('(?, ?)').join(', ')}`,
    );
    this.rowidOfKey = db.prepare<[Buffer], number>(`SELECT rowid FROM ${table} WHERE id_key = ?`);
    this.rowidOfKey.pluck();
    this.byKey = db.prepare(`SELECT rowid AS id, doc AS bytes FROM ${table} WHERE id_key = ?`);
    this.byRowid = db.prepare(`SELECT id_key AS idKey, doc AS bytes FROM ${table} WHERE rowid = ?`);
    this.update = db.prepare(`UPDATE ${table} SET id_key = ?, doc = ? WHERE rowid = ?`);
    this.remove = db.prepare(`DELETE FROM ${table} WHERE rowid = ?`);
    this.clear = db.prepare(`DELETE FROM ${table}`);
    this.scan = db.prepare(
      `SELECT rowid AS id, doc AS bytes FROM ${table} WHERE rowid > ? ORDER BY rowid LIMIT ?`,
    );
    const keyed = `SELECT rowid AS id, id_key AS key, doc AS bytes FROM ${table}`;
    this.keyRangeFirst = db.prepare(
      `${keyed} WHERE id_key >= ? AND id_key < ? ORDER BY id_key LIMIT ?`,
    );
    this.keyRangeNext = db.prepare(
      `${keyed} WHERE id_key > ? AND id_key < ? ORDER BY id_key LIMIT ?`,
    );
    this.keyRangeBackward = db.prepare(
      `${keyed} WHERE id_key < ? AND id_key >= ? ORDER BY id_key DESC LIMIT ?`,
    );
    this.count = db.prepare<[], number>(`SELECT COUNT(*) FROM ${table}`);
    this.count.pluck();
    this.size = db.prepare<[], number>(`SELECT COALESCE(SUM(length(doc)), 0) FROM ${table}`);
    this.size.pluck();
  }
}

/** Index entries a multi-row insert writes at once (two parameters each, well under 32,766). */
export const ENTRY_BATCH = 64;

export class IndexStatements {
  readonly insert: Statement<[Buffer, number]>;
  /** ENTRY_BATCH entries in one statement: most of a single-row insert's cost is the call. */
  readonly insertBatch: Statement<(Buffer | number)[]>;
  readonly remove: Statement<[Buffer, number]>;
  readonly conflict: Statement<[Buffer, number], number>;
  /** The row id of one entry with this key (a unique index has at most one). */
  readonly rowOfKey: Statement<[Buffer], number>;
  readonly clear: Statement<[]>;
  /** Entries after (key, rowid) and below hi, with their documents, in index order. */
  readonly range: Statement<[Buffer, number, Buffer, number], KeyedDocumentRow>;
  /**
   * range from the start of a key range: the same rows as range(lo, -1, hi), but a plain
   * key comparison, which SQLite runs in about half the time of the row-value one (most of
   * an indexed find of one document).
   */
  readonly rangeFirst: Statement<[Buffer, Buffer, number], KeyedDocumentRow>;
  /** rangeBackward from the end of a key range: keys below hi and from lo on. */
  readonly rangeBackwardFirst: Statement<[Buffer, Buffer, number], KeyedDocumentRow>;
  /** Entries before (key, rowid) and from lo on, with their documents, highest first. */
  readonly rangeBackward: Statement<[Buffer, number, Buffer, number], KeyedDocumentRow>;

  constructor(db: Database, table: string, documentsTable: string) {
    this.insert = db.prepare(`INSERT OR IGNORE INTO ${table} (key, doc) VALUES (?, ?)`);
    this.insertBatch = db.prepare(
      `INSERT OR IGNORE INTO ${table} (key, doc) VALUES ${Array(ENTRY_BATCH).fill('(?, ?)').join(', ')}`,
    );
    this.remove = db.prepare(`DELETE FROM ${table} WHERE key = ? AND doc = ?`);
    this.conflict = db.prepare<[Buffer, number], number>(
      `SELECT doc FROM ${table} WHERE key = ? AND doc <> ? LIMIT 1`,
    );
    this.conflict.pluck();
    this.rowOfKey = db.prepare<[Buffer], number>(`SELECT doc FROM ${table} WHERE key = ? LIMIT 1`);
    this.rowOfKey.pluck();
    this.clear = db.prepare(`DELETE FROM ${table}`);
    const joined =
      `SELECT i.key AS key, i.doc AS id, d.doc AS bytes FROM ${table} i ` +
      `JOIN ${documentsTable} d ON d.rowid = i.doc `;
    const ascending = 'ORDER BY i.key, i.doc LIMIT ?';
    const descending = 'ORDER BY i.key DESC, i.doc DESC LIMIT ?';
    this.range = db.prepare(`${joined}WHERE (i.key, i.doc) > (?, ?) AND i.key < ? ${ascending}`);
    this.rangeFirst = db.prepare(`${joined}WHERE i.key >= ? AND i.key < ? ${ascending}`);
    this.rangeBackward = db.prepare(
      `${joined}WHERE (i.key, i.doc) < (?, ?) AND i.key >= ? ${descending}`,
    );
    this.rangeBackwardFirst = db.prepare(`${joined}WHERE i.key < ? AND i.key >= ? ${descending}`);
  }
}
