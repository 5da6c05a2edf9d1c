// `career db serve`'s limits: how many clients it takes, how much they may make it buffer, and
// how long it waits for them. The defaults suit a personal server (see the README).
import { InvalidArgumentError, type Command } from 'commander';
import type { ServeLimits } from '../db/serve.js';

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

export function withServeLimitOptions(command: Command): Command {
  return command
    .option('--max-connections <n>', 'client connections at once (default: 64)', positiveInteger)
    .option('--max-message-mb <mb>', 'largest message one client may send (default: 48)', positive)
    .option('--max-buffer-mb <mb>', 'bytes all clients may have waiting (default: 64)', positive)
    .option(
      '--idle-timeout <seconds>',
      'close a connection silent this long (default: 600)',
      positive,
    )
    .option(
      '--message-timeout <seconds>',
      'drop a client whose message takes longer to arrive (default: 60)',
      positive,
    );
}

const MIB = 1024 * 1024;

export function serveLimitsOf(options: ServeLimitOptions): ServeLimits {
  const seconds = (value: number | undefined) => (value === undefined ? undefined : value * 1000);
  const mebibytes = (value: number | undefined) => (value === undefined ? undefined : value * MIB);
  return {
    maxConnections: options.maxConnections,
    maxMessageBytes: mebibytes(options.maxMessageMb),
    maxBufferedBytes: mebibytes(options.maxBufferMb),
    idleTimeoutMs: seconds(options.idleTimeout),
    messageTimeoutMs: seconds(options.messageTimeout),
  };
}
