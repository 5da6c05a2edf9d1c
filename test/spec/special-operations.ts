// Operations on the `testRunner` object: fail points, existence assertions, entity creation and
// waits here; session and client assertions, loops, threads and events in their own modules.
import { setTimeout as sleep } from 'node:timers/promises';
import type { MongoClient } from 'mongodb';
import { controlOperations } from './control-operations.js';
import type { EntityMap } from './entities.js';
import { sessionAssertions } from './session-assertions.js';
import {
  AssertionFailure,
  asDocument,
  asString,
  type Document,
  RunnerError,
  toNumber,
} from './values.js';

export interface ConfiguredFailPoint {
  client: MongoClient;
  name: string;
}

export interface SpecialOperationContext {
  entities: EntityMap;
  internalClient: MongoClient;
  /** Fail points switched on during the test, switched off again once it ends. */
  failPoints: ConfiguredFailPoint[];
  /** Runs one operation (of any object) with its assertions, as the test's own list does. */
  runOperation(operation: Document): Promise<void>;
  /** True once loops were asked to stop (see loop in control-operations.ts). */
  loopsStopped(): boolean;
}

export type SpecialOperation = (args: Document, context: SpecialOperationContext) => Promise<void>;

export { AssertionFailure } from './values.js';

async function configureFailPoint(
  client: MongoClient,
  args: Document,
  context: SpecialOperationContext,
): Promise<void> {
  const command = asDocument(args.failPoint, 'failPoint');
  await client.db('admin').command(command, { readPreference: 'primary' });
  const name = asString(command.configureFailPoint, 'configureFailPoint');
  context.failPoints.push({ client, name });
}

const BASIC: Record<string, SpecialOperation> = {
  failPoint: async (args, context) => {
    const client = context.entities.client(asString(args.client, 'client'));
    await configureFailPoint(client, args, context);
  },
  targetedFailPoint: async (args, context) => {
    // Only a session pinned to a mongos can be targeted; a single server or replica set never
    // pins one, and this runner never runs sharded tests.
    const session = context.entities.session(asString(args.session, 'session'));
    if (!session.isPinned) throw new RunnerError('targetedFailPoint: the session is not pinned');
    const { client } = session as unknown as { client: MongoClient };
    await configureFailPoint(client, args, context);
  },
  createEntities: async (args, context) => {
    await context.entities.create(Array.isArray(args.entities) ? args.entities : []);
  },
  wait: async (args) => {
    await sleep(toNumber(args.ms, 'ms'));
  },
  assertCollectionExists: existence('collection', true),
  assertCollectionNotExists: existence('collection', false),
  assertIndexExists: existence('index', true),
  assertIndexNotExists: existence('index', false),
};

const ALL: Record<string, SpecialOperation> = {
  ...BASIC,
  ...sessionAssertions,
  ...controlOperations,
};

export async function runSpecialOperation(
  name: string,
  args: Document,
  context: SpecialOperationContext,
): Promise<void> {
  const operation = Object.hasOwn(ALL, name) ? ALL[name] : undefined;
  if (!operation) throw new RunnerError(`unsupported testRunner operation ${name}`);
  await operation(args, context);
}

function existence(what: 'collection' | 'index', shouldExist: boolean): SpecialOperation {
  return async (args, context) => {
    const client = context.internalClient;
    const exists =
      what === 'collection'
        ? await collectionExists(client, args)
        : await indexExists(client, args);
    if (exists === shouldExist) return;
    const index = what === 'index' ? `index ${String(args.indexName)} on ` : '';
    const namespace = `${String(args.databaseName)}.${String(args.collectionName)}`;
    throw new AssertionFailure(`${index}${namespace} should ${shouldExist ? '' : 'not '}exist`);
  };
}

async function collectionExists(client: MongoClient, args: Document): Promise<boolean> {
  const db = client.db(asString(args.databaseName, 'databaseName'));
  const collectionName = asString(args.collectionName, 'collectionName');
  const found = await db.listCollections({ name: collectionName }, { nameOnly: true }).toArray();
  return found.length > 0;
}

async function indexExists(client: MongoClient, args: Document): Promise<boolean> {
  if (!(await collectionExists(client, args))) return false;
  const collection = client
    .db(asString(args.databaseName, 'databaseName'))
    .collection(asString(args.collectionName, 'collectionName'));
  const indexes = await collection.listIndexes().toArray();
  return indexes.some((index) => index.name === asString(args.indexName, 'indexName'));
}

/** Switches off every fail point the test configured, on the client that configured it. */
export async function disableFailPoints(failPoints: ConfiguredFailPoint[]): Promise<void> {
  for (const failPoint of failPoints) {
    try {
      await failPoint.client
        .db('admin')
        .command({ configureFailPoint: failPoint.name, mode: 'off' });
    } catch {
      // Nothing more can be done; the next test starts from freshly dropped databases anyway.
    }
  }
  failPoints.length = 0;
}
