// `career db serve`: the embedded data dir on TCP for other MongoDB tools, behind a password
// made for the session (or given on stdin); --no-auth only on loopback, and warned.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { serverFailure, withClient } from '../helpers/driver.js';
import { procPort, tcpListeners } from '../helpers/proc.js';
import { runCli, spawnCli, type SpawnedCli } from '../helpers/run-cli.js';
import { removeTempDirs } from '../helpers/temp-dirs.js';

// Every test starts node processes; allow for a slow, busy machine.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

afterAll(removeTempDirs);

interface ServeInfo {
  uri: string;
  host: string;
  port: number;
  dataFile: string;
  username: string | null;
}

async function served(serve: SpawnedCli): Promise<ServeInfo> {
  const [line] = await serve.waitForStdout(/^\{.*\}\n/);
  return JSON.parse(line) as ServeInfo;
}

function passwordOf(uri: string): string {
  return decodeURIComponent(/^mongodb:\/\/career:([^@]+)@/.exec(uri)?.[1] ?? '');
}

describe('career db serve', () => {
  it('serves until SIGTERM to clients that sign in with the connection string it prints', async () => {
    const serve = spawnCli(['db', 'serve', '--port', '0', '--json']);
    try {
      const info = await served(serve);
      expect(info.host).toBe('127.0.0.1');
      expect(info.port).toBeGreaterThan(0);
      expect(info.username).toBe('career');
      expect(info.uri).toMatch(
        new RegExp(
          `^mongodb://career:[\\w-]{32}@127\\.0\\.0\\.1:${info.port}/career\\?authSource=admin&`,
        ),
      );
      expect(info.dataFile.startsWith(serve.home)).toBe(true);
      const pid = serve.child.pid ?? 0;
      expect(tcpListeners(pid)).toEqual([
        expect.stringMatching(new RegExp(`${procPort(info.port)}$`)),
      ]);
      // The password is on no command line and in no environment `ps` could show.
      const password = passwordOf(info.uri);
      for (const file of ['cmdline', 'environ']) {
        expect(readFileSync(`/proc/${pid}/${file}`, 'latin1')).not.toContain(password);
      }

      await withClient(info.uri, async (client) => {
        expect(await client.db().command({ ping: 1 })).toMatchObject({ ok: 1 });
        expect(client.db().databaseName).toBe('career');
        await client.db().collection('notes').insertOne({ text: 'from mongosh' });
      });
      // Anyone else on the machine: no credentials, or a guess.
      const guessed = `mongodb://127.0.0.1:${info.port}/career`;
      await withClient(guessed, async (client) => {
        const error = await serverFailure(client.db().collection('notes').findOne({}));
        expect(error).toMatchObject({ code: 13, codeName: 'Unauthorized' });
        expect(await serverFailure(client.db().admin().listDatabases())).toMatchObject({
          code: 13,
        });
      });
      await withClient(info.uri.replace(/:[\w-]{32}@/, ':guess@'), async (client) => {
        const error = await serverFailure(client.db().collection('notes').findOne({}));
        expect(error).toMatchObject({ code: 18, codeName: 'AuthenticationFailed' });
      });

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

  it('prints the connection string for people once, and stops on SIGINT', async () => {
    const serve = spawnCli(['db', 'serve', '--port', '0']);
    try {
      const [, uri = ''] = await serve.waitForStdout(
        /URI:\s+(mongodb:\/\/career:[\w-]{32}@127\.0\.0\.1:\d+\/career\?authSource=admin\S*)\n/,
      );
      serve.child.kill('SIGINT');
      expect((await serve.exited).code).toBe(0);
      const password = passwordOf(uri);
      expect(`${serve.stdout()}${serve.stderr()}`.split(password)).toHaveLength(2);
      expect(serve.stderr()).toContain('Stopped.');
    } finally {
      serve.child.kill('SIGKILL');
    }
  });

  it('takes the password from --password-stdin', async () => {
    const password = 'my serve pass:word/1';
    const serve = spawnCli(['db', 'serve', '--port', '0', '--json', '--password-stdin'], {
      input: `${password}\n`,
    });
    try {
      const info = await served(serve);
      expect(passwordOf(info.uri)).toBe(password);
      await withClient(info.uri, async (client) => {
        expect(await client.db().collection('x').countDocuments()).toBe(0);
      });
      serve.child.kill('SIGTERM');
      expect((await serve.exited).code).toBe(0);
    } finally {
      serve.child.kill('SIGKILL');
    }
    const short = await runCli(['db', 'serve', '--password-stdin'], { input: 'short\n' });
    expect(short.code).toBe(2);
    expect(short.stderr).toMatch(/^error: the password must be at least 8 characters long\n/);
  });

  it('--no-auth: warned on loopback, where it lets clients in; refused for other hosts', async () => {
    const serve = spawnCli(['db', 'serve', '--port', '0', '--json', '--no-auth']);
    try {
      const info = await served(serve);
      expect(serve.stderr()).toMatch(/^warning: serving without authentication: every user/);
      expect(info.username).toBeNull();
      expect(info.uri).toBe(`mongodb://127.0.0.1:${info.port}/career?directConnection=true`);
      await withClient(info.uri, async (client) => {
        expect(await client.db().collection('x').countDocuments()).toBe(0);
      });
      serve.child.kill('SIGTERM');
      expect((await serve.exited).code).toBe(0);
    } finally {
      serve.child.kill('SIGKILL');
    }

    const refused = await runCli(['db', 'serve', '--no-auth', '--host', '0.0.0.0', '--port', '0']);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toBe(
      'error: --no-auth is refused for 0.0.0.0: anyone who can reach it could read and change your data\n' +
        'hint: serve with a password (the default), or listen on 127.0.0.1\n',
    );
  });

  it('warns when listening beyond loopback (no TLS), with a password still required', async () => {
    const serve = spawnCli(['db', 'serve', '--host', '0.0.0.0', '--port', '0', '--json']);
    try {
      const info = await served(serve);
      expect(serve.stderr()).toMatch(
        /^warning: listening on 0\.0\.0\.0: the connection is not encrypted/,
      );
      expect(info.username).toBe('career');
      serve.child.kill('SIGTERM');
      expect((await serve.exited).code).toBe(0);
    } finally {
      serve.child.kill('SIGKILL');
    }
  });

  it('refuses limits it cannot serve with (exit 2), naming the flag, before serving', async () => {
    // Under one 16 MB document with its command, or under 1 ms once rounded.
    const small = await runCli(['db', 'serve', '--port', '0', '--max-message-mb', '16']);
    expect(small.code).toBe(2);
    expect(small.stderr).toMatch(
      /^error: --max-message-mb 16 cannot be served: maxMessageBytes must be at least 16793600 /,
    );
    expect(small.stdout).toBe('');
    const instant = await runCli(['db', 'serve', '--port', '0', '--idle-timeout', '0.0001']);
    expect(instant.code).toBe(2);
    expect(instant.stderr).toMatch(/^error: --idle-timeout 0.0001 cannot be served: idleTimeoutMs/);
  });

  it('reports a port in use as one error line', async () => {
    const first = spawnCli(['db', 'serve', '--port', '0', '--json']);
    try {
      const { port } = await served(first);
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

  it('logs mongod-style JSON lines to stderr with --log-level info, the password never', async () => {
    const serve = spawnCli([
      'db',
      'serve',
      '--port',
      '0',
      '--json',
      '--log-level',
      'info',
      '--slow-ms',
      '0',
    ]);
    try {
      const info = await served(serve);
      await withClient(info.uri, async (client) => {
        await client.db().collection('notes').insertOne({ text: 'private words' });
      });
      await vi.waitFor(() => expect(serve.stderr()).toContain('"msg":"Connection ended"'));
      serve.child.kill('SIGTERM');
      expect((await serve.exited).code).toBe(0);
      const lines = serve
        .stderr()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { s: string; c: string; msg: string; attr?: object });
      expect(lines).toContainEqual(
        expect.objectContaining({
          s: 'I',
          c: 'COMMAND',
          msg: 'Slow query',
          attr: expect.objectContaining({ ns: 'career.notes', ninserted: 1 }),
        }),
      );
      expect(lines).toContainEqual(
        expect.objectContaining({ c: 'NETWORK', msg: 'Connection accepted' }),
      );
      expect(serve.stderr()).not.toContain(passwordOf(info.uri));
      expect(serve.stderr()).not.toContain('private words');
    } finally {
      serve.child.kill('SIGKILL');
    }
    const bad = await runCli(['db', 'serve', '--port', '0', '--log-level', 'loud']);
    expect(bad.code).toBe(2);
  });
});
