// What `career db status` reports. It talks to the native driver database under the
// Mongoose connection: this is infrastructure inspection, not domain data, so no model.
import { nativeDb, type DatabaseConnection } from '../db/connect.js';
import { Repositories } from '../repositories/index.js';
import { settleRestore } from './restore-recovery.js';

export interface IndexStatus {
  name: string;
  key: Record<string, unknown>;
  unique: boolean;
}

export interface CollectionStatus {
  name: string;
  documents: number;
  indexes: IndexStatus[];
}

export interface DatabaseStatus {
  backend: {
    kind: 'embedded' | 'mongodb';
    /** The data file, or the connection string with its password redacted. */
    location: string;
    source: string;
  };
  serverVersion: string;
  database: string;
  collections: CollectionStatus[];
}

export async function getDatabaseStatus(database: DatabaseConnection): Promise<DatabaseStatus> {
  // A restore killed halfway is finished or undone first, so the status shows whole data.
  await settleRestore(database, new Repositories(database.connection));
  const db = nativeDb(database);

  const buildInfo = await db.command({ buildInfo: 1 });
  const collectionInfos = await db.listCollections({}, { nameOnly: true }).toArray();
  const names = collectionInfos
    .map((info) => info.name)
    .filter((name) => !name.startsWith('system.'))
    .sort();

  const collections = await Promise.all(
    names.map(async (name): Promise<CollectionStatus> => {
      const collection = db.collection(name);
      // countDocuments is exact (estimatedDocumentCount may use stale metadata).
      const [documents, indexes] = await Promise.all([
        collection.countDocuments(),
        collection.listIndexes().toArray(),
      ]);
      return {
        name,
        documents,
        indexes: indexes.map((index) => ({
          name: String(index.name),
          key: { ...(index.key as Record<string, unknown>) },
          unique: index.unique === true,
        })),
      };
    }),
  );

  return {
    backend: {
      kind: database.backend.kind,
      location: database.backend.location,
      source: database.backend.source,
    },
    serverVersion: typeof buildInfo.version === 'string' ? buildInfo.version : 'unknown',
    database: database.databaseName,
    collections,
  };
}
