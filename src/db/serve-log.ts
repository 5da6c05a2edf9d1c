// Where `career db serve --log-level` writes the engine's log: stderr, or a file only its owner
// can read (0600). The file is appended to; a symbolic link there is refused (O_NOFOLLOW), so
// another user of the machine cannot point the log at a file of ours.
import fs from 'node:fs';
import { DEFAULT_SLOW_MS, LOG_LEVELS, type LogLevel } from '../engine/log.js';
import { CareerError } from '../domain/errors.js';

export { DEFAULT_SLOW_MS as SERVE_DEFAULT_SLOW_MS, LOG_LEVELS as SERVE_LOG_LEVELS };
export type { LogLevel as ServeLogLevel };

export interface ServeLogOptions {
  level: LogLevel;
  slowMs?: number;
  /** Undefined: stderr. */
  file?: string;
}

export interface ServeLogSink {
  write: (line: string) => void;
  close: () => void;
}

const LOG_FILE_MODE = 0o600;

export function openServeLog(
  file: string | undefined,
  stderr: NodeJS.WritableStream,
): ServeLogSink {
  if (file === undefined)
    return { write: (line) => void stderr.write(line), close: () => undefined };
  let fd: number;
  try {
    const { O_WRONLY, O_APPEND, O_CREAT, O_NOFOLLOW } = fs.constants;
    fd = fs.openSync(file, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW, LOG_FILE_MODE);
    // The mode given to open only applies to a file it creates: one made earlier is made private.
    fs.fchmodSync(fd, LOG_FILE_MODE);
  } catch (error) {
    throw new CareerError(`cannot open the log file ${file}: ${(error as Error).message}`, {
      hint: 'give the log file a path in a directory you own (not a symbolic link)',
      cause: error,
    });
  }
  return {
    write: (line) => fs.writeSync(fd, line),
    close: () => fs.closeSync(fd),
  };
}
