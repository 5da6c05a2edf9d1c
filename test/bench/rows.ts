// One figure of `npm run bench`: every bench module returns rows of this shape, and the runner
// (test/bench/run.ts) prints them as one table and writes them as JSON (`--json FILE`). A figure
// is a ratio against a baseline measured in the same run, never an absolute time asserted.
export interface BenchRow {
  /** The area: startup, scale, rendering, throughput, query, import, backup, search, agenda... */
  group: string;
  /** What was measured, e.g. "career apply list (1,000 applications)". */
  name: string;
  /** The measured figure, in `unit`. */
  value: number;
  unit: 'ms' | 'docs/s' | 'rows/s' | '%' | 'x' | 'count' | 'MB';
  /** The baseline measured in the same run, e.g. "node -e 0" and its value. */
  baseline?: { name: string; value: number; unit: BenchRow['unit'] };
  /** value / baseline.value: 1.2 is 1.2x the baseline's time, 0.3 is 30% of its rate. */
  ratio?: number;
  /** The target as a person reads it, e.g. "<= 3x" or ">= 50,000 docs/s". */
  target?: string;
  /** Whether the target was met (left out when there is no target). */
  met?: boolean;
  /** A short remark (the dataset size, what dominates the time). */
  note?: string;
}

/** A bench module: runs its measurements and returns its rows (it may also print progress). */
export type BenchModule = () => Promise<BenchRow[]>;

/** The median of some timings (the upper middle one of an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

/** n documents in ms milliseconds, as documents (or rows) per second. */
export function perSecond(count: number, ms: number): number {
  return (count / ms) * 1000;
}

/** A row whose figure is `value` against `baseline`, with its ratio and whether it met `target`. */
export function ratioRow(
  row: Omit<BenchRow, 'ratio' | 'met' | 'target'>,
  target?: { text: string; met: (ratio: number) => boolean },
): BenchRow {
  const ratio = row.baseline ? row.value / row.baseline.value : undefined;
  return {
    ...row,
    ...(ratio === undefined ? {} : { ratio }),
    ...(target ? { target: target.text } : {}),
    ...(target && ratio !== undefined ? { met: target.met(ratio) } : {}),
  };
}
