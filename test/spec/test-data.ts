// A test's data: the databases it touches dropped and initialData loaded before it, unacknowledged
// writes flushed and the outcome compared after it.
import type { MongoClient } from 'mongodb';
import type { EntityMap } from './entities.js';
import { formatMismatch, matchExactly } from './matcher.js';
import { withTimeout } from './operation-runner.js';
import {
  asDocument,
  asString,
  describe,
  type Document,
  isDocument,
  optionalArray,
  TestFailure,
} from './values.js';

/**
 * Drops every database the test touches (isolation from earlier tests), then loads initialData.
 */
export async function prepareDatabases(
  spec: Document,
  entityDefinitions: unknown[],
  internalClient: MongoClient,
): Promise<void> {
  const initialData = optionalArray(spec.initialData, 'initialData').map((entry) =>
    asDocument(entry, 'initialData entry'),
  );
  const databaseNames = new Set<string>();
  for (const entry of initialData) databaseNames.add(asString(entry.databaseName, 'databaseName'));
  for (const definition of entityDefinitions) {
    const database = isDocument(definition) ? definition.database : undefined;
    if (isDocument(database) && typeof database.databaseName === 'string') {
      databaseNames.add(database.databaseName);
    }
  }
  for (const name of databaseNames) await internalClient.db(name).dropDatabase();

  for (const entry of initialData) {
    const db = internalClient.db(asString(entry.databaseName, 'databaseName'));
    const collectionName = asString(entry.collectionName, 'collectionName');
    const documents = optionalArray(entry.documents, 'documents').map((document) =>
      asDocument(document, 'initialData document'),
    );
    if (entry.createOptions !== undefined || documents.length === 0) {
      const createOptions = entry.createOptions
        ? asDocument(entry.createOptions, 'createOptions')
        : {};
      await db.createCollection(collectionName, createOptions);
    }
    if (documents.length > 0) await db.collection(collectionName).insertMany(documents);
  }
}

/**
 * Unacknowledged (w:0) writes return before the server applies them. A ping on each client's
 * connection afterwards is answered only once the earlier writes on it were processed, so the
 * outcome check does not race them.
 */
export async function flushUnacknowledgedWrites(
  entities: EntityMap,
  timeoutMS: number,
): Promise<void> {
  for (const id of entities.clientIds()) {
    await withTimeout(
      entities.client(id).db('admin').command({ ping: 1 }),
      timeoutMS,
      'ping',
    ).catch(() => undefined);
  }
}

export async function checkOutcome(
  collectionData: Document,
  internalClient: MongoClient,
): Promise<void> {
  const databaseName = asString(collectionData.databaseName, 'databaseName');
  const collectionName = asString(collectionData.collectionName, 'collectionName');
  const expected = optionalArray(collectionData.documents, 'documents');
  const actual = await internalClient
    .db(databaseName)
    .collection(collectionName)
    .find({}, { sort: { _id: 1 }, readPreference: 'primary', readConcern: { level: 'local' } })
    .toArray();
  const where = `outcome ${databaseName}.${collectionName}`;
  if (actual.length !== expected.length) {
    throw new TestFailure(
      `${where}: expected ${expected.length} documents, found ${actual.length}: ${describe(actual)}`,
    );
  }
  for (const [index, document] of expected.entries()) {
    const mismatch = matchExactly(document, actual[index], `[${index}]`);
    if (mismatch) throw new TestFailure(`${where} ${formatMismatch(mismatch)}`);
  }
}
