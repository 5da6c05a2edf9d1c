// The CLI skeleton: version, help, usage errors and exit codes, without a database. --version
// runs as a child process (src/cli.ts answers it before loading anything); the rest in process.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { runInProcess } from '../helpers/in-process.js';
import { projectRoot, runCli } from '../helpers/run-cli.js';
import { removeTempDirs } from '../helpers/temp-dirs.js';

// The version tests start node processes; allow for a slow, busy machine.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

afterAll(removeTempDirs);

const packageVersion = (
  JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string }
).version;

describe('career --version', () => {
  it('prints the package version', async () => {
    const result = await runCli(['--version']);
    expect(result).toMatchObject({ code: 0, stdout: `${packageVersion}\n`, stderr: '' });
  });

  it('also answers -V and the version after other global options', async () => {
    expect((await runCli(['-V'])).stdout).toBe(`${packageVersion}\n`);
    const late = await runCli(['--no-color', '--version']);
    expect(late).toMatchObject({ code: 0, stdout: `${packageVersion}\n` });
  });
  // Its speed against `node -e 0` is a figure in `npm run bench`, not a timed test.
});

describe('career --help', () => {
  it('lists the nouns and global options', async () => {
    const result = await runInProcess(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^\s+db\s+/m);
    for (const option of ['--db-uri', '--json', '--debug', '--no-color']) {
      expect(result.stdout).toContain(option);
    }
  });

  it('prints the same help with no arguments', async () => {
    const result = await runInProcess([]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: career');
  });

  it('lists the verbs of a noun', async () => {
    const result = await runInProcess(['db', '--help']);
    expect(result.code).toBe(0);
    for (const verb of ['status', 'use', 'serve'])
      expect(result.stdout).toMatch(new RegExp(`^\\s+${verb}\\b`, 'm'));
  });

  it('`help db` is the same as `db --help`', async () => {
    const [viaHelp, viaFlag] = await Promise.all([
      runInProcess(['help', 'db']),
      runInProcess(['db', '--help']),
    ]);
    expect(viaHelp.code).toBe(0);
    expect(viaHelp.stdout).toBe(viaFlag.stdout);
  });

  it("`help NOUN VERB` (and deeper) shows that verb's help, after global options too", async () => {
    const [verb, deeper, flagged, viaFlag] = await Promise.all([
      runInProcess(['help', 'apply', 'add']),
      runInProcess(['help', 'apply', 'interview', 'add']),
      runInProcess(['--no-color', 'help', 'connect', 'followup', 'done']),
      runInProcess(['apply', 'interview', 'add', '--help']),
    ]);
    expect(verb.code).toBe(0);
    expect(verb.stdout).toMatch(/^Usage: career apply add \[options\]/);
    expect(deeper.code).toBe(0);
    expect(deeper.stdout).toBe(viaFlag.stdout);
    expect(flagged.stdout).toMatch(/^Usage: career connect followup done /);
  });
});

describe('usage errors', () => {
  it('an unknown command exits 2 with one error line and a hint', async () => {
    const result = await runInProcess(['frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      "error: unknown command 'frobnicate'\nhint: run `career --help` for usage\n",
    );
  });

  it('an unknown verb exits 2 and points at the noun help', async () => {
    const result = await runInProcess(['db', 'frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: unknown command 'frobnicate'/);
    expect(result.stderr).toContain('career db --help');
  });

  it('a usage error points at the help of the command typed, at any depth', async () => {
    const [missing, unknownVerb, unknownOption] = await Promise.all([
      runInProcess(['apply', 'interview', 'add']),
      runInProcess(['connect', 'followup', 'frobnicate']),
      runInProcess(['--json', 'apply', 'add', '--frobnicate']),
    ]);
    expect(missing.stderr).toBe(
      "error: missing required argument 'application-id'\n" +
        'hint: run `career apply interview add --help` for usage\n',
    );
    expect(unknownVerb.stderr).toContain('hint: run `career connect followup --help` for usage');
    expect(unknownOption.stderr).toContain('hint: run `career apply add --help` for usage');
  });

  it('an unknown option exits 2', async () => {
    const result = await runInProcess(['db', 'status', '--frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: unknown option '--frobnicate'/);
  });

  it('a noun without a verb shows its help and exits 2', async () => {
    const result = await runInProcess(['db']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Usage: career db');
  });

  it('a bad option value exits 2', async () => {
    const result = await runInProcess(['db', 'serve', '--port', 'eighty']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: .*--port.*whole number/);
  });

  it('errors carry no colour codes when NO_COLOR is set', async () => {
    const result = await runInProcess(['frobnicate'], { env: { FORCE_COLOR: '1' } });
    expect(result.stderr).not.toContain('\u001b[');
  });

  it('FORCE_COLOR without NO_COLOR does colour (so the test above can fail)', async () => {
    const result = await runInProcess(['frobnicate'], { env: { FORCE_COLOR: '1', NO_COLOR: '' } });
    expect(result.stderr).toContain('\u001b[');
  });

  it('--no-color wins over FORCE_COLOR', async () => {
    const result = await runInProcess(['--no-color', 'frobnicate'], {
      env: { FORCE_COLOR: '1', NO_COLOR: '' },
    });
    expect(result.stderr).not.toContain('\u001b[');
  });
});
