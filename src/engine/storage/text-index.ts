// A text index's entries live in an FTS5 table (fts_<index id>, rowid = the document's rowid)
// holding one line of the document's folded, stemmed, stop-word-free terms. The engine's own
// tokenizer (../query/text-tokens.ts) makes the terms, in each string's language, so FTS5 only
// has to split on spaces: its job is the inverted index that finds the documents holding any
// of a search's terms. Which of those match, and their scores, the query layer decides.
import type { Database, Statement } from 'better-sqlite3';
import type { Document } from 'bson';
import { textTerms } from '../query/text-tokens.js';
import { textValuesOf, type TextIndexDefinition } from '../query/text-values.js';
import { decodeTyped } from '../codec.js';
import { CHUNK_SIZE, type CollectionStatements, type DocumentRow } from './statements.js';

export function textTable(indexId: number): string {
  return `fts_${indexId}`;
}

/**
 * Every character but separators and controls is part of a token, so FTS5 keeps the engine's
 * terms exactly as they are. contentless_delete: the table stores no copy of the text.
 */
export function createTextTable(db: Database, indexId: number): void {
  db.exec(
    `CREATE VIRTUAL TABLE ${textTable(indexId)} USING fts5(terms, content='', ` +
      `contentless_delete=1, tokenize="unicode61 remove_diacritics 0 categories 'L* M* N* P* S* Co Cn'")`,
  );
}

export function dropTextTable(db: Database, indexId: number): void {
  db.exec(`DROP TABLE IF EXISTS ${textTable(indexId)}`);
}

export class TextStatements {
  readonly insert: Statement<[number, string]>;
  readonly remove: Statement<[number]>;
  readonly clear: Statement<[]>;
  /** Documents holding the query's terms, after a rowid, in rowid order. */
  readonly search: Statement<[string, number, number], DocumentRow>;

  constructor(db: Database, indexId: number, documentsTable: string) {
    const table = textTable(indexId);
    this.insert = db.prepare(`INSERT INTO ${table} (rowid, terms) VALUES (?, ?)`);
    this.remove = db.prepare(`DELETE FROM ${table} WHERE rowid = ?`);
    this.clear = db.prepare(`DELETE FROM ${table}`);
    this.search = db.prepare(
      `SELECT d.rowid AS id, d.doc AS bytes FROM ${table} t JOIN ${documentsTable} d ` +
        `ON d.rowid = t.rowid WHERE ${table} MATCH ? AND t.rowid > ? ORDER BY t.rowid LIMIT ?`,
    );
  }
}

/** The line of terms a document is indexed under ('' when it has none). */
export function textEntryOf(definition: TextIndexDefinition, doc: Document): string {
  const terms = new Set<string>();
  for (const value of textValuesOf(definition, doc)) {
    for (const term of textTerms(value.text, value.language, { filterStopWords: true })) {
      terms.add(term);
    }
  }
  return [...terms].join(' ');
}

/** An FTS5 query for documents holding any of the terms (each quoted: no FTS5 syntax applies). */
export function anyTermQuery(terms: Iterable<string>): string {
  return [...terms].map((term) => `"${term.replaceAll('"', '""')}"`).join(' OR ');
}

/** Writes a document's entry (after removing the old one when `replacing`). */
export function writeTextEntry(
  statements: TextStatements,
  rowid: number,
  entry: string,
  replacing: boolean,
): void {
  if (replacing) statements.remove.run(rowid);
  if (entry.length > 0) statements.insert.run(rowid, entry);
}

/** Indexes every stored document (a new text index over an existing collection). */
export function buildTextIndex(
  documents: CollectionStatements,
  statements: TextStatements,
  definition: TextIndexDefinition,
): void {
  let after = 0;
  for (;;) {
    const rows = documents.scan.all(after, CHUNK_SIZE);
    for (const row of rows) {
      writeTextEntry(statements, row.id, textEntryOf(definition, decodeTyped(row.bytes)), false);
    }
    const last = rows[rows.length - 1];
    if (!last || rows.length < CHUNK_SIZE) return;
    after = last.id;
  }
}
