// `career db use`: saving a MongoDB URI in the config file, and going back to embedded.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { runInProcess } from '../helpers/in-process.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dirs.js';

// Each run opens its own embedded engine or connection; allow for a slow, busy machine.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

afterAll(removeTempDirs);

const unreachable = 'mongodb://ada:s3cret@127.0.0.1:1/career';

describe('career db use', () => {
  it('saves db.uri in an owner-only config file inside CAREER_HOME', async () => {
    const result = await runInProcess(['db', 'use', unreachable]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('mongodb://ada:****@127.0.0.1:1/career');
    expect(result.stdout).not.toContain('s3cret');
    const configFile = path.join(result.home, 'config.json');
    expect(statSync(configFile).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(configFile, 'utf8'))).toMatchObject({
      db: { uri: unreachable },
    });
  });

  it('the saved URI is used, and its error says how to switch back', async () => {
    const { home } = await runInProcess(['db', 'use', unreachable]);
    const result = await runInProcess(['db', 'status'], { home });
    expect(result.code).toBe(7);
    expect(result.stderr).toMatch(
      /^error: cannot reach the database at mongodb:\/\/ada:\*\*\*\*@127\.0\.0\.1:1\/career \(from config\)/,
    );
    expect(result.stderr).toContain('career db use --embedded');
  });

  it('--embedded forgets the URI (and keeps the file 0600)', async () => {
    const { home } = await runInProcess(['db', 'use', unreachable]);
    const result = await runInProcess(['db', 'use', '--embedded', '--json'], { home });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      uri: null,
      configFile: path.join(home, 'config.json'),
    });
    const configFile = path.join(home, 'config.json');
    expect(JSON.parse(readFileSync(configFile, 'utf8'))).not.toHaveProperty('db.uri');
    expect(statSync(configFile).mode & 0o777).toBe(0o600);
  });

  it('warns when an environment variable overrides the saved choice', async () => {
    const result = await runInProcess(['db', 'use', '--embedded'], {
      env: { CAREER_DB_URI: 'mongodb://127.0.0.1:1' },
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      'warning: CAREER_DB_URI is set and takes precedence over this choice\n',
    );
  });

  it('tightens a config file that was created with looser permissions', async () => {
    const home = makeTempDir();
    writeFileSync(path.join(home, 'config.json'), '{}', { mode: 0o644 });
    await runInProcess(['db', 'use', unreachable], { home });
    expect(statSync(path.join(home, 'config.json')).mode & 0o777).toBe(0o600);
  });

  it('needs exactly one of a URI or --embedded (exit 2)', async () => {
    const neither = await runInProcess(['db', 'use']);
    expect(neither.code).toBe(2);
    expect(neither.stderr).toMatch(/^error: give either a connection string or --embedded\nhint: /);
    const both = await runInProcess(['db', 'use', unreachable, '--embedded']);
    expect(both.code).toBe(2);
  });

  it('refuses something that is not a connection string (exit 2)', async () => {
    const result = await runInProcess(['db', 'use', 'localhost:27017']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: not a MongoDB connection string/);
  });

  it('reports a corrupt config file clearly', async () => {
    const home = makeTempDir();
    writeFileSync(path.join(home, 'config.json'), '{ not json');
    const result = await runInProcess(['db', 'status'], { home });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^error: the config file .*config\.json is not valid JSON\nhint: /,
    );
  });
});
