// The per-test entity map: clients, databases, collections, sessions, buckets, threads, cursors
// and saved values (results, event lists, loop counters, topology descriptions).
import {
  type AbstractCursor,
  type ChangeStream,
  type ClientSession,
  type Collection,
  type Db,
  GridFSBucket,
  type MongoClient,
} from 'mongodb';
import { clientEntity } from './client-entity.js';
import type { EventRecorder } from './event-recorder.js';
import type { CollectedLog } from './log-messages.js';
import type { MatchEntities } from './matcher.js';
import { bucketOptions, databaseOptions, sessionOptionsOf } from './options.js';
import { RunnerThread } from './threads.js';
import { asDocument, asString, type Document, RunnerError } from './values.js';

/** A find/command cursor or change stream, with the document read ahead to create it, if any. */
export interface CursorEntity {
  cursor: AbstractCursor<Document> | ChangeStream<Document>;
  buffered: Document[];
}

interface ClientEntity {
  kind: 'client';
  client: MongoClient;
  recorder: EventRecorder;
  logs: CollectedLog[];
}

type Entity =
  | ClientEntity
  | { kind: 'database'; db: Db }
  | { kind: 'collection'; collection: Collection<Document> }
  | { kind: 'session'; session: ClientSession }
  | { kind: 'bucket'; bucket: GridFSBucket }
  | { kind: 'thread'; thread: RunnerThread }
  | ({ kind: 'cursor' } & CursorEntity)
  | { kind: 'value'; value: unknown };

export type EntityKind = Entity['kind'];

export class EntityMap implements MatchEntities {
  private readonly entities = new Map<string, Entity>();

  constructor(private readonly uri: string) {}

  private add(id: string, entity: Entity): void {
    if (this.entities.has(id)) throw new RunnerError(`entity ${id} already exists`);
    this.entities.set(id, entity);
  }

  private get<K extends EntityKind>(id: string, kind: K): Extract<Entity, { kind: K }> {
    const entity = this.entities.get(id);
    if (!entity) throw new RunnerError(`no entity named ${id}`);
    if (entity.kind !== kind) {
      throw new RunnerError(`entity ${id} is a ${entity.kind}, not a ${kind}`);
    }
    return entity as Extract<Entity, { kind: K }>;
  }

  kindOf(id: string): EntityKind | undefined {
    return this.entities.get(id)?.kind;
  }

  client(id: string): MongoClient {
    return this.get(id, 'client').client;
  }

  recorder(id: string): EventRecorder {
    return this.get(id, 'client').recorder;
  }

  logs(id: string): CollectedLog[] {
    return this.get(id, 'client').logs;
  }

  clientIds(): string[] {
    return [...this.entities].filter(([, entity]) => entity.kind === 'client').map(([id]) => id);
  }

  database(id: string): Db {
    return this.get(id, 'database').db;
  }

  collection(id: string): Collection<Document> {
    return this.get(id, 'collection').collection;
  }

  session(id: string): ClientSession {
    return this.get(id, 'session').session;
  }

  bucket(id: string): GridFSBucket {
    return this.get(id, 'bucket').bucket;
  }

  thread(id: string): RunnerThread {
    return this.get(id, 'thread').thread;
  }

  cursor(id: string): CursorEntity {
    return this.get(id, 'cursor');
  }

  saveCursor(id: string, cursor: CursorEntity): void {
    this.add(id, { kind: 'cursor', ...cursor });
  }

  saveValue(id: string, value: unknown): void {
    if (value === undefined) throw new RunnerError(`operation returned no result to save as ${id}`);
    this.add(id, { kind: 'value', value });
  }

  /** Loop counters are overwritten as the loop goes. */
  setValue(id: string, value: unknown): void {
    const existing = this.entities.get(id);
    if (existing && existing.kind !== 'value') throw new RunnerError(`entity ${id} is not a value`);
    this.entities.set(id, { kind: 'value', value });
  }

  hasEntity(id: string): boolean {
    return this.entities.has(id);
  }

  valueEntity(id: string): unknown {
    return this.get(id, 'value').value;
  }

  sessionLsid(id: string): Document {
    const lsid = this.session(id).id;
    if (!lsid) throw new RunnerError(`session ${id} has no lsid`);
    return lsid as Document;
  }

  /** Creates the entities a `createEntities` list describes, in order. */
  async create(definitions: unknown[]): Promise<void> {
    for (const definition of definitions) {
      const [type, body] = Object.entries(asDocument(definition, 'entity'))[0] ?? [];
      const spec = asDocument(body, `${type} entity`);
      const id = asString(spec.id, 'entity id');
      if (type === 'client') await this.createClient(id, spec);
      else this.createDependent(String(type), id, spec);
    }
  }

  private createDependent(type: string, id: string, spec: Document): void {
    switch (type) {
      case 'database': {
        const client = this.client(asString(spec.client, 'database.client'));
        const options = spec.databaseOptions ? databaseOptions(spec.databaseOptions) : {};
        const db = client.db(asString(spec.databaseName, 'databaseName'), options);
        this.add(id, { kind: 'database', db });
        return;
      }
      case 'collection': {
        const db = this.database(asString(spec.database, 'collection.database'));
        const options = spec.collectionOptions ? databaseOptions(spec.collectionOptions) : {};
        const name = asString(spec.collectionName, 'collectionName');
        this.add(id, { kind: 'collection', collection: db.collection<Document>(name, options) });
        return;
      }
      case 'session': {
        const client = this.client(asString(spec.client, 'session.client'));
        const options = spec.sessionOptions ? sessionOptionsOf(spec.sessionOptions) : {};
        this.add(id, { kind: 'session', session: client.startSession(options) });
        return;
      }
      case 'bucket': {
        const db = this.database(asString(spec.database, 'bucket.database'));
        const options = spec.bucketOptions ? bucketOptions(spec.bucketOptions) : {};
        this.add(id, { kind: 'bucket', bucket: new GridFSBucket(db, options) });
        return;
      }
      case 'thread':
        this.add(id, { kind: 'thread', thread: new RunnerThread() });
        return;
      case 'clientEncryption':
        throw new RunnerError('clientEncryption entities need CSFLE, which this runner lacks');
      default:
        throw new RunnerError(`entity type ${type} is not defined by the unified test format`);
    }
  }

  private async createClient(id: string, spec: Document): Promise<void> {
    const { client, recorder, logs } = clientEntity(this.uri, spec);
    for (const stored of recorder.stored)
      this.add(stored.id, { kind: 'value', value: stored.list });
    // Register before connecting so a failed connect still closes the client during cleanup.
    this.add(id, { kind: 'client', client, recorder, logs });
    await client.connect();
    recorder.forgetConnectCheckOut();
  }

  stopRecording(): void {
    for (const entity of this.entities.values()) {
      if (entity.kind === 'client') entity.recorder.stop();
    }
  }

  /** Waits for threads, ends sessions, closes cursors, then clients; failures stay quiet. */
  async close(): Promise<void> {
    const all = [...this.entities.values()];
    for (const entity of all) {
      if (entity.kind === 'thread') await ignoreErrors(entity.thread.wait(1_000));
      if (entity.kind === 'session') await ignoreErrors(entity.session.endSession());
      if (entity.kind === 'cursor') await ignoreErrors(entity.cursor.close());
    }
    for (const entity of all) {
      if (entity.kind === 'client') await ignoreErrors(entity.client.close());
    }
    this.entities.clear();
  }
}

async function ignoreErrors(promise: Promise<unknown>): Promise<void> {
  try {
    await promise;
  } catch {
    // Cleanup is best effort: the test's verdict was already decided.
  }
}
