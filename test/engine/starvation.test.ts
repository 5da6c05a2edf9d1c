// A server that cannot be starved: each wire limit (connections, one connection's message,
// all connections' buffers, idle and trickling clients, clients that stop reading) holds
// against raw sockets, and the engine's long commands neither hold other clients up (a second
// client's ping, timed on its own thread) nor outlive their maxTimeMS.
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { deserialize, type Document } from 'bson';
import { MongoClient, MongoServerError } from 'mongodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { encode, encodeReply } from '../../src/engine/codec.js';
import { TimeBudget } from '../../src/engine/commands/budget.js';
import { CursorRegistry } from '../../src/engine/commands/cursors.js';
import { PipelineThread } from '../../src/engine/commands/pipeline-thread.js';
import { startEngine, type RunningEngine } from '../../src/engine/index.js';
import { servedWireLimits, wireLimits, type WireLimits } from '../../src/engine/wire/limits.js';
import { createWireServer, type WireServer } from '../../src/engine/wire/server.js';
import type { CommandRequest } from '../../src/engine/wire/types.js';
import { messageHead, opMsg, RawWireClient } from '../helpers/raw-wire.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dirs.js';

const MIB = 1024 * 1024;

afterAll(removeTempDirs);

// ---------- the wire limits, against a server with a trivial handler ----------

async function handler(request: CommandRequest): Promise<Document> {
  const name = Object.keys(request.command)[0];
  if (name === 'sleep') await new Promise((resolve) => setTimeout(resolve, 400));
  if (name === 'big') return { ok: 1, data: 'x'.repeat(8 * MIB) };
  return { ok: 1 };
}

let servers: WireServer[] = [];
let clients: RawWireClient[] = [];

afterEach(async () => {
  for (const client of clients) client.close();
  for (const server of servers) await server.close();
  servers = [];
  clients = [];
});

async function serve(limits: Partial<WireLimits>): Promise<{ server: WireServer; path: string }> {
  const server = createWireServer(handler, limits);
  servers.push(server);
  const socketPath = path.join(makeTempDir('starve-'), 's.sock');
  await server.listen({ socketPath });
  return { server, path: socketPath };
}

async function open(socketPath: string): Promise<RawWireClient> {
  const client = await RawWireClient.open(socketPath);
  clients.push(client);
  return client;
}

describe('wire limits', () => {
  it('closes the connection past maxConnections; the others go on', async () => {
    const { path } = await serve({ maxConnections: 2 });
    const first = await open(path);
    const second = await open(path);
    expect(await first.ping()).toMatchObject({ ok: 1 });
    expect(await second.ping()).toMatchObject({ ok: 1 });
    const third = await open(path);
    expect(await third.closesWithin(2000)).toBe(true);
    expect(await first.ping()).toMatchObject({ ok: 1 });
    // A place frees up when a client leaves.
    second.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await (await open(path)).ping()).toMatchObject({ ok: 1 });
  });

  it("refuses a message over one connection's limit as soon as its header says so", async () => {
    const { path } = await serve({ maxMessageBytes: 1 * MIB });
    const other = await open(path);
    const greedy = await open(path);
    await greedy.send(messageHead(2 * MIB));
    const refusal = await greedy.reply();
    expect(refusal).toMatchObject({ ok: 0, code: 17 });
    expect(String(refusal?.errmsg)).toContain(`max ${MIB}`);
    expect(await greedy.closesWithin(2000)).toBe(true);
    expect(await other.ping()).toMatchObject({ ok: 1 });
  });

  it('drops the biggest holder when all buffers together pass maxBufferedBytes', async () => {
    const { path } = await serve({ maxBufferedBytes: 4 * MIB });
    const big = await open(path);
    const small = await open(path);
    await big.send(Buffer.concat([messageHead(10 * MIB), Buffer.alloc(3 * MIB)]));
    await small.send(Buffer.concat([messageHead(2 * MIB), Buffer.alloc(MIB)]));
    expect(await big.closesWithin(2000)).toBe(true);
    // The small message fits once the big one is gone: it completes and is answered.
    const rest = 2 * MIB - (MIB + 21);
    expect(await small.closesWithin(200)).toBe(false);
    const newcomer = await open(path);
    expect(await newcomer.ping()).toMatchObject({ ok: 1 });
    await small.send(Buffer.alloc(rest));
    // The "message" is zeros after its header, so it is malformed: answered, not dropped.
    expect(await small.reply()).toMatchObject({ ok: 0 });
  });

  it('closes a connection silent for idleTimeoutMs, but not one whose command runs longer', async () => {
    const { path } = await serve({ idleTimeoutMs: 200 });
    const silent = await open(path);
    const busy = await open(path);
    await busy.send(opMsg(1, { sleep: 1, $db: 'admin' }));
    expect(await silent.closesWithin(1500)).toBe(true);
    expect(await busy.reply()).toMatchObject({ ok: 1 });
    expect(busy.isClosed).toBe(false);
  });

  it('drops a client trickling a message slower than messageTimeoutMs (slowloris)', async () => {
    const { path } = await serve({ messageTimeoutMs: 300, idleTimeoutMs: 60_000 });
    const trickler = await open(path);
    const other = await open(path);
    await trickler.send(messageHead(1000));
    const drip = setInterval(() => void trickler.send(Buffer.alloc(1)), 25);
    try {
      expect(await trickler.closesWithin(2000)).toBe(true);
    } finally {
      clearInterval(drip);
    }
    expect(await other.ping()).toMatchObject({ ok: 1 });
  });

  it('takes limits in whole units of at least 1, and timeouts no longer than a timer waits', async () => {
    // Under 1 ms rounded to 0, which closed every connection at once.
    expect(() => wireLimits({ idleTimeoutMs: 0.5 })).toThrow(RangeError);
    expect(() => wireLimits({ messageTimeoutMs: 0.9 })).toThrow(
      'messageTimeoutMs must be at least 1',
    );
    expect(() => wireLimits({ maxConnections: 0.5 })).toThrow(RangeError);
    expect(wireLimits({ idleTimeoutMs: 3e12, messageTimeoutMs: 2 ** 40 })).toMatchObject({
      idleTimeoutMs: 2 ** 31 - 1,
      messageTimeoutMs: 2 ** 31 - 1,
    });
    // Past 2^31 - 1 ms, Node's timer fired after 1 ms: a 35-day idle timeout closed at once.
    const { path } = await serve({ idleTimeoutMs: 3_000_000_000, messageTimeoutMs: 3e9 });
    const silent = await open(path);
    expect(await silent.closesWithin(300)).toBe(false);
    await silent.send(messageHead(1000));
    expect(await silent.closesWithin(300)).toBe(false);
  });

  it("refuses a served engine's message limit under one 16 MB document with its command", () => {
    expect(() => servedWireLimits({ maxMessageBytes: 16 * MIB })).toThrow(
      /^maxMessageBytes must be at least 16793600 /,
    );
    expect(servedWireLimits({ maxMessageBytes: 16 * MIB + 16 * 1024 }).maxMessageBytes).toBe(
      16 * MIB + 16 * 1024,
    );
    expect(servedWireLimits({}).maxMessageBytes).toBe(48_000_000);
  });

  it('drops a client that stops reading its replies', async () => {
    const { server, path } = await serve({ messageTimeoutMs: 300 });
    const reader = await open(path);
    const deaf = await open(path);
    deaf.socket.pause();
    // Two 8 MiB replies are more than the socket buffers take without the client reading.
    await deaf.send(
      Buffer.concat([opMsg(1, { big: 1, $db: 'a' }), opMsg(2, { big: 1, $db: 'a' })]),
    );
    const deadline = Date.now() + 3000;
    while (server.connectionCount > 1 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(server.connectionCount).toBe(1);
    expect(await reader.ping()).toMatchObject({ ok: 1 });
  });
});

// ---------- memory under partial messages, on the real engine's defaults ----------

describe("the engine's own limits", () => {
  it('tells drivers in hello the largest message it takes', async () => {
    const engine = await startEngine({
      dataDir: makeTempDir('starve-engine-'),
      limits: { maxMessageBytes: 2 * MIB },
    });
    const client = await MongoClient.connect(engine.uri);
    try {
      const hello = await client.db('admin').command({ hello: 1 });
      expect(hello.maxMessageSizeBytes).toBe(2 * MIB);
    } finally {
      await client.close();
      await engine.close();
    }
  });
});

describe('a client that has not signed in', () => {
  it('has a big message refused at once, while a signed-in client sends big ones', async () => {
    const engine = await startEngine({ dataDir: makeTempDir('starve-auth-') });
    const client = await MongoClient.connect(engine.uri);
    const socketPath = engine.socketPath as string;
    const strangers: RawWireClient[] = [];
    try {
      const stranger = await RawWireClient.open(socketPath);
      strangers.push(stranger);
      // What mongod runs unauthenticated still works on such a connection.
      expect(await stranger.ping()).toMatchObject({ ok: 1 });
      // Only the header is sent: a reply proves it was refused on the header, not decoded.
      await stranger.send(messageHead(2 * MIB));
      const refusal = await stranger.reply();
      expect(refusal).toMatchObject({ ok: 0, code: 17 });
      expect(String(refusal?.errmsg)).toContain('until the connection has signed in');
      expect(await stranger.closesWithin(2000)).toBe(true);

      // A whole message of many keys (before, decoded first and only then answered 13).
      const keys = Object.fromEntries(Array.from({ length: 150_000 }, (_, i) => [`k${i}`, 1]));
      const whole = opMsg(1, { insert: 'c', documents: [keys], $db: 't' });
      expect(whole.length).toBeGreaterThan(MIB);
      const another = await RawWireClient.open(socketPath);
      strangers.push(another);
      await another.send(whole);
      expect(await another.reply()).toMatchObject({ ok: 0, code: 17 });
      expect(await another.closesWithin(2000)).toBe(true);

      // The signed-in driver's connections (monitors included) go on, big messages and all.
      const pad = 'x'.repeat(10 * MIB);
      await client.db('t').collection('c').insertOne({ pad });
      const [stored] = await client.db('t').collection('c').find({}).toArray();
      expect(stored?.pad).toBe(pad);
    } finally {
      for (const stranger of strangers) stranger.close();
      await client.close();
      await engine.close();
    }
  });
});

describe('30 connections each sending most of a 47 MB message', () => {
  it('keep the engine within its buffer cap (64 MiB by default)', async () => {
    const engine = await startEngine({ dataDir: makeTempDir('starve-') });
    const socketPath = engine.socketPath as string;
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
    const length = 47_000_000;
    const body = Buffer.alloc(length - 21 - 1000);
    const attackers: RawWireClient[] = [];
    try {
      for (let i = 0; i < 30; i++) attackers.push(await RawWireClient.open(socketPath));
      await Promise.all(
        attackers.map(async (client) => {
          await client.send(messageHead(length));
          await client.send(body);
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      peak = Math.max(peak, process.memoryUsage().rss);
      const growthMb = (peak - baseline) / MIB;
      // Measured: 1.4 GB before the cap; ~64 MiB of buffers (plus allocator slack) after.
      console.log(`30 x 47 MB partial messages: RSS grew ${growthMb.toFixed(0)} MB`);
      expect(growthMb).toBeLessThan(250);
      const survivor = await RawWireClient.open(socketPath);
      attackers.push(survivor);
      expect(await survivor.ping()).toMatchObject({ ok: 1 });
    } finally {
      clearInterval(sampler);
      for (const client of attackers) client.close();
      await engine.close();
    }
  }, 60_000);
});

// ---------- long commands on the real engine ----------

/** A client on its own thread pinging the engine, one ping at a time, until stopped. */
function startPinger(socketPath: string): { stop: () => Promise<number[]> } {
  const worker = new Worker(new URL('../helpers/ping-worker.mjs', import.meta.url), {
    workerData: { path: socketPath },
  });
  return {
    async stop() {
      const done = new Promise<{ rtts: number[]; error?: string }>((resolve) =>
        worker.once('message', resolve),
      );
      worker.postMessage('stop');
      const { rtts, error } = await done;
      await worker.terminate();
      if (error !== undefined) throw new Error(`pinger: ${error}`);
      return rtts;
    },
  };
}

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;

/** Runs the operation while another client pings; returns the pings' round trips (ms). */
async function pingsDuring(
  socketPath: string,
  operation: () => Promise<unknown>,
): Promise<{ p50: number; max: number; count: number; ms: number }> {
  const pinger = startPinger(socketPath);
  await new Promise((resolve) => setTimeout(resolve, 150));
  const started = performance.now();
  await operation();
  const ms = performance.now() - started;
  const rtts = (await pinger.stop()).sort((a, b) => a - b);
  return { p50: percentile(rtts, 50), max: rtts.at(-1) ?? NaN, count: rtts.length, ms };
}

const DOCUMENTS = 200_000;
const CATASTROPHIC = '^(a+)+$';

describe('long commands on the engine', () => {
  let engine: RunningEngine;
  let client: MongoClient;
  let socketPath: string;

  beforeAll(async () => {
    engine = await startEngine({ dataDir: makeTempDir('starve-') });
    socketPath = engine.socketPath as string;
    client = new MongoClient(engine.uri);
    const docs = Array.from({ length: DOCUMENTS }, (_, i) => ({ i, s: `${'a'.repeat(30)}${i}` }));
    await client.db('t').collection('big').insertMany(docs);
    await client
      .db('t')
      .collection('strings')
      .insertMany([{ s: 'a'.repeat(31) }, { s: `${'a'.repeat(30)}b` }, { s: 'b' }]);
  }, 120_000);

  afterAll(async () => {
    await client?.close();
    await engine?.close();
  });

  const big = () => client.db('t').collection('big');
  const strings = () => client.db('t').collection('strings');

  it('matches a catastrophic regex on a 31-character string at once, and correctly', async () => {
    const found = await strings()
      .find({ s: { $regex: CATASTROPHIC } })
      .toArray();
    const inList = await strings().countDocuments({ s: { $in: [new RegExp(CATASTROPHIC)] } });
    const negated = await strings().countDocuments({ s: { $not: new RegExp(CATASTROPHIC) } });
    const [matched] = await strings()
      .aggregate([
        { $match: { s: { $regex: 'b$' } } },
        { $project: { _id: 0, m: { $regexMatch: { input: '$s', regex: CATASTROPHIC } } } },
        { $limit: 1 },
      ])
      .toArray();
    expect(found.map((doc) => doc.s)).toEqual(['a'.repeat(31)]);
    expect(inList).toBe(1);
    expect(negated).toBe(2);
    expect(matched).toEqual({ m: false });
    // A backtracking RegExp took 7.6 s for the first of these alone; RE2 (linear time by
    // construction, see the refusal of lookahead below) answers at once.
  });

  it('refuses lookahead and backreferences as invalid regexes (51091)', async () => {
    for (const pattern of ['^(?=a)', '(a)\\1']) {
      const failure = await strings()
        .find({ s: { $regex: pattern } })
        .toArray()
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(MongoServerError);
      expect((failure as MongoServerError).code).toBe(51091);
      expect((failure as MongoServerError).message).toContain('linear time');
    }
  });

  it("answers another client's pings during a scan of 200,000 documents", async () => {
    const scan = await pingsDuring(socketPath, () => big().find({ s: 'no such value' }).toArray());
    const regex = await pingsDuring(socketPath, () =>
      big().countDocuments({ s: { $regex: CATASTROPHIC } }),
    );
    const sorted = await pingsDuring(socketPath, () =>
      big().find({}).sort({ s: -1 }).limit(1).toArray(),
    );
    const update = await pingsDuring(socketPath, () =>
      big().updateMany({ s: 'no such value' }, { $set: { x: 1 } }),
    );
    for (const [label, run] of Object.entries({ scan, regex, sorted, update })) {
      console.log(
        `${label}: ${run.ms.toFixed(0)} ms; ${run.count} pings, p50 ${run.p50.toFixed(1)} ms, max ${run.max.toFixed(1)} ms`,
      );
      // Served while the command runs: no ping waits for half of it (before pacing, one
      // ping waited for the whole scan). The latencies are figures, printed, not targets.
      expect(run.max).toBeLessThan(run.ms / 2);
      expect(run.count).toBeGreaterThan(3);
    }
  }, 120_000);

  it("answers another client's pings during a $group of 200,000 documents", async () => {
    const grouping = [
      { $group: { _id: { $mod: ['$i', 7] }, n: { $sum: 1 } } },
      { $sort: { _id: 1 } },
    ];
    let groups: Document[] = [];
    const run = await pingsDuring(socketPath, async () => {
      groups = await big().aggregate(grouping).toArray();
    });
    console.log(
      `$group: ${run.ms.toFixed(0)} ms; ${run.count} pings, p50 ${run.p50.toFixed(1)} ms, max ${run.max.toFixed(1)} ms`,
    );
    expect(groups).toHaveLength(7);
    expect(groups.reduce((sum, group) => sum + Number(group.n), 0)).toBe(DOCUMENTS);
    expect(run.max).toBeLessThan(run.ms / 2);
    // Past its maxTimeMS the pipeline is stopped, and the next one runs as usual.
    const failure = await big()
      .aggregate(grouping, { maxTimeMS: 50 })
      .toArray()
      .catch((error: unknown) => error);
    expect((failure as MongoServerError).code).toBe(50);
    expect(
      await big()
        .aggregate([...grouping, { $count: 'groups' }])
        .toArray(),
    ).toEqual([{ groups: 7 }]);
  }, 120_000);

  it('ends reads and writes that outlive maxTimeMS with MaxTimeMSExpired (50)', async () => {
    const nothing = { s: 'no such value' };
    const attempts: Record<string, () => Promise<unknown>> = {
      find: () => big().find(nothing, { maxTimeMS: 20 }).toArray(),
      count: () => big().countDocuments(nothing, { maxTimeMS: 20 }),
      distinct: () => big().distinct('s', {}, { maxTimeMS: 20 }),
      aggregate: () =>
        big()
          .aggregate([{ $match: nothing }], { maxTimeMS: 20 })
          .toArray(),
      updateMany: () => big().updateMany({}, { $set: { touched: true } }, { maxTimeMS: 20 }),
      deleteMany: () => big().deleteMany({ i: { $gte: 0 } }, { maxTimeMS: 20 }),
      findOneAndUpdate: () =>
        big().findOneAndUpdate(nothing, { $set: { x: 1 } }, { maxTimeMS: 20, sort: { s: 1 } }),
    };
    for (const [name, attempt] of Object.entries(attempts)) {
      const failure = await attempt().catch((error: unknown) => error);
      expect(failure, name).toBeInstanceOf(MongoServerError);
      expect((failure as MongoServerError).code, name).toBe(50);
      expect((failure as MongoServerError).codeName, name).toBe('MaxTimeMSExpired');
    }
    // The writes that ran out of time changed nothing.
    expect(await big().estimatedDocumentCount()).toBe(DOCUMENTS);
    expect(await big().countDocuments({ touched: true })).toBe(0);
  }, 60_000);

  it("checks a write's arguments before it reads its targets ahead", async () => {
    // Before, deleteOne read all 200,000 documents ahead (past its maxTimeMS) and only then
    // found its limit invalid.
    const nothing = { s: 'no such value' };
    const db = client.db('t');
    const deleted = await db.command({
      delete: 'big',
      deletes: [{ q: nothing, limit: 5 }],
      maxTimeMS: 20,
    });
    expect(deleted.writeErrors).toMatchObject([{ index: 0, code: 9 }]);
    const updated = await db.command({ update: 'big', updates: [{ q: nothing }], maxTimeMS: 20 });
    expect(updated.writeErrors).toMatchObject([{ index: 0, code: 40414 }]);
    const hinted = await db.command({
      delete: 'big',
      deletes: [{ q: nothing, limit: 1, hint: 'no_such_index' }],
      maxTimeMS: 20,
    });
    expect(hinted.writeErrors).toMatchObject([{ index: 0, code: 2 }]);
  }, 60_000);

  it("spends one maxTimeMS over a cursor's getMores", async () => {
    const cursor = big().find({}, { maxTimeMS: 100, batchSize: 2000 });
    const failure = await cursor.toArray().catch((error: unknown) => error);
    expect((failure as MongoServerError).code).toBe(50);
  }, 60_000);
});

describe('pipelines that expand, on a server others share', () => {
  let engine: RunningEngine;
  let client: MongoClient;
  let socketPath: string;
  // One document in, 600,000 out: seconds of mingo, which no pause can break up.
  const exploding = [
    { $project: { r: { $range: [0, 600_000] } } },
    { $unwind: '$r' },
    { $count: 'n' },
  ];

  beforeAll(async () => {
    engine = await startEngine({
      dataDir: makeTempDir('starve-expand-'),
      expandingPipelinesOffThread: true,
    });
    socketPath = engine.socketPath as string;
    client = new MongoClient(engine.uri);
    await client.db('t').collection<{ _id: number }>('one').insertOne({ _id: 1 });
    await client.db('t').createCollection('exploded', { viewOn: 'one', pipeline: exploding });
  }, 60_000);

  afterAll(async () => {
    await client?.close();
    await engine?.close();
  });

  const one = () => client.db('t').collection('one');

  it("run on the pipeline thread, however small their input: another client's ping goes on", async () => {
    let counted: Document[] = [];
    const run = await pingsDuring(socketPath, async () => {
      counted = await one().aggregate(exploding).toArray();
    });
    console.log(
      `$range + $unwind: ${run.ms.toFixed(0)} ms; ${run.count} pings, p50 ${run.p50.toFixed(1)} ms, max ${run.max.toFixed(1)} ms`,
    );
    expect(counted).toEqual([{ n: 600_000 }]);
    expect(run.max).toBeLessThan(run.ms / 2);
    // And maxTimeMS stops it there (in place it ran to the end, then failed).
    const started = performance.now();
    const failure = await one()
      .aggregate(exploding, { maxTimeMS: 100 })
      .toArray()
      .catch((error: unknown) => error);
    expect((failure as MongoServerError).code).toBe(50);
    expect(performance.now() - started).toBeLessThan(run.ms / 2);
  }, 60_000);

  it("reads a view through the pipeline thread: another client's ping goes on", async () => {
    let found: Document[] = [];
    let counted = 0;
    const run = await pingsDuring(socketPath, async () => {
      found = await client.db('t').collection('exploded').find({}).toArray();
      counted = await client.db('t').collection('exploded').countDocuments({ n: 600_000 });
    });
    console.log(
      `a view's $range + $unwind: ${run.ms.toFixed(0)} ms; ${run.count} pings, p50 ${run.p50.toFixed(1)} ms, max ${run.max.toFixed(1)} ms`,
    );
    expect(found).toEqual([{ n: 600_000 }]);
    expect(counted).toBe(1);
    expect(run.max).toBeLessThan(run.ms / 2);
  }, 60_000);

  it('fail at their maxTimeMS while they wait for the thread, not once the one ahead is done', async () => {
    let aheadDoneAt = 0;
    const ahead = one()
      .aggregate(exploding)
      .toArray()
      .finally(() => (aheadDoneAt = performance.now()));
    // The first one is on the thread by now; the next waits behind it.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const failure = await one()
      .aggregate([{ $unwind: '$nothing' }], { maxTimeMS: 100 })
      .toArray()
      .catch((error: unknown) => error);
    const failedAt = performance.now();
    expect((failure as MongoServerError).code).toBe(50);
    expect(await ahead).toEqual([{ n: 600_000 }]);
    expect(failedAt).toBeLessThan(aheadDoneAt);
    // The thread went on to the next pipeline as usual.
    expect(
      await one()
        .aggregate([{ $unwind: '$nothing' }])
        .toArray(),
    ).toEqual([]);
  }, 60_000);
});

describe('the pipeline thread', () => {
  it("fails a pipeline past the thread's memory (ExceededMemoryLimit), then runs the next", async () => {
    const thread = new PipelineThread(path.join(makeTempDir('pipe-memory-'), 'x.sqlite'), {
      memoryMb: 64,
    });
    const budget = new TimeBudget();
    budget.start();
    try {
      const input = [encode({ _id: 1 })];
      const huge = { stages: [{ $project: { r: { $range: [0, 20_000_000] } } }] };
      const failure = await thread.run(input, huge, 't', budget).catch((error: unknown) => error);
      expect(failure).toMatchObject({ code: 146 });
      const small = { stages: [{ $project: { r: { $range: [0, 3] } } }] };
      const [result] = await thread.run(input, small, 't', budget);
      expect(deserialize(result as Buffer)).toEqual({ _id: 1, r: [0, 1, 2] });
    } finally {
      await thread.close();
    }
  }, 60_000);
});

describe('a huge scan in batches', () => {
  it('fits each batch of many small documents in a reply, names and type bytes counted', async () => {
    const registry = new CursorRegistry();
    const documents = Array.from({ length: 420_000 }, (_, i) => ({ _id: i, pad: 'x'.repeat(20) }));
    const first = registry.firstBatch('t.c', documents[Symbol.iterator](), 1);
    const more = await registry.getMore(first.cursorId, 't.c', undefined);
    const reply = encodeReply({ cursor: { nextBatch: more.documents, id: more.cursorId }, ok: 1 });
    // Before, 16 MB of documents went into one batch and the reply grew past the 16 MB limit.
    expect(reply.length).toBeLessThanOrEqual(16 * MIB + 16 * 1024);
    expect(more.cursorId.isZero()).toBe(false);
  });
});
