// `career db status` and backend selection, run in this process (test/helpers/in-process.ts).
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DbStatusJson } from '../../src/commands/db/status.js';
import { isolatedDatabase, type IsolatedDatabase } from '../helpers/database.js';
import { runInProcess } from '../helpers/in-process.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dirs.js';

// Each run opens its own embedded engine or connection; allow for a slow, busy machine.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

function parseStatus(stdout: string): DbStatusJson {
  return JSON.parse(stdout) as DbStatusJson;
}

// A server started by the test (TCP, as a user's own mongod would be) with some data in
// the `career` database, so counts and indexes have something to report.
let server: IsolatedDatabase;

beforeAll(async () => {
  server = await isolatedDatabase({ transport: 'tcp' });
  const client = await MongoClient.connect(server.uri);
  try {
    const applications = client.db('career').collection('applications');
    await applications.insertMany([
      { company: 'Acme' },
      { company: 'Globex' },
      { company: 'Initech' },
    ]);
    await applications.createIndex({ company: 1 }, { unique: true, name: 'company_unique' });
    await client.db('career').collection('contacts').insertOne({ name: 'Ada' });
    await client.db('elsewhere').collection('ignored').insertOne({ x: 1 });
  } finally {
    await client.close();
  }
});

afterAll(async () => {
  await server?.close();
  removeTempDirs();
});

describe('on the embedded engine (the default)', () => {
  it('reports kind embedded and a data file inside CAREER_HOME', async () => {
    const result = await runInProcess(['db', 'status', '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const status = parseStatus(result.stdout);
    expect(status.backend.kind).toBe('embedded');
    expect(status.backend.source).toBe('default');
    expect(status.backend.location.startsWith(path.join(result.home, 'data') + path.sep)).toBe(
      true,
    );
    expect(status.database).toBe('career');
    expect(status.serverVersion).toMatch(/^\d+\.\d+/);
    expect(status.collections).toEqual([]);
  });

  it('writes nothing to HOME, only to CAREER_HOME', async () => {
    const userHome = makeTempDir('career-user-home-');
    const result = await runInProcess(['db', 'status'], { env: { HOME: userHome } });
    expect(result.code).toBe(0);
    expect(readdirSync(userHome)).toEqual([]);
    expect(readdirSync(result.home)).toContain('data');
  });

  it('prints a readable summary without colour codes', async () => {
    const result = await runInProcess(['db', 'status']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Backend:\s+embedded/);
    expect(result.stdout).toContain(path.join(result.home, 'data'));
    expect(result.stdout).not.toContain('\u001b[');
  });

  it('keeps data between runs in the same CAREER_HOME', async () => {
    const first = await runInProcess(['db', 'status', '--json']);
    const second = await runInProcess(['db', 'status', '--json'], { home: first.home });
    expect(parseStatus(second.stdout).backend.location).toBe(
      parseStatus(first.stdout).backend.location,
    );
  });
});

describe('on a MongoDB server from CAREER_DB_URI', () => {
  it('reports kind mongodb with that URI, collections, counts and indexes', async () => {
    const result = await runInProcess(['db', 'status', '--json'], {
      env: { CAREER_DB_URI: server.uri },
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const status = parseStatus(result.stdout);
    expect(status.backend).toEqual({
      kind: 'mongodb',
      // The test server requires a password, which is never printed.
      location: server.uri.replace(/:[^:@/]+@/, ':****@'),
      source: 'CAREER_DB_URI',
    });
    expect(status.database).toBe('career');
    expect(status.collections.map((c) => [c.name, c.documents])).toEqual([
      ['applications', 3],
      ['contacts', 1],
    ]);
    const applications = status.collections.find((c) => c.name === 'applications');
    expect(applications?.indexes).toEqual([
      { name: '_id_', key: { _id: 1 }, unique: false },
      { name: 'company_unique', key: { company: 1 }, unique: true },
    ]);
  });

  it('shows the collections and indexes as tables', async () => {
    const env = { CAREER_DB_URI: server.uri };
    const result = await runInProcess(['db', 'status'], { env, tty: true, columns: 100 });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Backend:\s+mongodb \(from CAREER_DB_URI\)/);
    expect(result.stdout).toMatch(/│ applications\s+│ 3\s+│ 2\s+│/);
    expect(result.stdout).toMatch(/│ applications\s+│ company_unique\s+│ company: 1\s+│ yes\s+│/);
    // Piped: the same rows, tab-separated.
    const piped = await runInProcess(['db', 'status'], { env });
    expect(piped.stdout).toContain('applications\t3\t2\n');
    expect(piped.stdout).toContain('applications\tcompany_unique\tcompany: 1\tyes\n');
  });

  it('MONGODB_URI works too, and the --db-uri flag wins over both', async () => {
    const viaMongoUri = await runInProcess(['db', 'status', '--json'], {
      env: { MONGODB_URI: server.uri },
    });
    expect(parseStatus(viaMongoUri.stdout).backend.source).toBe('MONGODB_URI');

    const unreachable = 'mongodb://127.0.0.1:1/career';
    const flag = await runInProcess(['--db-uri', server.uri, 'db', 'status', '--json'], {
      env: { CAREER_DB_URI: unreachable, MONGODB_URI: unreachable },
    });
    expect(flag.code).toBe(0);
    expect(parseStatus(flag.stdout).backend).toMatchObject({ kind: 'mongodb', source: 'flag' });
  });

  it('CAREER_DB_URI wins over MONGODB_URI', async () => {
    const result = await runInProcess(['db', 'status', '--json'], {
      env: { CAREER_DB_URI: server.uri, MONGODB_URI: 'mongodb://127.0.0.1:1' },
    });
    expect(result.code).toBe(0);
    expect(parseStatus(result.stdout).backend.source).toBe('CAREER_DB_URI');
  });

  it('uses the database named in the URI path', async () => {
    const uri = server.uri.replace(/\/(\?|$)/, '/elsewhere$1');
    expect(uri).toContain('/elsewhere');
    const result = await runInProcess(['db', 'status', '--json'], { env: { CAREER_DB_URI: uri } });
    const status = parseStatus(result.stdout);
    expect(status.database).toBe('elsewhere');
    expect(status.collections.map((c) => c.name)).toEqual(['ignored']);
  });
});

describe('when the database cannot be reached', () => {
  it('exits 7 with one error line naming the URI and a way back', async () => {
    const result = await runInProcess(['db', 'status'], {
      env: { CAREER_DB_URI: 'mongodb://127.0.0.1:1' },
    });
    expect(result.code).toBe(7);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^error: cannot reach the database at mongodb:\/\/127\.0\.0\.1:1 /);
    expect(lines[1]).toBe(
      'hint: check the server, or run `unset CAREER_DB_URI` to use the embedded database',
    );
  });

  it('never prints the password', async () => {
    const result = await runInProcess([
      'db',
      'status',
      '--db-uri',
      'mongodb://ada:s3cret@127.0.0.1:1/career',
    ]);
    expect(result.code).toBe(7);
    expect(result.stderr).toContain('mongodb://ada:****@127.0.0.1:1/career');
    expect(result.stderr).not.toContain('s3cret');
  });

  it('shows the stack with --debug', async () => {
    const result = await runInProcess([
      '--debug',
      'db',
      'status',
      '--db-uri',
      'mongodb://127.0.0.1:1',
    ]);
    expect(result.code).toBe(7);
    expect(result.stderr).toMatch(/^error: cannot reach/);
    expect(result.stderr).toMatch(/\n\s+at /);
  });

  it('rejects something that is not a connection string with exit 2', async () => {
    const result = await runInProcess(['db', 'status', '--db-uri', 'localhost:27017']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: --db-uri is not a MongoDB connection string/);
  });
});
