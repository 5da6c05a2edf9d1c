// `career remind` as cron runs it: the built CLI as a child process with cron's bare
// environment (PATH, HOME, no terminal, stdin closed), two users on one database; and two
// runs at once, each a process of its own, which between them give each item once.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RemindJson } from '../../src/commands/remind/report.js';
import { signedInAccount, type TestAccount } from '../helpers/accounts.js';
import { awayFromMidnight } from '../helpers/agenda-dataset.js';
import { isolatedDatabase, type IsolatedDatabase } from '../helpers/database.js';
import { seedOneFollowUp, seedReminders, type RemindIds } from '../helpers/remind-dataset.js';
import { cliPath, projectRoot } from '../helpers/run-cli.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dirs.js';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI with only the variables cron gives (and where the data is). */
function cronRun(account: { home: string }, args: string[], extra: Record<string, string> = {}) {
  const env = {
    PATH: '/usr/local/bin:/usr/bin:/bin',
    HOME: makeTempDir('career-cron-home-'),
    SHELL: '/bin/sh',
    LOGNAME: 'career',
    CAREER_HOME: account.home,
    CAREER_DB_URI: database.uri,
    ...extra,
  };
  return new Promise<Run>((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], {
      cwd: projectRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let database: IsolatedDatabase;
let ada: TestAccount;
let bob: TestAccount;
let ids: RemindIds;
let bobFollowUp: string;

async function userIdOf(account: TestAccount): Promise<string> {
  const shown = await account.run(['--json', 'profile', 'show']);
  return (JSON.parse(shown.stdout) as { _id: string })._id;
}

beforeAll(async () => {
  database = await isolatedDatabase({ transport: 'tcp' });
  ada = await signedInAccount('Ada Lovelace', { dbUri: database.uri });
  bob = await signedInAccount('Bob Builder', { dbUri: database.uri });
  await awayFromMidnight();
  ids = await seedReminders(database.uri, await userIdOf(ada));
  bobFollowUp = await seedOneFollowUp(database.uri, await userIdOf(bob));
});

afterAll(async () => {
  await database?.close();
  removeTempDirs();
});

describe('career remind from cron (child process)', () => {
  it('prints what is due once, then nothing; each user their own', async () => {
    const first = await cronRun(ada, ['remind']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toBe('');
    // Each item's command names its record (an interview's, its application).
    for (const id of [ids.email, ids.keepInTouch, ids.lateCourse, ids.offerToday]) {
      expect(first.stdout).toContain(id);
    }
    expect(first.stdout).toContain('technical interview: Backend Engineer at ACME');
    expect(first.stdout).not.toContain('onsite');
    expect(first.stdout).not.toContain(bobFollowUp);
    expect(first.stdout).not.toContain('\u001b');

    const second = await cronRun(ada, ['remind']);
    expect(second).toEqual({ code: 0, stdout: '', stderr: '' });

    const bobs = await cronRun(bob, ['--json', 'remind']);
    expect(bobs.code, bobs.stderr).toBe(0);
    const report = JSON.parse(bobs.stdout) as RemindJson;
    expect(report.items.map((item) => item.id)).toEqual([bobFollowUp]);
    expect(report.delivered).toBe('stdout');
  });

  it('not signed in: one error line and a hint on stderr, exit 6', async () => {
    const result = await cronRun({ home: makeTempDir('career-nobody-') }, ['remind']);
    expect(result.code).toBe(6);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toEqual([
      'error: not signed in',
      expect.stringMatching(/^hint: /),
    ]);
  });

  it('two runs at once give each item once between them, through notify-send', async () => {
    const carol = await signedInAccount('Carol', { dbUri: database.uri });
    await seedReminders(database.uri, await userIdOf(carol));
    const dir = makeTempDir('career-fake-notify-');
    const log = path.join(dir, 'calls.log');
    writeFileSync(path.join(dir, 'notify-send'), `#!/bin/sh\nprintf '%s\\n' "$3" >> '${log}'\n`);
    chmodSync(path.join(dir, 'notify-send'), 0o755);
    const desktop = {
      PATH: `${dir}:/usr/local/bin:/usr/bin:/bin`,
      DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent',
    };
    const runs = await Promise.all([
      cronRun(carol, ['--json', 'remind'], desktop),
      cronRun(carol, ['--json', 'remind'], desktop),
    ]);
    const reports = runs.map((run) => {
      expect(run.code, run.stderr).toBe(0);
      return JSON.parse(run.stdout) as RemindJson;
    });
    const keys = reports.flatMap((report) => report.items.map((item) => item.key));
    expect(keys).toHaveLength(5);
    expect(new Set(keys).size).toBe(5);
    // Each run sent its own: one notification an item, or one listing them past three.
    const expected = reports
      .map((report) => report.items.length)
      .reduce((sum, n) => sum + (n > 3 ? 1 : n), 0);
    const titles = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [];
    expect(titles).toHaveLength(expected);
    for (const report of reports) {
      if (report.items.length > 0) expect(report.delivered).toBe('desktop');
    }
  });
});
