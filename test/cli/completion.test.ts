// Shell completion: `career completion bash|zsh|fish` prints a script the shell accepts, and
// `career __complete -- WORDS...` (what the scripts ask) offers verbs, flags, enum values and
// the user's ids, derived from the commander tree, without prompts or errors.
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { APPLICATION_STATUSES } from '../../src/domain/pipeline.js';
import { CONNECTION_TYPES } from '../../src/services/connection-service.js';
import { GOAL_TYPES } from '../../src/services/profile-service.js';
import { inProcessAccount, runInProcess, type InProcessAccount } from '../helpers/in-process.js';
import { cliPath, sandboxEnv } from '../helpers/run-cli.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dirs.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });
afterAll(removeTempDirs);

function has(shell: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${shell}`]).status === 0;
}

let ada: InProcessAccount;
let applicationId: string;
let followUpId: string;
beforeAll(async () => {
  ada = await inProcessAccount();
  const added = await ada.run(['--json', 'apply', 'add', '--company', 'ACME', '--title', 'SRE']);
  applicationId = (JSON.parse(added.stdout) as { _id: string })._id;
  const contact = await ada.run(['--json', 'contact', 'add', '--name', 'Grace Hopper']);
  const contactId = (JSON.parse(contact.stdout) as { _id: string })._id;
  const connection = await ada.run(['--json', 'connect', 'add', contactId]);
  const connectionId = (JSON.parse(connection.stdout) as { _id: string })._id;
  const followUp = await ada.run([
    '--json',
    'connect',
    'followup',
    'add',
    connectionId,
    '--due',
    'tomorrow',
    '--type',
    'call',
  ]);
  // The follow-up itself, or (once writes print the connection) its `followUp`.
  const planned = JSON.parse(followUp.stdout) as { _id: string; followUp?: { _id: string } };
  followUpId = planned.followUp?._id ?? planned._id;
});

/** What `career __complete -- ...words` offers (the words only, descriptions dropped). */
async function offered(words: string[], account = ada): Promise<string[]> {
  const result = await account.run(['__complete', '--', ...words]);
  expect(result.code).toBe(0);
  expect(result.stderr).toBe('');
  return result.stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.split('\t')[0] ?? '');
}

describe('career __complete', () => {
  it('offers nouns, verbs (at any depth) and flags from the commander tree', async () => {
    const nouns = await offered(['']);
    expect(nouns).toEqual(expect.arrayContaining(['init', 'apply', 'connect', 'completion']));
    expect(nouns).not.toContain('__complete');
    expect(await offered(['ap'])).toEqual(['apply']);
    expect(await offered(['apply', ''])).toEqual(
      expect.arrayContaining(['add', 'list', 'status', 'interview', 'board']),
    );
    expect(await offered(['help', 'connect', 'followup', ''])).toEqual(
      expect.arrayContaining(['add', 'done', 'list']),
    );
    const flags = await offered(['apply', 'list', '--']);
    expect(flags).toEqual(expect.arrayContaining(['--status', '--since', '--json', '--help']));
    expect(await offered(['apply', 'list', '--st'])).toEqual(['--status']);
  });

  it('offers the values of enum flags and arguments', async () => {
    expect(await offered(['apply', 'list', '--status', ''])).toEqual([...APPLICATION_STATUSES]);
    expect(await offered(['apply', 'status', applicationId, ''])).toEqual([
      ...APPLICATION_STATUSES,
    ]);
    expect(await offered(['--json', 'profile', 'update', '--goal', ''])).toEqual([...GOAL_TYPES]);
    expect(await offered(['connect', 'add', 'x', '--type', 'p'])).toEqual(
      CONNECTION_TYPES.filter((type) => type.startsWith('p')),
    );
    expect(await offered(['completion', ''])).toEqual(['bash', 'zsh', 'fish']);
    // A free-text value: nothing (the shell offers file names).
    expect(await offered(['apply', 'add', '--notes', ''])).toEqual([]);
  });

  it("offers the signed-in user's ids where an id is asked for, and nothing otherwise", async () => {
    expect(await offered(['apply', 'show', ''])).toEqual([applicationId]);
    expect(await offered(['apply', 'interview', 'add', applicationId.slice(0, 6)])).toEqual([
      applicationId,
    ]);
    expect(await offered(['apply', 'show', 'ffff'])).toEqual([]);
    expect(await offered(['connect', 'followup', 'done', 'x', ''])).toEqual([followUpId]);
    // Another user sees none of them; someone signed out gets nothing, and no error.
    const bob = await inProcessAccount('Bob');
    expect(await offered(['apply', 'show', ''], bob)).toEqual([]);
    const nobody = await runInProcess(['__complete', '--', 'apply', 'show', '']);
    expect(nobody).toMatchObject({ code: 0, stdout: '', stderr: '' });
  });
});

describe('career completion', () => {
  it('refuses an unknown shell', async () => {
    const result = await runInProcess(['completion', 'tcsh']);
    expect(result.code).toBe(2);
  });

  it('prints a bash script bash accepts, which completes through career itself', async () => {
    const script = (await runInProcess(['completion', 'bash'])).stdout;
    const dir = makeTempDir('career-completion-');
    writeFileSync(path.join(dir, 'career.bash'), script);
    expect(spawnSync('bash', ['-n', path.join(dir, 'career.bash')]).status).toBe(0);
    // Completing `career apply list --status ` in a real bash, with the built career on PATH.
    mkdirSync(path.join(dir, 'bin'));
    symlinkSync(cliPath, path.join(dir, 'bin', 'career'));
    const env: NodeJS.ProcessEnv = sandboxEnv(ada.home, makeTempDir('career-user-home-'));
    const run = spawnSync(
      'bash',
      [
        '-c',
        `source ${path.join(dir, 'career.bash')}; COMP_WORDS=(career apply list --status "") ` +
          `COMP_CWORD=4; _career_complete; printf '%s\\n' "\${COMPREPLY[@]}"`,
      ],
      { env: { ...env, PATH: `${path.join(dir, 'bin')}:${env.PATH ?? ''}` }, encoding: 'utf8' },
    );
    expect(run.stderr).toBe('');
    expect(run.stdout.trim().split('\n')).toEqual([...APPLICATION_STATUSES]);
  });

  for (const shell of ['zsh', 'fish'] as const) {
    const check = shell === 'zsh' ? ['-n'] : ['--no-execute'];
    it.skipIf(!has(shell))(
      `prints a ${shell} script ${shell} accepts (skipped where ${shell} is not installed)`,
      async () => {
        const script = (await runInProcess(['completion', shell])).stdout;
        const file = path.join(makeTempDir('career-completion-'), `career.${shell}`);
        writeFileSync(file, script);
        const run = spawnSync(shell, [...check, file], { encoding: 'utf8' });
        expect(run.stderr).toBe('');
        expect(run.status).toBe(0);
      },
    );
  }
});
