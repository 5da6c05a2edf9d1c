// `career db serve`'s engine log flags: off unless asked for, like a quiet CLI; --log-level
// info shows what a mongod shows by default (connections, slow operations at --slow-ms).
import { InvalidArgumentError, type Command } from 'commander';
import { choiceOption } from './choice.js';
import {
  SERVE_DEFAULT_SLOW_MS,
  SERVE_LOG_LEVELS,
  type ServeLogLevel,
  type ServeLogOptions,
} from '../../db/serve-log.js';

export interface ServeLogFlags {
  logLevel?: ServeLogLevel;
  slowMs?: number;
  logFile?: string;
}

function milliseconds(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) {
    throw new InvalidArgumentError('must be a whole number of milliseconds, 0 or more');
  }
  return number;
}

export function withServeLogOptions(command: Command): Command {
  return command
    .addOption(
      choiceOption(
        '--log-level <level>',
        'log to stderr, mongod-style JSON lines: error, warn (failed commands), info (connections, slow operations), debug (every command)',
        SERVE_LOG_LEVELS,
        'logLevel',
      ),
    )
    .option(
      '--slow-ms <ms>',
      `log operations slower than this (default ${SERVE_DEFAULT_SLOW_MS}, as mongod's slowms; implies --log-level info)`,
      milliseconds,
    )
    .option(
      '--log-file <path>',
      'write the log to this file (owner-only, appended) instead of stderr',
    );
}

/** The log to serve with, or undefined when no flag asked for one. */
export function serveLogOf(flags: ServeLogFlags): ServeLogOptions | undefined {
  const level =
    flags.logLevel ??
    (flags.slowMs !== undefined || flags.logFile !== undefined ? 'info' : undefined);
  if (level === undefined) return undefined;
  return {
    level,
    ...(flags.slowMs === undefined ? {} : { slowMs: flags.slowMs }),
    ...(flags.logFile === undefined ? {} : { file: flags.logFile }),
  };
}
