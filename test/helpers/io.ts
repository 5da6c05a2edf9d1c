// A CommandIO on buffers, for tests of src/ui and services that print: what was written to
// stdout and stderr, with colour on or off and a terminal or not, decided per test.
import { Readable, Writable } from 'node:stream';
import type { CommandIO } from '../../src/ui/io.js';

export interface TestIo {
  io: CommandIO;
  stdout(): string;
  stderr(): string;
}

function buffer(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, text: () => text };
}

export function testIo(
  options: { colour?: boolean; terminal?: boolean; columns?: number } = {},
): TestIo {
  const out = buffer();
  const err = buffer();
  const terminal = options.terminal === true;
  const colourLevel = options.colour === true ? 1 : 0;
  return {
    io: {
      stdin: Readable.from([]),
      stdinIsTerminal: terminal,
      stdout: { stream: out.stream, isTerminal: terminal, colourLevel },
      stderr: { stream: err.stream, isTerminal: terminal, colourLevel },
      columns: options.columns ?? 80,
    },
    stdout: out.text,
    stderr: err.text,
  };
}
