// `career db serve`'s limits: how many clients it takes, how much they may make it buffer, and
// how long it waits for them. The defaults (the engine's own) suit a personal server (see the
// README); each flag sets one, in units people type.
import { InvalidArgumentError, type Command } from 'commander';
import { SERVE_LIMIT_DEFAULTS, serveLimitRefusal, type ServeLimits } from '../../db/serve.js';
import { UsageError } from '../../domain/errors.js';

export interface ServeLimitOptions {
  maxConnections?: number;
  maxMessageMb?: number;
  maxBufferMb?: number;
  idleTimeout?: number;
  messageTimeout?: number;
}

function positive(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) {
    throw new InvalidArgumentError('must be a number above 0');
  }
  return number;
}

function positiveInteger(value: string): number {
  const number = positive(value);
  if (!Number.isInteger(number)) throw new InvalidArgumentError('must be a whole number above 0');
  return number;
}

const MB = 1000 * 1000;
const MIB = 1024 * 1024;

interface LimitFlag {
  /** The flag as commander reads it. */
  flags: string;
  option: keyof ServeLimitOptions;
  limit: keyof ServeLimits;
  /** What one unit of the flag is in the limit's own unit (bytes, milliseconds). */
  unit: number;
  description: string;
  parse: (value: string) => number;
}

const LIMIT_FLAGS: readonly LimitFlag[] = [
  {
    flags: '--max-connections <n>',
    option: 'maxConnections',
    limit: 'maxConnections',
    unit: 1,
    description: 'client connections at once',
    parse: positiveInteger,
  },
  {
    // MB, as MongoDB's own 48 MB limit is.
    flags: '--max-message-mb <mb>',
    option: 'maxMessageMb',
    limit: 'maxMessageBytes',
    unit: MB,
    description: 'largest message one client may send, in MB',
    parse: positive,
  },
  {
    flags: '--max-buffer-mb <mb>',
    option: 'maxBufferMb',
    limit: 'maxBufferedBytes',
    unit: MIB,
    description: 'bytes all clients may have waiting, in MiB',
    parse: positive,
  },
  {
    flags: '--idle-timeout <seconds>',
    option: 'idleTimeout',
    limit: 'idleTimeoutMs',
    unit: 1000,
    description: 'close a connection silent this long',
    parse: positive,
  },
  {
    flags: '--message-timeout <seconds>',
    option: 'messageTimeout',
    limit: 'messageTimeoutMs',
    unit: 1000,
    description: 'drop a client whose message takes longer to arrive',
    parse: positive,
  },
];

export function withServeLimitOptions(command: Command): Command {
  for (const flag of LIMIT_FLAGS) {
    const defaultValue = SERVE_LIMIT_DEFAULTS[flag.limit] / flag.unit;
    command.option(flag.flags, `${flag.description} (default: ${defaultValue})`, flag.parse);
  }
  return command;
}

/** The limits the flags ask for; a UsageError names a flag whose value the engine refuses. */
export function serveLimitsOf(options: ServeLimitOptions): ServeLimits {
  const limits: ServeLimits = {};
  for (const flag of LIMIT_FLAGS) {
    const value = options[flag.option];
    if (value === undefined) continue;
    limits[flag.limit] = value * flag.unit;
    const refusal = serveLimitRefusal({ [flag.limit]: limits[flag.limit] });
    if (refusal !== undefined) {
      throw new UsageError(`${flag.flags.split(' ')[0]} ${value} cannot be served: ${refusal}`, {
        hint: 'see `career db serve --help` for the limits and their defaults',
      });
    }
  }
  return limits;
}
