// Peak memory of `career import` of a 1,000,000-row contacts CSV (BENCH_IMPORT_BIG_ROWS), a
// child process's VmHWM polled from /proc: target < 200 MB.
import { measureImportMemory } from './import.js';
import { perSecond, type BenchModule } from './rows.js';

export const run: BenchModule = async () => {
  const rows = Number(process.env.BENCH_IMPORT_BIG_ROWS ?? 1_000_000);
  const big = await measureImportMemory(rows);
  const megabytes = big.peakKb / 1024;
  return [
    {
      group: 'import-memory',
      name: 'career import, peak RSS',
      value: megabytes,
      unit: 'MB',
      target: '< 200 MB',
      met: megabytes < 200,
      note: `${rows.toLocaleString('en-US')}-row CSV at ${Math.round(perSecond(rows, big.ms)).toLocaleString('en-US')} rows/s`,
    },
  ];
};
