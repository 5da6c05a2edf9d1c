// A progress bar for long imports, on stderr and only for a person at a terminal: scripts
// and --json output see nothing but the summary.
import type { SingleBar } from 'cli-progress';
import type { CommandIO } from './io.js';

export interface Progress {
  /** `done` rows so far; `bytes` of `total` bytes read, when the size is known. */
  update(done: number, bytes: number): void;
  stop(): void;
}

const NO_PROGRESS: Progress = { update: () => undefined, stop: () => undefined };

function perSecond(count: number, since: number): string {
  const seconds = (Date.now() - since) / 1000;
  return seconds > 0 ? Math.round(count / seconds).toLocaleString('en-US') : '0';
}

/**
 * A bar over the bytes of a file of `total` bytes (rows/s and ETA), or a row counter when
 * the size is unknown (stdin). Nothing at all unless `enabled` and stderr is a terminal.
 */
export async function startProgress(options: {
  enabled: boolean;
  total: number | undefined;
  label: string;
  /** Where to draw: the command's stderr, when it is a terminal. */
  io: CommandIO;
}): Promise<Progress> {
  const stderr = options.io.stderr;
  if (!options.enabled || !stderr.isTerminal) return NO_PROGRESS;
  const { SingleBar, Presets } = (await import('cli-progress')).default;
  const started = Date.now();
  const known = options.total !== undefined && options.total > 0;
  const bar: SingleBar = new SingleBar(
    {
      stream: stderr.stream as NodeJS.WriteStream,
      format: known
        ? `${options.label} [{bar}] {percentage}% | {rows} rows | {rate} rows/s | ETA {eta_formatted}`
        : `${options.label} {rows} rows | {rate} rows/s`,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 20,
    },
    Presets.shades_classic,
  );
  bar.start(known ? (options.total as number) : 0, 0, { rows: '0', rate: '0' });
  return {
    update: (done, bytes) =>
      bar.update(known ? bytes : 0, {
        rows: done.toLocaleString('en-US'),
        rate: perSecond(done, started),
      }),
    stop: () => bar.stop(),
  };
}
