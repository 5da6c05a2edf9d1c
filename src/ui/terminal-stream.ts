// A stream of data text for a person at a terminal (an export printed without --out): the
// text passes with every terminal control character from the data shown as a visible escape
// (see printable.ts), line breaks kept. A file or a pipe gets the bytes as they are.
import { once } from 'node:events';
import { StringDecoder } from 'node:string_decoder';
import { Transform, type Writable } from 'node:stream';
import { printable } from './printable.js';

export interface TerminalStream {
  /** Where to write. */
  stream: Writable;
  /** Ends the stream and waits until everything written has gone on to the terminal. */
  finish(): Promise<void>;
}

/** Writes to `terminal` through the escaping; `terminal` itself is never ended. */
export function escapingStream(terminal: Writable): TerminalStream {
  // A character may arrive split across chunks: decode before looking at it.
  const decoder = new StringDecoder('utf8');
  const escaping = new Transform({
    transform(chunk: Buffer | string, _encoding, done) {
      const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
      done(null, printable(text, { lines: true }));
    },
    flush(done) {
      done(null, printable(decoder.end(), { lines: true }));
    },
  });
  escaping.pipe(terminal, { end: false });
  return {
    stream: escaping,
    finish: async () => {
      escaping.end();
      await once(escaping, 'end');
    },
  };
}
