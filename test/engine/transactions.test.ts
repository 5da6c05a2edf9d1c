// The engine as a single-node replica set: hello, multi-document transactions (snapshot,
// commit, abort, write conflicts, the lifetime limit), retryable writes applied once, and a
// transaction in one process with writes from another (a wait or a conflict, never a lost write).
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { MongoClient, MongoServerError, type Collection } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type RunningEngine } from '../../src/engine/index.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dirs.js';

const signalledWriter = fileURLToPath(new URL('./fixtures/signalled-writer.ts', import.meta.url));

let engine: RunningEngine;
let client: MongoClient;
let dataDir: string;

beforeAll(async () => {
  dataDir = makeTempDir('career-txn-');
  engine = await startEngine({ dataDir, testCommands: true });
  client = new MongoClient(engine.uri);
  await client.connect();
});

afterAll(async () => {
  await client.close();
  await engine.close();
  removeTempDirs();
});

function collection(name: string): Collection<{ _id: string | number; n?: number; tag?: string }> {
  return client.db('txn').collection(name);
}

async function failure(promise: Promise<unknown>): Promise<MongoServerError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof MongoServerError))
    throw new Error(`expected a server error, got ${String(error)}`);
  return error;
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('the engine as a replica set', () => {
  it('says so in hello: set "career", a writable primary listing itself', async () => {
    const hello = await client.db('admin').command({ hello: 1 });
    expect(hello).toMatchObject({ setName: 'career', isWritablePrimary: true, secondary: false });
    expect(hello.hosts).toEqual([hello.me]);
    expect(hello.primary).toBe(hello.me);
  });

  it('is found through replicaSet=career, as the primary of that set (TCP)', async () => {
    const tcp = await startEngine({ dataDir: makeTempDir('career-txn-'), transport: 'tcp' });
    const member = new MongoClient(tcp.uri.replace('directConnection=true', 'replicaSet=career'));
    try {
      const docs = member.db('txn').collection<{ _id: number }>('set');
      await docs.insertOne({ _id: 1 });
      // The driver discovered the set from the seed and found its primary.
      const topology = (member as unknown as { topology: { description: { type: string } } })
        .topology;
      expect(topology.description.type).toBe('ReplicaSetWithPrimary');
      expect(await docs.countDocuments()).toBe(1);
    } finally {
      await member.close();
      await tcp.close();
    }
  });

  it('keeps a transaction to itself until commit, and drops it on abort', async () => {
    const docs = collection('commit');
    await docs.insertOne({ _id: 'before' });
    const session = client.startSession();
    try {
      session.startTransaction();
      await docs.insertOne({ _id: 'inside' }, { session });
      expect(await docs.countDocuments({}, { session })).toBe(2);
      expect(await docs.countDocuments({})).toBe(1);
      await session.commitTransaction();
      expect(await docs.countDocuments({})).toBe(2);

      session.startTransaction();
      await docs.deleteMany({}, { session });
      await session.abortTransaction();
      expect(await docs.countDocuments({})).toBe(2);
    } finally {
      await session.endSession();
    }
  });

  it('answers a second writing transaction with WriteConflict, a transient error', async () => {
    const docs = collection('conflict');
    const first = client.startSession();
    const second = client.startSession();
    try {
      first.startTransaction();
      second.startTransaction();
      await docs.insertOne({ _id: 'first' }, { session: first });
      const error = await failure(docs.insertOne({ _id: 'second' }, { session: second }));
      expect(error.code).toBe(112);
      expect(error.hasErrorLabel('TransientTransactionError')).toBe(true);
      await second.abortTransaction();
      await first.commitTransaction();
      expect(await docs.find().toArray()).toEqual([{ _id: 'first' }]);
    } finally {
      await first.endSession();
      await second.endSession();
    }
  });

  it('makes a write outside the transaction wait for it, losing neither', async () => {
    const docs = collection('wait');
    const session = client.startSession();
    try {
      session.startTransaction();
      await docs.insertOne({ _id: 'inside' }, { session });
      const outside = docs.insertOne({ _id: 'outside' });
      await session.commitTransaction();
      await outside;
      expect(await docs.find().sort({ _id: 1 }).toArray()).toEqual([
        { _id: 'inside' },
        { _id: 'outside' },
      ]);
    } finally {
      await session.endSession();
    }
  });

  it('aborts a transaction open past its lifetime: its commit gets NoSuchTransaction', async () => {
    const shortLived = await startEngine({
      dataDir: makeTempDir('career-txn-'),
      transactionLifetimeSeconds: 1,
    });
    const other = new MongoClient(shortLived.uri);
    const session = other.startSession();
    try {
      const docs = other.db('txn').collection<{ _id: string }>('lifetime');
      session.startTransaction();
      await docs.insertOne({ _id: 'late' }, { session });
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const error = await failure(session.commitTransaction());
      expect(error.code).toBe(251);
      expect(await docs.countDocuments({})).toBe(0);
    } finally {
      await session.endSession();
      await other.close();
      await shortLived.close();
    }
  });

  it('applies a retried write once: the retry gets the first attempt’s answer', async () => {
    const docs = collection('retry');
    await docs.insertOne({ _id: 'counter', n: 0 });
    // The connection drops after the update is applied; the driver retries it.
    await client.db('admin').command({
      configureFailPoint: 'onPrimaryTransactionalWrite',
      mode: { times: 1 },
    });
    const result = await docs.updateOne({ _id: 'counter' }, { $inc: { n: 1 } });
    expect(result.modifiedCount).toBe(1);
    expect(await docs.findOne({ _id: 'counter' })).toEqual({ _id: 'counter', n: 1 });
  });
});

/** A process with its own engine on the data dir, writing one document when told to. */
async function otherProcess(tag: string) {
  const child = fork(signalledWriter, [dataDir, tag], { execArgv: ['--import', 'tsx'] });
  const code = exited(child);
  const next = (wanted: string) =>
    new Promise<void>((resolve) => child.on('message', (text) => text === wanted && resolve()));
  await next('ready');
  return {
    write: () => {
      child.send('go');
      return next('written');
    },
    code,
  };
}

// A child process starts Node, tsx and an engine: seconds on a busy machine.
describe('a transaction and another process on one data dir', { timeout: 60_000 }, () => {
  it('the other process waits for the transaction, and both writes are kept', async () => {
    const docs = client.db('shared').collection('docs');
    const other = await otherProcess('other');
    const session = client.startSession();
    try {
      session.startTransaction();
      await docs.insertOne({ tag: 'transaction' }, { session });
      // Its insert waits for the write lock the transaction holds (or runs first, if it can).
      const written = other.write();
      await session.commitTransaction();
      await written;
      expect(await other.code).toBe(0);
      expect((await docs.find().toArray()).map((doc) => doc.tag).sort()).toEqual([
        'other',
        'transaction',
      ]);
    } finally {
      await session.endSession();
    }
  });

  it('a commit by the other process since the snapshot makes the write a WriteConflict', async () => {
    const docs = client.db('shared').collection('docs');
    const other = await otherProcess('later');
    const session = client.startSession();
    try {
      session.startTransaction();
      const before = await docs.countDocuments({}, { session });
      await other.write();
      expect(await other.code).toBe(0);
      // The snapshot still shows the data as it was.
      expect(await docs.countDocuments({}, { session })).toBe(before);
      const error = await failure(docs.insertOne({ tag: 'stale' }, { session }));
      expect(error.code).toBe(112);
      expect(error.hasErrorLabel('TransientTransactionError')).toBe(true);
      await session.abortTransaction().catch(() => undefined);
      expect(await docs.countDocuments({ tag: 'later' })).toBe(1);
      expect(await docs.countDocuments({ tag: 'stale' })).toBe(0);
    } finally {
      await session.endSession();
    }
  });
});
