// The per-test entity map: clients, databases, collections, sessions, cursors and saved results.
import {
  type AbstractCursor,
  type ClientSession,
  type Collection,
  type CollectionOptions,
  type Db,
  type DbOptions,
  MongoClient,
  type MongoClientOptions,
  ReadConcern,
  ReadPreference,
  WriteConcern,
} from 'mongodb';
import { CommandEventRecorder } from './events.js';
import type { MatchEntities } from './matcher.js';
import {
  asDocument,
  asString,
  type Document,
  isDocument,
  optionalArray,
  toNumber,
  RunnerError,
} from './values.js';

export type Cursor = AbstractCursor<Document>;

type Entity =
  | { kind: 'client'; client: MongoClient; recorder?: CommandEventRecorder }
  | { kind: 'database'; db: Db }
  | { kind: 'collection'; collection: Collection<Document> }
  | { kind: 'session'; session: ClientSession }
  | { kind: 'cursor'; cursor: Cursor }
  | { kind: 'value'; value: unknown };

/** Clients connect within this long or the test fails instead of hanging. */
const SERVER_SELECTION_TIMEOUT_MS = 10_000;

export class EntityMap implements MatchEntities {
  private readonly entities = new Map<string, Entity>();

  constructor(private readonly uri: string) {}

  private add(id: string, entity: Entity): void {
    if (this.entities.has(id)) throw new RunnerError(`entity ${id} already exists`);
    this.entities.set(id, entity);
  }

  private get<K extends Entity['kind']>(id: string, kind: K): Extract<Entity, { kind: K }> {
    const entity = this.entities.get(id);
    if (!entity) throw new RunnerError(`no entity named ${id}`);
    if (entity.kind !== kind)
      throw new RunnerError(`entity ${id} is a ${entity.kind}, not a ${kind}`);
    return entity as Extract<Entity, { kind: K }>;
  }

  kindOf(id: string): Entity['kind'] | undefined {
    return this.entities.get(id)?.kind;
  }

  client(id: string): MongoClient {
    return this.get(id, 'client').client;
  }

  recorder(id: string): CommandEventRecorder | undefined {
    return this.get(id, 'client').recorder;
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

  cursor(id: string): Cursor {
    return this.get(id, 'cursor').cursor;
  }

  saveCursor(id: string, cursor: Cursor): void {
    this.add(id, { kind: 'cursor', cursor });
  }

  saveValue(id: string, value: unknown): void {
    if (value === undefined) throw new RunnerError(`operation returned no result to save as ${id}`);
    this.add(id, { kind: 'value', value });
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
      switch (type) {
        case 'client':
          await this.createClient(id, spec);
          break;
        case 'database': {
          const client = this.client(asString(spec.client, 'database.client'));
          const options = spec.databaseOptions ? databaseOptions(spec.databaseOptions) : {};
          this.add(id, {
            kind: 'database',
            db: client.db(asString(spec.databaseName, 'databaseName'), options),
          });
          break;
        }
        case 'collection': {
          const db = this.database(asString(spec.database, 'collection.database'));
          const options = spec.collectionOptions ? databaseOptions(spec.collectionOptions) : {};
          const name = asString(spec.collectionName, 'collectionName');
          this.add(id, { kind: 'collection', collection: db.collection<Document>(name, options) });
          break;
        }
        case 'session': {
          const client = this.client(asString(spec.client, 'session.client'));
          const options = spec.sessionOptions
            ? asDocument(spec.sessionOptions, 'sessionOptions')
            : {};
          this.add(id, { kind: 'session', session: client.startSession(options) });
          break;
        }
        default:
          throw new RunnerError(`entity type ${String(type)} is not supported by this runner`);
      }
    }
  }

  private async createClient(id: string, spec: Document): Promise<void> {
    const uriOptions = spec.uriOptions ? asDocument(spec.uriOptions, 'uriOptions') : {};
    const options: MongoClientOptions = {
      serverSelectionTimeoutMS: SERVER_SELECTION_TIMEOUT_MS,
      ...(uriOptions as MongoClientOptions),
      monitorCommands: true,
    };
    const client = new MongoClient(this.uri, options);
    const observe = optionalArray(spec.observeEvents, 'observeEvents');
    const recorder =
      observe.length > 0
        ? new CommandEventRecorder(
            client,
            observe,
            optionalArray(spec.ignoreCommandMonitoringEvents, 'ignoreCommandMonitoringEvents'),
          )
        : undefined;
    // Register before connecting so a failed connect still closes the client during cleanup.
    this.add(id, { kind: 'client', client, recorder });
    await client.connect();
  }

  stopRecording(): void {
    for (const entity of this.entities.values()) {
      if (entity.kind === 'client') entity.recorder?.stop();
    }
  }

  /** Ends sessions, closes cursors, then closes clients; failures here must not mask results. */
  async close(): Promise<void> {
    const all = [...this.entities.values()];
    for (const entity of all) {
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

/** readConcern / writeConcern / readPreference as a database or collection accepts them. */
export function databaseOptions(value: unknown): DbOptions & CollectionOptions {
  const spec = asDocument(value, 'database/collection options');
  const options: DbOptions & CollectionOptions = {};
  for (const [key, inner] of Object.entries(spec)) {
    switch (key) {
      case 'readConcern':
        options.readConcern = readConcernOf(inner);
        break;
      case 'writeConcern':
        options.writeConcern = writeConcernOf(inner);
        break;
      case 'readPreference':
        options.readPreference = readPreferenceOf(inner);
        break;
      case 'timeoutMS':
        options.timeoutMS = toNumber(inner, 'timeoutMS');
        break;
      default:
        throw new RunnerError(`unsupported database/collection option ${key}`);
    }
  }
  return options;
}

export function readConcernOf(value: unknown): ReadConcern {
  const spec = asDocument(value, 'readConcern');
  const level = asString(spec.level, 'readConcern.level');
  return new ReadConcern(level as ConstructorParameters<typeof ReadConcern>[0]);
}

export function writeConcernOf(value: unknown): WriteConcern {
  const spec = asDocument(value, 'writeConcern');
  const w = spec.w === undefined || typeof spec.w === 'string' ? spec.w : toNumber(spec.w, 'w');
  const wtimeout = spec.wtimeout === undefined ? undefined : toNumber(spec.wtimeout, 'wtimeout');
  const journal = typeof spec.j === 'boolean' ? spec.j : undefined;
  return new WriteConcern(w as WriteConcern['w'], wtimeout, journal);
}

export function readPreferenceOf(value: unknown): ReadPreference {
  const spec = asDocument(value, 'readPreference');
  const mode = asString(spec.mode, 'readPreference.mode');
  const tags = Array.isArray(spec.tagSets)
    ? (spec.tagSets.filter(isDocument) as Record<string, string>[])
    : undefined;
  const maxStalenessSeconds =
    spec.maxStalenessSeconds === undefined
      ? undefined
      : toNumber(spec.maxStalenessSeconds, 'maxStalenessSeconds');
  return new ReadPreference(mode as ConstructorParameters<typeof ReadPreference>[0], tags, {
    maxStalenessSeconds,
  });
}
