// The bench runner's options, module choice, table and JSON file (no bench is run: the
// modules here are stand-ins returning fixed rows).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dirs.js';
import { ratioRow, type BenchRow } from './rows.js';
import {
  parseOptions,
  renderTable,
  runModules,
  selectModules,
  UsageError,
  writeReport,
  type NamedModule,
} from './runner.js';

afterAll(removeTempDirs);

const rows: Record<string, BenchRow[]> = {
  fast: [
    ratioRow(
      {
        group: 'scale',
        name: 'career stats',
        value: 120,
        unit: 'ms',
        baseline: { name: 'empty database', value: 100, unit: 'ms' },
        note: '10 users',
      },
      { text: '<= 1.5x', met: (ratio) => ratio <= 1.5 },
    ),
  ],
  share: [
    ratioRow(
      {
        group: 'throughput',
        name: 'insertMany',
        value: 25_000,
        unit: 'docs/s',
        baseline: { name: 'SQLite direct', value: 100_000, unit: 'docs/s' },
      },
      { text: '>= 30%', met: (ratio) => ratio >= 0.3 },
    ),
  ],
};

const modules: NamedModule[] = ['fast', 'share', 'broken'].map((name) => ({
  name,
  about: `the ${name} module`,
  load: () =>
    Promise.resolve({
      run: () =>
        name === 'broken'
          ? Promise.reject(new Error('it broke'))
          : Promise.resolve(rows[name] ?? []),
    }),
}));

describe('bench options', () => {
  it('reads --json, --only, --skip and --list, with values after a space or an =', () => {
    expect(parseOptions(['--json', 'out.json', '--only', 'a,b', '--skip=c', '--list'])).toEqual({
      json: 'out.json',
      only: ['a', 'b'],
      skip: ['c'],
      list: true,
      passed: [],
      help: false,
    });
    expect(parseOptions(['--only', 'a', '--only', ' b ,', '--clean-scale'])).toMatchObject({
      only: ['a', 'b'],
      passed: ['--clean-scale'],
    });
  });

  it('refuses unknown options and missing values', () => {
    expect(() => parseOptions(['--fast'])).toThrow(UsageError);
    expect(() => parseOptions(['--json'])).toThrow('--json needs a file name');
    expect(() => parseOptions(['--only', '--list'])).toThrow('--only needs a list');
    expect(() => parseOptions(['--skip', ','])).toThrow('--skip needs a list');
  });

  it('chooses modules in their listed order, and names the known ones for an unknown one', () => {
    const names = (chosen: NamedModule[]): string[] => chosen.map((module) => module.name);
    expect(names(selectModules(modules, { only: ['share', 'fast'], skip: [] }))).toEqual([
      'fast',
      'share',
    ]);
    expect(names(selectModules(modules, { skip: ['broken'] }))).toEqual(['fast', 'share']);
    expect(() => selectModules(modules, { only: ['slow'], skip: [] })).toThrow(
      'unknown bench module slow (there are: fast, share, broken)',
    );
  });
});

describe('bench rows', () => {
  it('runs every module, keeping the others when one fails, and prints one table', async () => {
    const log: string[] = [];
    const result = await runModules(modules, (line) => log.push(line));
    expect(result.rows.map((row) => row.name)).toEqual(['career stats', 'insertMany']);
    expect(result.failures).toEqual([
      { module: 'broken', error: expect.stringContaining('it broke') as unknown },
    ]);
    expect(log.some((line) => line.startsWith('bench broken failed'))).toBe(true);
    const table = renderTable(result.rows).split('\n');
    expect(table[0]).toMatch(/^group\s+name\s+value\s+unit\s+baseline\s+ratio\s+target\s+met$/);
    expect(table[2]).toMatch(
      /^scale\s+career stats \[1\]\s+120\s+ms\s+100 ms \(empty database\)\s+1\.20x\s+<= 1\.5x\s+yes$/,
    );
    // A share target shows the ratio as a share.
    expect(table[3]).toMatch(
      /insertMany\s+25,000\s+docs\/s\s+100,000 docs\/s \(SQLite direct\)\s+25\.0%\s+>= 30%\s+NO$/,
    );
    expect(table.at(-1)).toBe('[1] 10 users');
  });

  it('writes the rows and the run around them as JSON', () => {
    const file = path.join(makeTempDir(), 'nested', 'bench.json');
    const report = {
      startedAt: '2026-12-02T00:00:00.000Z',
      node: 'v20',
      platform: 'linux x64',
      loadAverage: [1, 2, 3],
      modules: ['fast'],
      rows: rows.fast ?? [],
      failures: [],
    };
    writeReport(file, report);
    const written = JSON.parse(readFileSync(file, 'utf8')) as typeof report;
    expect(written).toEqual(report);
    expect(written.rows[0]).toMatchObject({ ratio: 1.2, met: true, target: '<= 1.5x' });
  });
});
