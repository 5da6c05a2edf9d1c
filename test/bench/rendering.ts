// `career contact list` at 1,000, 10,000 and 50,000 rows (issue 17, part 2), into a pipe and
// at a pseudo-terminal 120 columns wide: the whole command as a user runs it (a child process,
// start-up included) on the embedded engine, one user's 50,000 contacts next to another's.
// Each row's ratio is its time per listed row against the 1,000-row listing's: about 1 (or
// less, start-up spread thinner) when listing is linear, growing with the rows when a step is
// quadratic. Targets: 50,000 rows in under 5 s, ratio <= 1.5x. Printed, never asserted.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { seedContacts } from '../helpers/contacts-dataset.js';
import type { BenchModule, BenchRow } from './rows.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = path.join(root, 'bin', 'career');
const PASSWORD = 'correct horse battery staple';
const EMAIL = 'bench@example.com';
const SIZES = [1_000, 10_000, 50_000];
const RUNS = Number(process.env.BENCH_RENDER_RUNS ?? 3);
const TARGET_MS = 5_000;
const TARGET_RATIO = 1.5;

type Where = 'pipe' | 'terminal';

function env(home: string): NodeJS.ProcessEnv {
  const clean = { ...process.env };
  for (const name of ['CAREER_DB_URI', 'MONGODB_URI', 'FORCE_COLOR']) delete clean[name];
  return { ...clean, CAREER_HOME: home, HOME: home, NO_COLOR: '1', CAREER_PASSWORD: PASSWORD };
}

/** A POSIX shell word. */
const word = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;

/** One run of `career contact list --limit rows`: its wall time in ms. */
function listOnce(home: string, rows: number, where: Where): number {
  const args = [cli, 'contact', 'list', '--limit', String(rows)];
  const started = performance.now();
  const result =
    where === 'pipe'
      ? spawnSync(process.execPath, args, { env: env(home), maxBuffer: 1 << 30 })
      : spawnSync(
          'script',
          [
            '-qefc',
            `stty cols 120 rows 40; exec ${[process.execPath, ...args].map(word).join(' ')}`,
            '/dev/null',
          ],
          { env: { ...env(home), SHELL: '/bin/sh', TERM: 'xterm' }, maxBuffer: 1 << 30 },
        );
  const ms = performance.now() - started;
  if (result.status !== 0) {
    throw new Error(`contact list --limit ${rows} (${where}) exited ${result.status}`);
  }
  return ms;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

export const run: BenchModule = async () => {
  const home = mkdtempSync(path.join(tmpdir(), 'career-bench-render-'));
  try {
    const registered = spawnSync(
      process.execPath,
      [cli, 'auth', 'register', '--name', 'Bench', '--email', EMAIL],
      { env: env(home), encoding: 'utf8' },
    );
    if (registered.status !== 0) throw new Error(`register: ${registered.stderr}`);
    const largest = Math.max(...SIZES);
    await seedContacts(home, EMAIL, largest);
    const rows: BenchRow[] = [];
    for (const where of ['pipe', 'terminal'] as const) {
      let perRowAt1k: number | undefined;
      for (const size of SIZES) {
        const ms = median(Array.from({ length: RUNS }, () => listOnce(home, size, where)));
        perRowAt1k ??= ms / size;
        const ratio = ms / size / perRowAt1k;
        const within = size === largest ? ms < TARGET_MS : true;
        const row: BenchRow = {
          group: 'rendering',
          name: `career contact list --limit ${size.toLocaleString('en-US')} (${where})`,
          value: Math.round(ms),
          unit: 'ms',
          baseline: { name: 'the 1,000-row listing, per row', value: perRowAt1k, unit: 'ms' },
          ratio,
          note: `median of ${RUNS}; ${largest.toLocaleString('en-US')} contacts and another user's as many`,
        };
        if (size !== SIZES[0]) {
          row.target = size === largest ? `< 5 s, <= ${TARGET_RATIO}x` : `<= ${TARGET_RATIO}x`;
          row.met = within && ratio <= TARGET_RATIO;
        }
        console.log(
          `  ${row.name}: ${row.value} ms, ${ratio.toFixed(2)}x the 1,000-row time per row`,
        );
        rows.push(row);
      }
    }
    return rows;
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
};

if (process.argv[1]?.endsWith('rendering.ts')) await run();
