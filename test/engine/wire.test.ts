// Wire layer: framing, OP_MSG / OP_QUERY codecs and the server, driven with raw sockets and with
// the official driver against a tiny in-test command handler.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Double, Int32, serialize, deserialize, type Document } from 'bson';
import { MongoClient } from 'mongodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ErrorCode, MongoServerError } from '../../src/engine/errors.js';
import { crc32c } from '../../src/engine/wire/crc32c.js';
import { createWireServer, type WireServer } from '../../src/engine/wire/server.js';
import type { CommandRequest } from '../../src/engine/wire/types.js';
import { header, opMsg, opQuery, RawWireClient } from '../helpers/raw-wire.js';

// ---------- test handler and server lifecycle ----------

const helloReply = (): Document => ({
  ok: 1,
  isWritablePrimary: true,
  ismaster: true,
  helloOk: true,
  maxWireVersion: 25,
  minWireVersion: 0,
  maxBsonObjectSize: 16777216,
  maxMessageSizeBytes: 48000000,
  maxWriteBatchSize: 100000,
  localTime: new Date(),
  logicalSessionTimeoutMinutes: 30,
  connectionId: 1,
});

interface Seen {
  request: CommandRequest;
  connectionId: number;
}

function makeHandler() {
  const seen: Seen[] = [];
  const handler = async (request: CommandRequest, connection: { id: number }) => {
    seen.push({ request, connectionId: connection.id });
    const name = Object.keys(request.command)[0] ?? '';
    switch (name) {
      case 'hello':
      case 'isMaster':
      case 'ismaster':
        return helloReply();
      case 'ping':
      case 'endSessions':
        return { ok: 1 };
      case 'sleep':
        await new Promise((resolve) => setTimeout(resolve, Number(request.command.sleep)));
        return { ok: 1, slept: request.command.sleep as unknown };
      case 'insert': {
        const documents = request.command.documents as unknown[];
        return { ok: 1, n: documents.length };
      }
      case 'fail':
        throw new MongoServerError(ErrorCode.BadValue, 'asked to fail');
      case 'huge':
        return { ok: 1, data: 'x'.repeat(17 * 1024 * 1024) };
      default:
        return {
          ok: 0,
          errmsg: `no such command: '${name}'`,
          code: 59,
          codeName: 'CommandNotFound',
        };
    }
  };
  return { handler, seen };
}

let servers: WireServer[] = [];
let clients: RawWireClient[] = [];
let mongoClients: MongoClient[] = [];

afterEach(async () => {
  for (const client of clients) client.close();
  for (const client of mongoClients) await client.close().catch(() => undefined);
  for (const server of servers) await server.close();
  servers = [];
  clients = [];
  mongoClients = [];
});

async function startTcp() {
  const test = makeHandler();
  const server = createWireServer(test.handler);
  servers.push(server);
  const address = await server.listen({ host: '127.0.0.1', port: 0 });
  const open = async () => {
    const client = await RawWireClient.open(address);
    clients.push(client);
    return client;
  };
  return { ...test, server, address, open };
}

function socketPathFor(label: string): string {
  return join(tmpdir(), `career-wire-${label}-${process.pid}-${Date.now()}.sock`);
}

// ---------- tests ----------

describe('crc32c', () => {
  it('matches the standard check values', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    expect(crc32c(Buffer.alloc(32))).toBe(0x8a9136aa);
    expect(crc32c(Buffer.alloc(0))).toBe(0);
  });
});

describe('OP_MSG', () => {
  it('answers a command with a reply to the request id, db from $db', async () => {
    const t = await startTcp();
    const client = await t.open();
    const reply = await client.request(opMsg(41, [{ kind: 0, doc: { ping: 1, $db: 'careers' } }]));
    expect(reply.opCode).toBe(2013);
    expect(reply.responseTo).toBe(41);
    expect(reply.flags).toBe(0);
    expect(reply.doc).toEqual({ ok: 1 });
    expect(t.seen[0]?.request).toMatchObject({ db: 'careers', legacy: false, moreToCome: false });

    await client.request(opMsg(42, [{ kind: 0, doc: { ping: 1 } }]));
    expect(t.seen[1]?.request.db).toBe('admin');
    expect(t.seen[0]?.connectionId).toBe(t.seen[1]?.connectionId);
  });

  it('merges a document sequence into the body and keeps each document byte-exact', async () => {
    const t = await startTcp();
    const client = await t.open();
    const docs = [
      Buffer.from(serialize({ _id: 1, n: new Int32(5), x: new Double(1) })),
      Buffer.from(serialize({ _id: 2, s: 'two', nested: { a: [1, 2] } })),
      Buffer.from(serialize({})),
    ];
    // The sequence comes before the body: section order is free.
    const message = opMsg(7, [
      { kind: 1, id: 'documents', docs },
      { kind: 0, doc: { insert: 'jobs', $db: 'careers' } },
    ]);
    const reply = await client.request(message);
    expect(reply.doc).toEqual({ ok: 1, n: 3 });

    const request = t.seen[0]?.request;
    const documents = request?.command.documents as Document[];
    expect(documents).toHaveLength(3);
    // Typed decoding: Int32 and Double survive as such.
    expect(documents[0]?.n).toBeInstanceOf(Int32);
    expect(documents[0]?.x).toBeInstanceOf(Double);
    expect(documents[1]?.s).toBe('two');
    const raw = request?.rawSequences.get('documents');
    expect(raw).toHaveLength(3);
    raw?.forEach((bytes, i) => expect(Buffer.compare(bytes, docs[i] ?? Buffer.alloc(0))).toBe(0));
  });

  it('accepts a valid checksum and drops the connection on a corrupted one', async () => {
    const t = await startTcp();
    const client = await t.open();
    const ok = await client.request(
      opMsg(1, [{ kind: 0, doc: { ping: 1 } }], { checksum: 'valid' }),
    );
    expect(ok.doc.ok).toBe(1);

    const bad = await client.request(
      opMsg(2, [{ kind: 0, doc: { ping: 1 } }], { checksum: 'corrupt' }),
    );
    expect(bad.doc).toMatchObject({ ok: 0, code: 282, codeName: 'ChecksumMismatch' });
    expect(await client.closesWithin(1000)).toBe(true);
    expect(t.seen).toHaveLength(1);
  });

  it('rejects unknown required flag bits but ignores exhaustAllowed', async () => {
    const t = await startTcp();
    const client = await t.open();
    const exhaust = await client.request(
      opMsg(1, [{ kind: 0, doc: { ping: 1 } }], { flags: 1 << 16 }),
    );
    expect(exhaust.doc.ok).toBe(1);
    const illegal = await client.request(
      opMsg(2, [{ kind: 0, doc: { ping: 1 } }], { flags: 1 << 4 }),
    );
    expect(illegal.doc).toMatchObject({ ok: 0, code: 223, codeName: 'IllegalOpMsgFlag' });
    expect(await client.closesWithin(1000)).toBe(true);
  });

  it('sends nothing back for moreToCome', async () => {
    const t = await startTcp();
    const client = await t.open();
    client.send(opMsg(1, [{ kind: 0, doc: { ping: 1 } }], { flags: 2 }));
    const reply = await client.request(opMsg(2, [{ kind: 0, doc: { ping: 1 } }]));
    expect(reply.responseTo).toBe(2);
    expect(t.seen.map((s) => s.request.moreToCome)).toEqual([true, false]);
  });

  it('requires exactly one body section', async () => {
    const t = await startTcp();
    const client = await t.open();
    const none = await client.request(opMsg(1, [{ kind: 1, id: 'documents', docs: [] }]));
    expect(none.doc).toMatchObject({ ok: 0, code: 40587 });
    const two = await client.request(
      opMsg(2, [
        { kind: 0, doc: { ping: 1 } },
        { kind: 0, doc: { ping: 1 } },
      ]),
    );
    expect(two.doc).toMatchObject({ ok: 0, code: 40430 });
    expect(t.seen).toHaveLength(0);
    expect((await client.request(opMsg(3, [{ kind: 0, doc: { ping: 1 } }]))).doc.ok).toBe(1);
  });

  it('answers a handler that throws with the error shape', async () => {
    const t = await startTcp();
    const client = await t.open();
    const reply = await client.request(opMsg(1, [{ kind: 0, doc: { fail: 1 } }]));
    expect(reply.doc).toEqual({ ok: 0, errmsg: 'asked to fail', code: 2, codeName: 'BadValue' });
  });

  it('turns a reply over 16MB+16KB into BSONObjectTooLarge', async () => {
    const t = await startTcp();
    const client = await t.open();
    const reply = await client.request(opMsg(1, [{ kind: 0, doc: { huge: 1 } }]));
    expect(reply.doc).toMatchObject({ ok: 0, code: 10334, codeName: 'BSONObjectTooLarge' });
  });
});

describe('malformed input', () => {
  it('answers malformed BSON with InvalidBSON and keeps the connection usable', async () => {
    const t = await startTcp();
    const client = await t.open();
    const body = Buffer.from(serialize({ ping: 1 }));
    body[4] = 0x7f; // not a BSON type
    const badType = await client.request(opMsg(1, [{ kind: 0, doc: body }]));
    expect(badType.doc).toMatchObject({ ok: 0, code: 22, codeName: 'InvalidBSON' });

    const unterminated = Buffer.from(serialize({ ping: 1 }));
    unterminated[unterminated.length - 1] = 1;
    const noNul = await client.request(opMsg(2, [{ kind: 0, doc: unterminated }]));
    expect(noNul.doc).toMatchObject({ ok: 0, code: 22 });

    const tooLong = Buffer.from(serialize({ ping: 1 }));
    tooLong.writeInt32LE(tooLong.length + 100, 0);
    const badLength = await client.request(opMsg(3, [{ kind: 0, doc: tooLong }]));
    expect(badLength.doc).toMatchObject({ ok: 0, code: 22 });

    const badSequenceDoc = Buffer.from(serialize({ a: 1 }));
    badSequenceDoc.writeInt32LE(3, 0);
    const badSequence = await client.request(
      opMsg(4, [
        { kind: 0, doc: { insert: 'x' } },
        { kind: 1, id: 'documents', docs: [badSequenceDoc] },
      ]),
    );
    expect(badSequence.doc).toMatchObject({ ok: 0, code: 22 });

    expect(t.seen).toHaveLength(0);
    const ping = await client.request(opMsg(5, [{ kind: 0, doc: { ping: 1 } }]));
    expect(ping.doc.ok).toBe(1);
  });

  it('answers a section whose size overruns the message with an error', async () => {
    const t = await startTcp();
    const client = await t.open();
    const message = opMsg(1, [
      { kind: 0, doc: { insert: 'x' } },
      { kind: 1, id: 'documents', docs: [Buffer.from(serialize({ a: 1 }))] },
    ]);
    const sectionStart = 16 + 4 + 1 + serialize({ insert: 'x' }).length + 1;
    message.writeInt32LE(1000, sectionStart);
    const reply = await client.request(message);
    expect(reply.doc).toMatchObject({ ok: 0, code: ErrorCode.ProtocolError });
    expect((await client.request(opMsg(2, [{ kind: 0, doc: { ping: 1 } }]))).doc.ok).toBe(1);
  });

  it('drops a peer that closes mid-message and keeps serving others', async () => {
    const t = await startTcp();
    const client = await t.open();
    const message = opMsg(1, [{ kind: 0, doc: { ping: 1 } }]);
    client.send(message.subarray(0, 10));
    await new Promise((resolve) => setTimeout(resolve, 20));
    client.send(message.subarray(10, message.length - 3));
    await new Promise((resolve) => setTimeout(resolve, 20));
    client.socket.end();
    await client.closed;
    expect(t.seen).toHaveLength(0);

    const other = await t.open();
    expect((await other.request(opMsg(2, [{ kind: 0, doc: { ping: 1 } }]))).doc.ok).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(t.server.connectionCount).toBe(1);
  });

  it('reassembles a message delivered one byte at a time', async () => {
    const t = await startTcp();
    const client = await t.open();
    const message = opMsg(9, [{ kind: 0, doc: { ping: 1 } }]);
    client.socket.setNoDelay(true);
    for (const byte of message) {
      client.send(Buffer.from([byte]));
      await new Promise((resolve) => setImmediate(resolve));
    }
    const reply = await client.next();
    expect(reply?.responseTo).toBe(9);
  });

  it('closes on garbage bytes', async () => {
    const t = await startTcp();
    const client = await t.open();
    client.send(Buffer.from('GET / HTTP/1.1\r\nHost: localhost\r\n\r\n'));
    expect(await client.closesWithin(1000)).toBe(true);
    expect(t.seen).toHaveLength(0);
  });

  it('refuses a messageLength over the maximum with an error, then closes', async () => {
    const t = await startTcp();
    const client = await t.open();
    client.send(header(48_000_001, 5, 2013));
    const reply = await client.next();
    expect(reply?.responseTo).toBe(5);
    expect(reply?.doc).toMatchObject({
      ok: 0,
      code: ErrorCode.ProtocolError,
      codeName: 'ProtocolError',
    });
    expect(await client.closesWithin(1000)).toBe(true);
  });

  it('refuses a messageLength under 16', async () => {
    const t = await startTcp();
    const client = await t.open();
    client.send(header(8, 5, 2013));
    expect(await client.closesWithin(1000)).toBe(true);
  });

  it('closes on an unknown opcode without replying', async () => {
    const t = await startTcp();
    const client = await t.open();
    const body = Buffer.from(serialize({ ping: 1 }));
    client.send(Buffer.concat([header(16 + body.length, 1, 2002), body]));
    expect(await client.next()).toBeUndefined();
    expect(client.isClosed).toBe(true);
  });
});

describe('fuzzing', () => {
  it('survives randomly corrupted messages', async () => {
    const t = await startTcp();
    const seed = opMsg(1, [
      { kind: 0, doc: { insert: 'jobs', ordered: true, $db: 'careers' } },
      {
        kind: 1,
        id: 'documents',
        docs: [
          Buffer.from(serialize({ _id: 1, a: [1, 'x', { b: null }] })),
          Buffer.from(serialize({ _id: 2 })),
        ],
      },
    ]);
    // Deterministic PRNG so a failure can be replayed.
    let state = 12345;
    const random = (n: number): number => {
      state = (state * 1103515245 + 12345) & 0x7fffffff;
      return state % n;
    };
    for (let round = 0; round < 150; round++) {
      const message = Buffer.from(seed);
      const flips = 1 + random(4);
      // Mostly leave messageLength alone so the server has a whole frame to chew on.
      const from = round % 10 === 0 ? 0 : 4;
      for (let i = 0; i < flips; i++) message[from + random(message.length - from)] = random(256);
      const client = await t.open();
      client.send(message);
      await client.next(50).catch(() => undefined);
      client.close();
    }
    const survivor = await t.open();
    expect((await survivor.request(opMsg(2, [{ kind: 0, doc: { ping: 1 } }]))).doc.ok).toBe(1);
  });
});

describe('legacy OP_QUERY', () => {
  it('answers isMaster on $cmd with an OP_REPLY, unwrapping $query', async () => {
    const t = await startTcp();
    const client = await t.open();
    const reply = await client.request(
      opQuery(3, 'admin.$cmd', { $query: { isMaster: 1 }, $readPreference: { mode: 'primary' } }),
    );
    expect(reply).toMatchObject({
      opCode: 1,
      responseTo: 3,
      flags: 0,
      cursorId: 0n,
      numberReturned: 1,
    });
    expect(reply.doc).toMatchObject({ ok: 1, ismaster: true, maxWireVersion: 25 });
    const request = t.seen[0]?.request;
    expect(request).toMatchObject({ db: 'admin', legacy: true, moreToCome: false });
    expect(request?.command).toEqual({
      isMaster: new Int32(1),
      $readPreference: { mode: 'primary' },
    });

    const plain = await client.request(opQuery(4, 'careers.$cmd', { ping: 1 }));
    expect(plain.doc).toEqual({ ok: 1 });
    expect(t.seen[1]?.request.db).toBe('careers');
  });

  it("refuses a query on a collection with MongoDB's error", async () => {
    const t = await startTcp();
    const client = await t.open();
    const reply = await client.request(opQuery(3, 'careers.jobs', { status: 'open' }));
    expect(reply.opCode).toBe(1);
    expect(reply.flags & 2).toBe(2);
    expect(reply.doc).toMatchObject({ ok: 0, code: 5739101 });
    expect(typeof reply.doc.$err).toBe('string');
    expect(t.seen).toHaveLength(0);
  });
});

describe('server', () => {
  it('runs one connection strictly in order while connections run concurrently', async () => {
    const t = await startTcp();
    const first = await t.open();
    const second = await t.open();
    // Pipelined on one socket: the slow command must finish before the next starts.
    first.send(opMsg(1, [{ kind: 0, doc: { sleep: 200 } }]));
    await new Promise((resolve) => setTimeout(resolve, 10));
    first.send(opMsg(2, [{ kind: 0, doc: { ping: 1 } }]));
    // The other connection is answered while the first still sleeps (no clock involved).
    let firstAnswered = false;
    const firstReply = first.next(5000).finally(() => (firstAnswered = true));
    const other = await second.request(opMsg(3, [{ kind: 0, doc: { ping: 1 } }]));
    expect(other.doc.ok).toBe(1);
    expect(firstAnswered).toBe(false);

    expect((await firstReply)?.responseTo).toBe(1);
    expect((await first.next())?.responseTo).toBe(2);
    const firstId = t.seen[0]?.connectionId ?? 0;
    expect(
      t.seen
        .filter((s) => s.connectionId === firstId)
        .map((s) => Object.keys(s.request.command)[0]),
    ).toEqual(['sleep', 'ping']);
    expect(t.seen.map((s) => s.connectionId)).toContain(firstId + 1);
    // The other connection's ping overlapped the sleep; the same connection's ping did not.
    const order = t.seen.map((s) => `${s.connectionId}:${Object.keys(s.request.command)[0]}`);
    expect(order).toEqual([`${firstId}:sleep`, `${firstId + 1}:ping`, `${firstId}:ping`]);
  });

  it('destroys open client sockets on close', async () => {
    const t = await startTcp();
    const client = await t.open();
    await client.request(opMsg(1, [{ kind: 0, doc: { ping: 1 } }]));
    await t.server.close();
    expect(await client.closesWithin(1000)).toBe(true);
    expect(t.server.connectionCount).toBe(0);
  });

  it('listens on a Unix socket with mode 0600 and removes a stale socket file', async () => {
    const socketPath = socketPathFor('stale');
    // A server killed with SIGKILL leaves its socket file behind.
    const child = spawn(process.execPath, [
      '-e',
      `require('net').createServer().listen(${JSON.stringify(socketPath)}, () => console.log('up'))`,
    ]);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      await new Promise((resolve) => child.stdout.once('data', resolve));
      const live = createWireServer(makeHandler().handler);
      await expect(live.listen({ socketPath })).rejects.toThrow(/another server/);
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
    expect(existsSync(socketPath)).toBe(true);

    const t = makeHandler();
    const server = createWireServer(t.handler);
    servers.push(server);
    expect(await server.listen({ socketPath })).toEqual({ socketPath });
    expect(statSync(socketPath).mode & 0o777).toBe(0o600);
    const client = await RawWireClient.open({ socketPath });
    clients.push(client);
    expect((await client.request(opMsg(1, [{ kind: 0, doc: { ping: 1 } }]))).doc.ok).toBe(1);
    await server.close();
    expect(existsSync(socketPath)).toBe(false);
  });
  it('refuses to replace a file that is not a socket', async () => {
    const path = socketPathFor('regular');
    writeFileSync(path, 'keep me');
    try {
      const server = createWireServer(makeHandler().handler);
      await expect(server.listen({ socketPath: path })).rejects.toThrow(/not a socket/);
      expect(readFileSync(path, 'utf8')).toBe('keep me');
    } finally {
      rmSync(path, { force: true });
    }
  });
});

describe('the official driver', () => {
  it('connects over a Unix socket', async () => {
    const t = makeHandler();
    const server = createWireServer(t.handler);
    servers.push(server);
    const socketPath = socketPathFor('driver');
    await server.listen({ socketPath });
    expect(statSync(socketPath).mode & 0o777).toBe(0o600);

    const client = new MongoClient(`mongodb://${encodeURIComponent(socketPath)}`, {
      serverSelectionTimeoutMS: 3000,
    });
    mongoClients.push(client);
    await client.connect();
    expect(await client.db('careers').command({ ping: 1 })).toEqual({ ok: 1 });
    expect(
      t.seen.some((s) => s.request.command.ping !== undefined && s.request.db === 'careers'),
    ).toBe(true);
    await client.close();
    // endSessions goes out as an unacknowledged (moreToCome) write, so it may land just after.
    await vi.waitFor(() => {
      const endSessions = t.seen.find((s) => s.request.command.endSessions !== undefined);
      expect(endSessions?.request.moreToCome).toBe(true);
    });
  });

  it('connects over TCP and sends an insertMany batch as a document sequence', async () => {
    const t = await startTcp();
    expect(t.address.port).toBeGreaterThan(0);
    const client = new MongoClient(`mongodb://127.0.0.1:${t.address.port}/?directConnection=true`, {
      serverSelectionTimeoutMS: 3000,
    });
    mongoClients.push(client);
    await client.connect();
    expect(await client.db('admin').command({ ping: 1 })).toEqual({ ok: 1 });

    const docs = Array.from({ length: 100_000 }, (_, i) => ({ i, name: `job ${i}` }));
    const result = await client.db('careers').collection('jobs').insertMany(docs);
    expect(result.insertedCount).toBe(100_000);
    const inserts = t.seen.filter((s) => s.request.command.insert === 'jobs');
    expect(inserts.length).toBeGreaterThanOrEqual(1);
    const total = inserts.reduce(
      (n, s) => n + (s.request.rawSequences.get('documents')?.length ?? 0),
      0,
    );
    expect(total).toBe(100_000);
    const firstRaw = inserts[0]?.request.rawSequences.get('documents')?.[0];
    expect(deserialize(firstRaw ?? Buffer.alloc(5))).toMatchObject({ i: 0, name: 'job 0' });
  }, 30_000);
});
