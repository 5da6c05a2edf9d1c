// Operations on the `testRunner` object: fail points and assertions the runner makes itself.
import { setTimeout as sleep } from 'node:timers/promises';
import type { MongoClient } from 'mongodb';
import type { EntityMap } from './entities.js';
import { asDocument, asString, type Document, RunnerError, toNumber } from './values.js';

export interface ConfiguredFailPoint {
  client: MongoClient;
  name: string;
}

export interface SpecialOperationContext {
  entities: EntityMap;
  internalClient: MongoClient;
  /** Fail points switched on during the test, switched off again once it ends. */
  failPoints: ConfiguredFailPoint[];
}

export async function runSpecialOperation(
  name: string,
  args: Document,
  context: SpecialOperationContext,
): Promise<void> {
  const { entities, internalClient } = context;
  switch (name) {
    case 'failPoint':
    case 'targetedFailPoint': {
      // A single server has no mongos to target, so both forms configure the one server.
      const client = entities.client(asString(args.client, 'client'));
      const command = asDocument(args.failPoint, 'failPoint');
      await client.db('admin').command(command);
      const failPointName = asString(command.configureFailPoint, 'configureFailPoint');
      context.failPoints.push({ client, name: failPointName });
      return;
    }
    case 'createEntities':
      await entities.create(Array.isArray(args.entities) ? args.entities : []);
      return;
    case 'assertCollectionExists':
    case 'assertCollectionNotExists': {
      const exists = await collectionExists(internalClient, args);
      if (exists !== (name === 'assertCollectionExists')) {
        throw new AssertionFailure(`${name}: ${describeNamespace(args)} exists=${exists}`);
      }
      return;
    }
    case 'assertIndexExists':
    case 'assertIndexNotExists': {
      const exists = await indexExists(internalClient, args);
      const indexName = asString(args.indexName, 'indexName');
      if (exists !== (name === 'assertIndexExists')) {
        throw new AssertionFailure(
          `${name}: ${indexName} on ${describeNamespace(args)} exists=${exists}`,
        );
      }
      return;
    }
    case 'assertSameLsidOnLastTwoCommands':
    case 'assertDifferentLsidOnLastTwoCommands': {
      const recorder = entities.recorder(asString(args.client, 'client'));
      const started = (recorder?.events ?? []).filter(
        (event) => event.type === 'commandStartedEvent',
      );
      const [first, second] = started.slice(-2).map((event) => JSON.stringify(event.command?.lsid));
      if (first === undefined || second === undefined) {
        throw new AssertionFailure(`${name}: fewer than two commands were observed`);
      }
      if ((first === second) !== (name === 'assertSameLsidOnLastTwoCommands')) {
        throw new AssertionFailure(`${name}: lsids were ${first} and ${second}`);
      }
      return;
    }
    case 'wait':
      await sleep(toNumber(args.ms, 'ms'));
      return;
    default:
      throw new RunnerError(`unsupported testRunner operation ${name}`);
  }
}

/** A runner-side assertion that did not hold: a test failure, not a runner error. */
export class AssertionFailure extends Error {
  override name = 'AssertionFailure';
}

function describeNamespace(args: Document): string {
  return `${String(args.databaseName)}.${String(args.collectionName)}`;
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
  return indexes.some((index) => index.name === args.indexName);
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
