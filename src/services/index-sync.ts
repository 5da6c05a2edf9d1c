// The indexes career's schemas declare against those the database has (`career db indexes`):
// each declared one present, missing or different (same name, another key or options), and
// each of the database's own that no schema declares (extra). Syncing creates the missing
// ones; it drops an extra one, or rebuilds a different one, only when told to (an index may be
// someone's on purpose: a DBA's, another tool's). Infrastructure, like database-status.ts: it
// talks to the driver database under the connection, not to the models.
import type { Document } from 'mongodb';
import { nativeDb, type DatabaseConnection } from '../db/connect.js';
import {
  declaredIndexName,
  declaredSignature,
  indexSignature,
  type DeclaredIndex,
} from '../db/backup/index-plan.js';
import { declaredCollections } from '../repositories/declared-indexes.js';

export type IndexState = 'present' | 'missing' | 'different' | 'extra';

/** What was done about an index (or would be, on a dry run). */
export type IndexAction = 'none' | 'create' | 'drop' | 'rebuild';

export interface IndexComparison {
  collection: string;
  name: string;
  /** The declared key (the database's for an extra index). */
  key: Document;
  unique: boolean;
  state: IndexState;
  /** What the sync did (or, with dryRun, would do); 'none' when only listing. */
  action: IndexAction;
}

export interface IndexReport {
  indexes: IndexComparison[];
  /** Whether changes were made (false for a listing or a dry run). */
  applied: boolean;
}

export interface IndexSyncOptions {
  /** Create the missing indexes (and, with dropExtra, drop extra ones, rebuild different ones). */
  sync: boolean;
  /** With sync: say what would be done, do nothing. */
  dryRun: boolean;
  dropExtra: boolean;
}

async function existingIndexes(database: DatabaseConnection, name: string): Promise<Document[]> {
  const db = nativeDb(database);
  const found = await db.listCollections({ name }, { nameOnly: true }).toArray();
  if (found.length === 0) return [];
  return db.collection(name).listIndexes().toArray();
}

function actionFor(state: IndexState, options: IndexSyncOptions): IndexAction {
  if (!options.sync) return 'none';
  if (state === 'missing') return 'create';
  if (state === 'extra' && options.dropExtra) return 'drop';
  if (state === 'different' && options.dropExtra) return 'rebuild';
  return 'none';
}

/** Every declared index and every extra one, in the order of the schemas; synced if asked. */
export async function compareIndexes(
  database: DatabaseConnection,
  options: IndexSyncOptions,
): Promise<IndexReport> {
  const rows: IndexComparison[] = [];
  const work: Array<() => Promise<unknown>> = [];
  for (const [collection, declared] of Object.entries(declaredCollections())) {
    const existing = await existingIndexes(database, collection);
    const matched = new Set<Document>();
    const bySignature = new Map(existing.map((spec) => [indexSignature(spec.key, spec), spec]));
    for (const index of declared) {
      const name = declaredIndexName(index);
      const same = bySignature.get(declaredSignature(index));
      const named = existing.find((spec) => spec.name === name);
      let state: IndexState;
      if (same !== undefined) {
        state = 'present';
        matched.add(same);
      } else if (named !== undefined) {
        state = 'different';
        matched.add(named);
      } else state = 'missing';
      const action = actionFor(state, options);
      rows.push({
        collection,
        name,
        key: { ...index.key },
        unique: index.options.unique === true,
        state,
        action,
      });
      if (action === 'create') work.push(() => create(database, collection, index));
      if (action === 'rebuild') {
        work.push(async () => {
          await nativeDb(database).collection(collection).dropIndex(name);
          await create(database, collection, index);
        });
      }
    }
    for (const spec of existing) {
      if (matched.has(spec) || spec.name === '_id_') continue;
      const name = String(spec.name);
      const action = actionFor('extra', options);
      rows.push({
        collection,
        name,
        key: { ...(spec.key as Document) },
        unique: spec.unique === true,
        state: 'extra',
        action,
      });
      if (action === 'drop') {
        work.push(() => nativeDb(database).collection(collection).dropIndex(name));
      }
    }
  }
  const apply = options.sync && !options.dryRun;
  // One at a time: index builds on a busy server are heavy enough one by one.
  if (apply) for (const step of work) await step();
  return { indexes: rows, applied: apply && work.length > 0 };
}

async function create(
  database: DatabaseConnection,
  collection: string,
  index: DeclaredIndex,
): Promise<void> {
  await nativeDb(database)
    .collection(collection)
    .createIndex(index.key, { ...index.options, name: declaredIndexName(index) });
}
