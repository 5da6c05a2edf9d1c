// Writes to stdout and stderr in the order they were made, a large text in chunks with a turn
// of the event loop between them. A write to a pipe or a terminal blocks the process until the
// reader has taken it (Node makes both synchronous on Linux), and signal handlers run only
// between turns of the event loop: one 5 MB write to a slow terminal would keep Ctrl-C waiting
// for as long as the terminal takes to draw it. Small writes go straight through, as before.

/** The largest piece written in one go: a few milliseconds of a terminal's time. */
export const CHUNK_CHARACTERS = 64 * 1024;

export interface PacedOutput {
  /** Writes `text` to `stream` after everything written before it (to either stream). */
  write(stream: NodeJS.WritableStream, text: string): void;
  /** Resolves once everything written has been handed to its stream. */
  flushed(): Promise<void>;
}

interface Pending {
  stream: NodeJS.WritableStream;
  text: string;
}

/** A turn of the event loop: timers, I/O and signal handlers run meanwhile. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Until `stream` has room again (or is gone: a reader that stopped early is not waited for). */
function drained(stream: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      for (const event of ['drain', 'close', 'error']) stream.off(event, done);
      resolve();
    };
    for (const event of ['drain', 'close', 'error']) stream.once(event, done);
  });
}

export function pacedOutput(chunk = CHUNK_CHARACTERS): PacedOutput {
  const queue: Pending[] = [];
  let pumping: Promise<void> | undefined;

  const pump = async (): Promise<void> => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      for (let at = 0; at < next.text.length; at += chunk) {
        const roomLeft = next.stream.write(next.text.slice(at, at + chunk));
        await (roomLeft ? nextTurn() : drained(next.stream));
      }
    }
    pumping = undefined;
  };

  return {
    write(stream, text) {
      if (pumping === undefined && text.length <= chunk) {
        stream.write(text);
        return;
      }
      queue.push({ stream, text });
      pumping ??= pump();
    },
    flushed: () => pumping ?? Promise.resolve(),
  };
}
