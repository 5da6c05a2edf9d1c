// The machinery of `npm run bench` (test/bench/run.ts lists the modules): its options, running
// the chosen modules in order, the one table of their rows, and the JSON file. Kept apart from
// run.ts so that a test can use it without running a bench.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BenchModule, BenchRow } from './rows.js';

/** A module as run.ts lists it: loaded only when it runs, so `--only` skips the others' imports. */
export interface NamedModule {
  name: string;
  /** What it measures, for `--list`. */
  about: string;
  load: () => Promise<{ run: BenchModule }>;
}

export interface BenchOptions {
  /** Where to write the rows as JSON (`--json FILE`). */
  json?: string;
  /** Only these modules (`--only a,b`); every module when absent. */
  only?: string[];
  /** Not these (`--skip a,b`). */
  skip: string[];
  /** Print the modules and stop (`--list`). */
  list: boolean;
  /** Options a module reads itself (scale's `--clean-scale`), passed on untouched. */
  passed: string[];
  help: boolean;
}

/** Flags a module reads from process.argv itself: accepted here so the runner does not refuse them. */
const MODULE_FLAGS = new Set(['--clean-scale']);

export const USAGE = `usage: npm run bench -- [--list] [--only NAME,...] [--skip NAME,...] [--json FILE] [--clean-scale]
  --list           print the modules and what each measures, then stop
  --only NAME,...  run only these modules (in the listed order)
  --skip NAME,...  run every module but these
  --json FILE      also write the rows as JSON to FILE
  --clean-scale    regenerate the scale module's cached dataset
environment: BENCH_SCALE=0.01 shrinks the scale dataset (1 = 10,000 users, 1,000,000 applications)`;

export class UsageError extends Error {}

function names(value: string | undefined, flag: string): string[] {
  if (value === undefined || value.startsWith('--'))
    throw new UsageError(`${flag} needs a list of module names`);
  const list = value
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
  if (list.length === 0) throw new UsageError(`${flag} needs a list of module names`);
  return list;
}

/** Parses the runner's arguments (process.argv after the script); throws UsageError. */
export function parseOptions(args: readonly string[]): BenchOptions {
  const options: BenchOptions = { skip: [], list: false, passed: [], help: false };
  for (let at = 0; at < args.length; at++) {
    const arg = args[at] as string;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? arg.split('=', 2) : [arg];
    const value = (): string | undefined => inline ?? args[++at];
    switch (flag) {
      case '--json': {
        const file = value();
        if (file === undefined || file.length === 0 || file.startsWith('--'))
          throw new UsageError('--json needs a file name');
        options.json = file;
        break;
      }
      case '--only':
        options.only = [...(options.only ?? []), ...names(value(), '--only')];
        break;
      case '--skip':
        options.skip.push(...names(value(), '--skip'));
        break;
      case '--list':
        options.list = true;
        break;
      case '--help':
      case '-h':
        options.help = true;
        break;
      default:
        if (flag !== undefined && MODULE_FLAGS.has(flag)) options.passed.push(arg);
        else throw new UsageError(`unknown option ${arg}`);
    }
  }
  return options;
}

/** The modules to run, in their listed order; throws UsageError for an unknown name. */
export function selectModules(
  modules: readonly NamedModule[],
  options: Pick<BenchOptions, 'only' | 'skip'>,
): NamedModule[] {
  const known = new Set(modules.map((module) => module.name));
  for (const name of [...(options.only ?? []), ...options.skip]) {
    if (!known.has(name)) {
      throw new UsageError(`unknown bench module ${name} (there are: ${[...known].join(', ')})`);
    }
  }
  return modules.filter(
    (module) =>
      (options.only === undefined || options.only.includes(module.name)) &&
      !options.skip.includes(module.name),
  );
}

/** 1234.5 -> "1,235"; small figures keep two significant decimals. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

/** A share (`0.25` as `25%`) where the target is one, a multiple (`1.20x`) otherwise. */
function ratioText(row: BenchRow): string {
  if (row.ratio === undefined) return '';
  if (row.target?.endsWith('%')) return `${formatNumber(row.ratio * 100)}%`;
  return `${formatNumber(row.ratio)}x`;
}

function metText(row: BenchRow): string {
  if (row.met === undefined) return '';
  return row.met ? 'yes' : 'NO';
}

const COLUMNS = ['group', 'name', 'value', 'unit', 'baseline', 'ratio', 'target', 'met'] as const;

/** One plain-text table of every row (notes below it, numbered), for a terminal or a log. */
export function renderTable(rows: readonly BenchRow[]): string {
  const notes: string[] = [];
  const cells = rows.map((row) => {
    let name = row.name;
    if (row.note !== undefined) {
      notes.push(row.note);
      name += ` [${notes.length}]`;
    }
    const baseline = row.baseline
      ? `${formatNumber(row.baseline.value)} ${row.baseline.unit} (${row.baseline.name})`
      : '';
    return [
      row.group,
      name,
      formatNumber(row.value),
      row.unit,
      baseline,
      ratioText(row),
      row.target ?? '',
      metText(row),
    ];
  });
  const widths = COLUMNS.map((title, column) =>
    Math.max(title.length, ...cells.map((line) => (line[column] ?? '').length)),
  );
  const numeric = new Set([2, 5]);
  const line = (values: readonly string[]): string =>
    values
      .map((value, column) =>
        numeric.has(column)
          ? value.padStart(widths[column] ?? 0)
          : value.padEnd(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd();
  const out = [line(COLUMNS), line(widths.map((width) => '-'.repeat(width))), ...cells.map(line)];
  if (notes.length > 0) out.push('', ...notes.map((note, at) => `[${at + 1}] ${note}`));
  return out.join('\n');
}

export interface BenchReport {
  /** When the run started (ISO 8601). */
  startedAt: string;
  node: string;
  platform: string;
  /** The machine's load average when the run started (1, 5, 15 minutes): figures vary with it. */
  loadAverage: number[];
  modules: string[];
  rows: BenchRow[];
  /** Modules that threw: their rows are missing. */
  failures: { module: string; error: string }[];
}

export function writeReport(file: string, report: BenchReport): void {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
}

/** Runs the modules one after the other; a module that throws is reported and the rest go on. */
export async function runModules(
  modules: readonly NamedModule[],
  log: (line: string) => void,
): Promise<Pick<BenchReport, 'rows' | 'failures'>> {
  const rows: BenchRow[] = [];
  const failures: BenchReport['failures'] = [];
  for (const module of modules) {
    const started = performance.now();
    log(`bench ${module.name}: ${module.about}`);
    try {
      const { run } = await module.load();
      const produced = await run();
      rows.push(...produced);
      log(`bench ${module.name}: ${produced.length} rows in ${formatSeconds(started)}`);
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      failures.push({ module: module.name, error: message });
      log(`bench ${module.name} failed after ${formatSeconds(started)}: ${message}`);
    }
  }
  return { rows, failures };
}

function formatSeconds(started: number): string {
  return `${((performance.now() - started) / 1000).toFixed(1)} s`;
}
