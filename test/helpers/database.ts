// An isolated database for one test file. By default the embedded engine in a temp dir;
// with CAREER_TEST_BACKEND=mongodb-memory-server a real mongod (needs a mongod binary,
// e.g. MONGOMS_SYSTEM_BINARY=/usr/bin/mongod), so the same suites check both backends; with
// CAREER_TEST_BACKEND=mongodb-memory-replset a one-member replica set of that mongod (with
// transactions, as a production deployment has them): `npm run test:replset`.
import { mongoose } from '../../src/db/mongoose.js';
import { Repositories } from '../../src/repositories/index.js';
import { makeTempDir } from './temp-dirs.js';

export type TestBackend = 'engine' | 'mongodb-memory-server' | 'mongodb-memory-replset';

const BACKENDS: readonly TestBackend[] = [
  'engine',
  'mongodb-memory-server',
  'mongodb-memory-replset',
];

export interface IsolatedDatabase {
  /**
   * A mongodb:// URI reachable from this process and from child processes. For the engine it
   * holds the credentials of its user (the engine always requires authentication).
   */
  uri: string;
  backend: TestBackend;
  close(): Promise<void>;
}

export interface IsolatedDatabaseOptions {
  /** Engine only: listen on TCP (with authentication, as always) instead of a Unix socket. */
  transport?: 'unix' | 'tcp';
}

export function testBackend(): TestBackend {
  const requested = process.env.CAREER_TEST_BACKEND ?? 'engine';
  const backend = BACKENDS.find((each) => each === requested);
  if (backend !== undefined) return backend;
  throw new Error(`CAREER_TEST_BACKEND must be one of ${BACKENDS.join(', ')}, not '${requested}'`);
}

export async function isolatedDatabase(
  options: IsolatedDatabaseOptions = {},
): Promise<IsolatedDatabase> {
  if (testBackend() === 'mongodb-memory-replset') {
    const { MongoMemoryReplSet } = await import('mongodb-memory-server');
    // wiredTiger: transactions need it (the in-memory engine of the default has none).
    const replSet = await MongoMemoryReplSet.create({
      replSet: { count: 1, storageEngine: 'wiredTiger' },
    });
    return {
      uri: replSet.getUri(),
      backend: 'mongodb-memory-replset',
      close: async () => {
        await replSet.stop();
      },
    };
  }
  if (testBackend() === 'mongodb-memory-server') {
    const { MongoMemoryServer } = await import('mongodb-memory-server');
    const server = await MongoMemoryServer.create();
    return {
      uri: server.getUri(),
      backend: 'mongodb-memory-server',
      close: async () => {
        await server.stop();
      },
    };
  }
  const { startEngine } = await import('../../src/engine/index.js');
  const engine = await startEngine({
    dataDir: makeTempDir('career-db-'),
    ...(options.transport === 'tcp' ? { transport: 'tcp', host: '127.0.0.1', port: 0 } : {}),
  });
  return { uri: engine.uri, backend: 'engine', close: () => engine.close() };
}

export interface IsolatedRepositories {
  repositories: Repositories;
  /** Closes the Mongoose connection, then the database. */
  close(): Promise<void>;
}

/**
 * The repositories on an isolated database, as the CLI opens them (filters sanitised,
 * indexes made by `prepare`), for tests that call services directly.
 */
export async function isolatedRepositories(): Promise<IsolatedRepositories> {
  const database = await isolatedDatabase();
  const connection = await mongoose
    .createConnection(database.uri, {
      dbName: 'career-test',
      sanitizeFilter: true,
      autoIndex: false,
    })
    .asPromise();
  const repositories = new Repositories(connection);
  await repositories.prepare();
  return {
    repositories,
    close: async () => {
      await connection.close();
      await database.close();
    },
  };
}
