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
  unit: 'ms' | 'docs/s' | 'rows/s' | '%' | 'x' | 'count';
  /** The baseline measured in the same run, e.g. "node -e 0" and its value. */
  baseline?: { name: string; value: number; unit: BenchRow['unit'] };
  /** value / baseline.value (or the share in % where the unit is %). */
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
