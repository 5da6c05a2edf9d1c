// The collections career's models use and the indexes their schemas declare, read from the
// Mongoose schemas themselves (so an index added to a schema is known here at once). Backups
// use it to tell an archive's indexes from career's: a restore creates only these.
import type { Connection, Model } from 'mongoose';
import type { DeclaredIndex } from '../db/backup/index-plan.js';
import { mongoose } from '../db/mongoose.js';
import { careerModels } from '../models/index.js';

let declared: Record<string, DeclaredIndex[]> | undefined;
let perUser: Set<string> | undefined;

/**
 * Collection name -> its schema's indexes, each with the options Mongoose creates it with
 * (its own `_autoIndex` flag left out, the schema's collation added, as Model.createIndexes
 * does).
 */
export function declaredCollections(): Readonly<Record<string, readonly DeclaredIndex[]>> {
  if (declared) return declared;
  // Models need a connection to be compiled, not an open one: this one never connects.
  const connection: Connection = mongoose.createConnection();
  const result: Record<string, DeclaredIndex[]> = {};
  perUser = new Set();
  for (const model of Object.values(careerModels(connection)) as Model<unknown>[]) {
    if (model.schema.path('userId') !== undefined) perUser.add(model.collection.collectionName);
    const collation: unknown = model.schema.get('collation');
    result[model.collection.collectionName] = model.schema.indexes().map(([fields, options]) => {
      const { _autoIndex: _automatic, ...rest } = options as Record<string, unknown>;
      const isText = Object.values(fields).includes('text');
      if (collation !== undefined && rest.collation === undefined && !isText)
        rest.collation = collation;
      return { key: { ...fields }, options: rest };
    });
  }
  declared = result;
  return result;
}

/** Whether the records of a collection belong to a user (its schema has `userId`). */
export function isPerUserCollection(name: string): boolean {
  declaredCollections();
  return perUser?.has(name) === true;
}
