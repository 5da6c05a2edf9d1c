// Where an export's bytes go: a file given with --out (written beside it under a temporary
// name, renamed into place once complete, so it is never half-written), a terminal (data's
// control characters shown as escapes: a person reads it), or a pipe (the bytes as they are).
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { randomBytes } from 'node:crypto';
import { UsageError } from '../../domain/errors.js';
import type { CommandIO } from '../../ui/io.js';
import { escapingStream } from '../../ui/terminal-stream.js';

export interface Destination {
  stream: Writable;
  /** Waits until everything is written (and the file renamed into place). */
  commit(): Promise<void>;
  /** Removes what was written of a file; nothing to undo on a terminal or pipe. */
  abandon(): Promise<void>;
}

export async function openDestination(
  target: string | undefined,
  io: CommandIO,
): Promise<Destination> {
  if (target !== undefined) return openFile(target);
  const stdout = io.stdout.stream as Writable;
  if (!io.stdout.isTerminal) {
    return { stream: stdout, commit: async () => undefined, abandon: async () => undefined };
  }
  const terminal = escapingStream(stdout);
  return { stream: terminal.stream, commit: terminal.finish, abandon: async () => undefined };
}

async function openFile(target: string): Promise<Destination> {
  // Owner-only (it holds the user's records), and never through a file or link already there
  // under the temporary name ('wx' and a random part in the name).
  const temporary = path.join(
    path.dirname(target),
    `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`,
  );
  const file = createWriteStream(temporary, { mode: 0o600, flags: 'wx' });
  await new Promise<void>((resolve, reject) => {
    file.once('open', () => resolve());
    file.once('error', (error) =>
      reject(new UsageError(`cannot write ${target}: ${error.message}`)),
    );
  });
  return {
    stream: file,
    commit: async () => {
      file.end();
      await finished(file);
      await rename(temporary, target);
    },
    abandon: async () => {
      file.destroy();
      await rm(temporary, { force: true });
    },
  };
}
