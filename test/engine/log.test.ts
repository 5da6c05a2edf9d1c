// The opt-in engine log (src/engine/log.ts): mongod-style JSON lines for connections, slow
// and failed commands, with commands logged by shape only. Slowness is forced with slowMs 0.
import { statSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { openServeLog } from '../../src/db/serve-log.js';
import { startEngine } from '../../src/engine/index.js';
import { shapeOf } from '../../src/engine/log.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dirs.js';

afterAll(removeTempDirs);

interface LogLine {
  t: { $date: string };
  s: string;
  c: string;
  id: number;
  ctx: string;
  msg: string;
  attr?: Record<string, unknown>;
}

const SECRET_VALUE = 'confidential-salary-93000';
const PASSWORD = 'pw-that-must-never-be-logged-7f3a';

async function loggedSession(level: 'warn' | 'info'): Promise<{ raw: string; lines: LogLine[] }> {
  let raw = '';
  const engine = await startEngine({
    dataDir: makeTempDir('career-log-'),
    credentials: { username: 'logger', password: PASSWORD },
    log: { level, slowMs: 0, write: (line) => void (raw += line) },
  });
  const client = await MongoClient.connect(engine.uri);
  try {
    const docs = client.db('app').collection('docs');
    await docs.insertMany([{ note: SECRET_VALUE }, { note: 'other' }]);
    expect(await docs.find({ note: SECRET_VALUE }).toArray()).toHaveLength(1);
    // A duplicate key's message quotes the value: only its code may be logged.
    await docs.createIndex({ note: 1 }, { unique: true });
    await expect(docs.insertOne({ note: SECRET_VALUE })).rejects.toThrow(SECRET_VALUE);
    await client
      .db('app')
      .command({ find: 'docs', filter: SECRET_VALUE })
      .catch(() => undefined);
  } finally {
    await client.close();
    if (level === 'info') await vi.waitFor(() => expect(raw).toContain('Connection ended'));
    await engine.close();
  }
  return {
    raw,
    lines: raw
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as LogLine),
  };
}

describe('the engine log', () => {
  it('logs slow operations, connections and failures as mongod does, values redacted', async () => {
    const { raw, lines } = await loggedSession('info');
    for (const line of lines) {
      expect(Number.isNaN(Date.parse(line.t.$date))).toBe(false);
      expect(['E', 'W', 'I']).toContain(line.s);
    }
    const find = lines.find(
      (line) =>
        line.msg === 'Slow query' &&
        line.attr?.ns === 'app.docs' &&
        'nreturned' in (line.attr ?? {}),
    );
    expect(find).toMatchObject({
      s: 'I',
      c: 'COMMAND',
      id: 51803,
      attr: { type: 'command', command: { find: '###', filter: { note: '###' } }, nreturned: 1 },
    });
    expect(typeof find?.attr?.durationMillis).toBe('number');
    expect(lines).toContainEqual(
      expect.objectContaining({
        msg: 'Slow query',
        attr: expect.objectContaining({ ninserted: 2 }),
      }),
    );
    expect(lines).toContainEqual(
      expect.objectContaining({
        s: 'W',
        msg: 'Command failed',
        attr: expect.objectContaining({ errCode: 14, errName: 'TypeMismatch' }),
      }),
    );
    expect(lines.filter((line) => line.c === 'NETWORK').map((line) => line.msg)).toEqual(
      expect.arrayContaining(['Connection accepted', 'Connection ended']),
    );
    // Neither documents' values, nor the password, nor the SCRAM exchange.
    expect(raw).not.toContain(SECRET_VALUE);
    expect(raw).not.toContain(PASSWORD);
    expect(raw).not.toMatch(/[nrcsp]=[A-Za-z0-9+/=]{8,}/);
  });

  it('at warn, logs failures only', async () => {
    const { lines } = await loggedSession('warn');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((line) => line.s === 'W' && line.msg === 'Command failed')).toBe(true);
  });

  it('shapes a command by its field names only', () => {
    expect(
      shapeOf({ insert: 'c', documents: [{ a: 1 }], ordered: true, nested: { x: { y: 2 } } }),
    ).toEqual({
      insert: '###',
      documents: '###',
      ordered: '###',
      nested: { x: { y: '###' } },
    });
  });

  it('writes a log file owner-only, made private if it existed, and refuses a symbolic link', () => {
    const dir = makeTempDir('career-logfile-');
    const file = path.join(dir, 'engine.log');
    writeFileSync(file, '', { mode: 0o644 });
    const sink = openServeLog(file, process.stderr);
    sink.write('{"msg":"one"}\n');
    sink.close();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toBe('{"msg":"one"}\n');
    const link = path.join(dir, 'link.log');
    symlinkSync(path.join(dir, 'elsewhere.log'), link);
    expect(() => openServeLog(link, process.stderr)).toThrow(/cannot open the log file/);
  });
});
