// Nobody gets in without signing in: the engine speaks SCRAM-SHA-256 as mongod does (the official
// driver signs in with a standard connection string), and answers Unauthorized (13) to every
// command but the handshake until then, on its Unix socket and on TCP alike.
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import path from 'node:path';
import { Binary, type Document } from 'bson';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveScramCredential } from '../../src/engine/auth/scram.js';
import { Authenticator } from '../../src/engine/commands/authentication.js';
import { CursorRegistry } from '../../src/engine/commands/cursors.js';
import { createCommandDispatcher } from '../../src/engine/commands/dispatcher.js';
import { SessionRegistry } from '../../src/engine/commands/sessions.js';
import { startEngine, type RunningEngine } from '../../src/engine/index.js';
import { openSqliteBackend } from '../../src/engine/storage/sqlite-backend.js';
import type { CommandHandler, ConnectionInfo } from '../../src/engine/wire/types.js';
import { serverFailure, withClient } from '../helpers/driver.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dirs.js';

let engine: RunningEngine;
let tcpEngine: RunningEngine;

beforeAll(async () => {
  engine = await startEngine({ dataDir: makeTempDir('career-auth-') });
  tcpEngine = await startEngine({
    dataDir: makeTempDir('career-auth-tcp-'),
    transport: 'tcp',
    host: '127.0.0.1',
    port: 0,
  });
  // Something to steal.
  const owner = await MongoClient.connect(engine.uri);
  await owner.db('career').collection('users').insertOne({ email: 'a@b.c', passwordHash: 'x' });
  await owner.close();
});

afterAll(async () => {
  await engine?.close();
  await tcpEngine?.close();
  removeTempDirs();
});

/** The engine's URI without its userinfo and authSource: what an intruder can guess. */
function withoutCredentials(uri: string): string {
  return uri.replace(/\/\/[^@/]*@/, '//').replace('authSource=admin&', '');
}

/** The URI with another password (or user) in its userinfo. */
function withUserinfo(uri: string, userinfo: string): string {
  return uri.replace(/\/\/[^@/]*@/, `//${userinfo}@`);
}

describe('a driver without credentials', () => {
  for (const which of ['unix socket', 'tcp'] as const) {
    it(`gets Unauthorized (13) for reads, writes and listings, on the ${which}`, async () => {
      const running = which === 'tcp' ? tcpEngine : engine;
      await withClient(withoutCredentials(running.uri), async (client) => {
        // The handshake and ping are open, as on mongod.
        expect(await client.db('admin').command({ ping: 1 })).toMatchObject({ ok: 1 });
        const users = client.db('career').collection('users');
        const find = await serverFailure(users.findOne({}));
        expect(find).toMatchObject({ code: 13, codeName: 'Unauthorized' });
        expect(find.message).toBe('command find requires authentication');
        expect(await serverFailure(client.db().admin().listDatabases())).toMatchObject({
          code: 13,
        });
        expect(await serverFailure(users.insertOne({ email: 'evil' }))).toMatchObject({ code: 13 });
        expect(await serverFailure(users.deleteMany({}))).toMatchObject({ code: 13 });
        expect(
          await serverFailure(client.db('admin').command({ getParameter: '*' })),
        ).toMatchObject({
          code: 13,
        });
      });
    });
  }

  it('changed nothing', async () => {
    await withClient(engine.uri, async (client) => {
      const users = await client.db('career').collection('users').find({}).toArray();
      expect(users.map((user) => user.email)).toEqual(['a@b.c']);
    });
  });
});

describe('signing in with SCRAM-SHA-256', () => {
  it('works with the connection string the engine gives (authSource admin), on both transports', async () => {
    expect(engine.uri).toMatch(/^mongodb:\/\/engine:[\w-]{32}@%2F.*\?authSource=admin&/);
    for (const running of [engine, tcpEngine]) {
      await withClient(running.uri, async (client) => {
        expect(
          await client.db('career').collection('users').countDocuments(),
        ).toBeGreaterThanOrEqual(0);
        const status = await client.db('admin').command({ connectionStatus: 1 });
        expect(status.authInfo.authenticatedUsers).toEqual([{ user: 'engine', db: 'admin' }]);
      });
    }
    await withClient(`${engine.uri}&authMechanism=SCRAM-SHA-256`, async (client) => {
      expect(await client.db('career').collection('users').countDocuments()).toBe(1);
    });
  });

  it('fails with AuthenticationFailed (18) for a wrong password, a wrong user or authSource', async () => {
    const password = /\/\/engine:([^@]*)@/.exec(engine.uri)?.[1] ?? '';
    const attempts = [
      withUserinfo(engine.uri, 'engine:wrong-password'),
      withUserinfo(engine.uri, `career:${password}`),
      engine.uri.replace('authSource=admin', 'authSource=career'),
    ];
    for (const uri of attempts) {
      await withClient(uri, async (client) => {
        const error = await serverFailure(client.db('career').collection('users').findOne({}));
        expect(error).toMatchObject({ code: 18, codeName: 'AuthenticationFailed' });
        expect(error.message).toBe('Authentication failed.');
      });
    }
  });

  it('refuses mechanisms it does not offer as mongod does (MechanismUnavailable, 334)', async () => {
    await withClient(`${engine.uri}&authMechanism=SCRAM-SHA-1`, async (client) => {
      const error = await serverFailure(client.db('career').command({ ping: 1 }));
      expect(error.code).toBe(334);
      expect(error.message).toMatch(/mechanism SCRAM-SHA-1 which is unknown or not enabled/);
    });
  });

  it('logout signs the connection out: the next command is Unauthorized', async () => {
    await withClient(engine.uri, async (client) => {
      const users = client.db('career').collection('users');
      expect(await users.countDocuments()).toBe(1);
      await client.db('admin').command({ logout: 1 });
      expect(await serverFailure(users.countDocuments())).toMatchObject({ code: 13 });
    });
  });

  it('prepares passwords with SASLprep, as drivers do (a soft hyphen maps to nothing)', async () => {
    const saslEngine = await startEngine({
      dataDir: makeTempDir('career-auth-prep-'),
      credentials: { username: 'career', password: 'pass\u00ADword-1' },
    });
    try {
      const uri = withUserinfo(saslEngine.uri, 'career:password-1');
      await withClient(uri, async (client) => {
        expect(await client.db('admin').command({ connectionStatus: 1 })).toMatchObject({ ok: 1 });
        expect(await client.db('career').collection('x').countDocuments()).toBe(0);
      });
    } finally {
      await saslEngine.close();
    }
  });

  it('only an explicitly insecure engine lets a client in without credentials', async () => {
    const open = await startEngine({
      dataDir: makeTempDir('career-auth-open-'),
      insecureWithoutAuthentication: true,
    });
    try {
      expect(open.uri).not.toContain('@');
      await withClient(open.uri, async (client) => {
        expect(await client.db('career').collection('x').countDocuments()).toBe(0);
      });
    } finally {
      await open.close();
    }
  });
});

// The conversation itself, step by step, against the command layer: what a hostile client
// could try beyond what a driver sends.
describe('the SCRAM conversation', () => {
  const dir = makeTempDir('career-scram-');
  const storage = openSqliteBackend({ file: path.join(dir, 'engine.sqlite') });
  let dispatch: CommandHandler;
  beforeAll(async () => {
    dispatch = createCommandDispatcher({
      storage,
      cursors: new CursorRegistry(),
      sessions: new SessionRegistry(),
      authentication: new Authenticator(
        await deriveScramCredential('career', 'secret-password', 4096),
      ),
      startedAt: new Date(),
      version: '7.0.0',
      connectionCount: () => 1,
    });
  });
  afterAll(() => storage.close());

  let nextId = 1;
  const newConnection = (): ConnectionInfo => ({ id: nextId++, remote: 'test' });
  const run = async (connection: ConnectionInfo, command: Document, db = 'admin') =>
    dispatch(
      { db, command, rawSequences: new Map(), moreToCome: false, legacy: false },
      connection,
    );
  const text = (payload: unknown): string =>
    payload instanceof Binary ? Buffer.from(payload.buffer).toString('utf8') : String(payload);

  /** A client's side of SCRAM-SHA-256 (RFC 5802), written here from the RFC, not from src. */
  function client(password: string, username = 'career') {
    const nonce = randomBytes(18).toString('base64');
    const bare = `n=${username},r=${nonce}`;
    return {
      first: new Binary(Buffer.from(`n,,${bare}`)),
      final(serverFirst: string): { payload: Binary; serverSignature: string } {
        const fields = Object.fromEntries(serverFirst.split(',').map((f) => [f[0], f.slice(2)]));
        const salted = pbkdf2Sync(
          password,
          Buffer.from(fields.s ?? '', 'base64'),
          Number(fields.i),
          32,
          'sha256',
        );
        const clientKey = createHmac('sha256', salted).update('Client Key').digest();
        const storedKey = createHash('sha256').update(clientKey).digest();
        const withoutProof = `c=biws,r=${fields.r}`;
        const authMessage = `${bare},${serverFirst},${withoutProof}`;
        const signature = createHmac('sha256', storedKey).update(authMessage).digest();
        const proof = Buffer.from(clientKey.map((byte, index) => byte ^ (signature[index] ?? 0)));
        const serverKey = createHmac('sha256', salted).update('Server Key').digest();
        return {
          payload: new Binary(Buffer.from(`${withoutProof},p=${proof.toString('base64')}`)),
          serverSignature: createHmac('sha256', serverKey).update(authMessage).digest('base64'),
        };
      },
    };
  }

  const find = { find: 'users', filter: {} };

  it('without skipEmptyExchange takes three steps, and signs in only at the last', async () => {
    const connection = newConnection();
    const scram = client('secret-password');
    const start = await run(connection, {
      saslStart: 1,
      mechanism: 'SCRAM-SHA-256',
      payload: scram.first,
    });
    expect(start).toMatchObject({ ok: 1, conversationId: 1, done: false });
    const serverFirst = text(start.payload);
    expect(serverFirst).toMatch(/^r=[^,]+,s=[A-Za-z0-9+/=]+,i=4096$/);
    const { payload, serverSignature } = scram.final(serverFirst);
    const second = await run(connection, { saslContinue: 1, conversationId: 1, payload });
    expect(second).toMatchObject({ ok: 1, done: false });
    expect(text(second.payload)).toBe(`v=${serverSignature}`);
    expect(await run(connection, find)).toMatchObject({ ok: 0, code: 13 });
    const last = await run(connection, {
      saslContinue: 1,
      conversationId: 1,
      payload: new Binary(Buffer.alloc(0)),
    });
    expect(last).toMatchObject({ ok: 1, done: true });
    expect(await run(connection, find)).toMatchObject({ ok: 1 });
    // Signing in is per connection.
    expect(await run(newConnection(), find)).toMatchObject({ ok: 0, code: 13 });
  });

  it('through hello (speculativeAuthenticate), in one round trip less', async () => {
    const connection = newConnection();
    const scram = client('secret-password');
    const hello = await run(connection, {
      hello: 1,
      saslSupportedMechs: 'admin.career',
      speculativeAuthenticate: {
        saslStart: 1,
        mechanism: 'SCRAM-SHA-256',
        payload: scram.first,
        options: { skipEmptyExchange: true },
        db: 'admin',
      },
    });
    expect(hello.saslSupportedMechs).toEqual(['SCRAM-SHA-256']);
    expect(hello.speculativeAuthenticate).toMatchObject({ conversationId: 1, done: false });
    const { payload } = scram.final(text(hello.speculativeAuthenticate.payload));
    expect(await run(connection, { saslContinue: 1, conversationId: 1, payload })).toMatchObject({
      ok: 1,
      done: true,
    });
    expect(await run(connection, find)).toMatchObject({ ok: 1 });
  });

  it('a wrong, tampered or replayed proof fails with the same answer (18), at once', async () => {
    const answers: Document[] = [];
    // Wrong password.
    const wrong = newConnection();
    const guess = client('not-the-password');
    const started = await run(wrong, {
      saslStart: 1,
      mechanism: 'SCRAM-SHA-256',
      payload: guess.first,
    });
    answers.push(
      await run(wrong, {
        saslContinue: 1,
        conversationId: 1,
        payload: guess.final(text(started.payload)).payload,
      }),
    );
    // A proof flipped by one bit.
    const tampered = newConnection();
    const honest = client('secret-password');
    const first = await run(tampered, {
      saslStart: 1,
      mechanism: 'SCRAM-SHA-256',
      payload: honest.first,
    });
    const good = honest.final(text(first.payload));
    const bytes = Buffer.from(good.payload.buffer);
    bytes[bytes.length - 3] = (bytes[bytes.length - 3] ?? 0) ^ 1;
    answers.push(
      await run(tampered, { saslContinue: 1, conversationId: 1, payload: new Binary(bytes) }),
    );
    // The right proof of an earlier conversation, replayed on a new one (a new server nonce).
    const replay = newConnection();
    await run(replay, { saslStart: 1, mechanism: 'SCRAM-SHA-256', payload: honest.first });
    answers.push(await run(replay, { saslContinue: 1, conversationId: 1, payload: good.payload }));
    // An unknown user.
    const stranger = newConnection();
    answers.push(
      await run(stranger, {
        saslStart: 1,
        mechanism: 'SCRAM-SHA-256',
        payload: client('x', 'root').first,
      }),
    );
    for (const answer of answers) {
      expect(answer).toEqual({
        ok: 0,
        code: 18,
        codeName: 'AuthenticationFailed',
        errmsg: 'Authentication failed.',
      });
    }
    for (const connection of [wrong, tampered, replay, stranger]) {
      expect(await run(connection, find)).toMatchObject({ ok: 0, code: 13 });
    }
  });

  it('answers nonsense with errors, never with a signed-in connection', async () => {
    const connection = newConnection();
    expect(
      await run(connection, {
        saslContinue: 1,
        conversationId: 1,
        payload: new Binary(Buffer.from('x')),
      }),
    ).toMatchObject({ ok: 0, code: 17 });
    for (const payload of [
      '',
      'n,,',
      'p=tls-unique,,n=career,r=abc',
      'n,,n=career',
      'n,a=root,n=career,r=abc',
      'n,,n=car=eer,r=abc',
    ]) {
      expect(
        await run(connection, {
          saslStart: 1,
          mechanism: 'SCRAM-SHA-256',
          payload: new Binary(Buffer.from(payload)),
        }),
      ).toMatchObject({ ok: 0, code: 18 });
    }
    expect(
      await run(connection, { saslStart: 1, mechanism: 'SCRAM-SHA-256', payload: 42 }),
    ).toMatchObject({ ok: 0, code: 18 });
    expect(
      await run(connection, {
        saslStart: 1,
        mechanism: 'PLAIN',
        payload: new Binary(Buffer.from('\0career\0secret-password')),
      }),
    ).toMatchObject({ ok: 0, code: 334 });
    expect(await run(connection, find)).toMatchObject({ ok: 0, code: 13 });
  });
});
