// `career db serve`: the embedded data dir on TCP for other MongoDB tools.
import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { runCli, spawnCli } from '../helpers/run-cli.js';
import { removeTempDirs } from '../helpers/temp-dirs.js';

// Every test starts node processes; allow for a slow, busy machine.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

afterAll(removeTempDirs);

describe('career db serve', () => {
  it('serves until SIGTERM; a driver can connect, ping and see the same data', async () => {
    const serve = spawnCli(['db', 'serve', '--port', '0', '--json']);
    try {
      const [line] = await serve.waitForStdout(/^\{.*\}\n/);
      const info = JSON.parse(line) as {
        uri: string;
        host: string;
        port: number;
        dataFile: string;
      };
      expect(info.host).toBe('127.0.0.1');
      expect(info.port).toBeGreaterThan(0);
      expect(info.uri).toMatch(new RegExp(`^mongodb://127\\.0\\.0\\.1:${info.port}/career`));
      expect(info.dataFile.startsWith(serve.home)).toBe(true);

      const client = await MongoClient.connect(info.uri, { serverSelectionTimeoutMS: 5000 });
      try {
        expect(await client.db().command({ ping: 1 })).toMatchObject({ ok: 1 });
        expect(client.db().databaseName).toBe('career');
        await client.db().collection('notes').insertOne({ text: 'from mongosh' });
      } finally {
        await client.close();
      }

      serve.child.kill('SIGTERM');
      expect(await serve.exited).toEqual({ code: 0, signal: null });
    } finally {
      serve.child.kill('SIGKILL');
    }

    // What the other tool wrote is in the data dir the CLI uses.
    const status = await runCli(['db', 'status', '--json'], { home: serve.home });
    const collections = (
      JSON.parse(status.stdout) as { collections: Array<{ name: string; documents: number }> }
    ).collections;
    expect(collections).toEqual([expect.objectContaining({ name: 'notes', documents: 1 })]);
  });

  it('prints the URI for people and stops on SIGINT', async () => {
    const serve = spawnCli(['db', 'serve', '--port', '0']);
    try {
      await serve.waitForStdout(/URI:\s+mongodb:\/\/127\.0\.0\.1:\d+\/career/);
      serve.child.kill('SIGINT');
      expect((await serve.exited).code).toBe(0);
      expect(serve.stderr()).toContain('Stopped.');
    } finally {
      serve.child.kill('SIGKILL');
    }
  });

  it('warns when listening beyond loopback', async () => {
    const serve = spawnCli(['db', 'serve', '--host', '0.0.0.0', '--port', '0', '--json']);
    try {
      await serve.waitForStdout(/\n/);
      expect(serve.stderr()).toMatch(/^warning: listening on 0\.0\.0\.0/);
      serve.child.kill('SIGTERM');
      expect((await serve.exited).code).toBe(0);
    } finally {
      serve.child.kill('SIGKILL');
    }
  });

  it('reports a port in use as one error line', async () => {
    const first = spawnCli(['db', 'serve', '--port', '0', '--json']);
    try {
      const [line] = await first.waitForStdout(/^\{.*\}\n/);
      const { port } = JSON.parse(line) as { port: number };
      const second = await runCli(['db', 'serve', '--port', String(port)]);
      expect(second.code).toBe(1);
      expect(second.stderr).toBe(
        `error: port ${port} on 127.0.0.1 is already in use\nhint: choose another port with --port\n`,
      );
      first.child.kill('SIGTERM');
      await first.exited;
    } finally {
      first.child.kill('SIGKILL');
    }
  });
});
