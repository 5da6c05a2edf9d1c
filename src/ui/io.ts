// The streams a command reads and writes, and what they are (a terminal or not, colour, width).
// src/cli.ts builds one from the process; the in-process test harness builds one from buffers.
// Nothing below src/cli.ts touches process.stdout/stderr/stdin: it writes to an io.
import type { Readable } from 'node:stream';
import type { TableLayout } from '../domain/output-choices.js';

/** A chalk colour level: 0 none, 1 basic, 2 256 colours, 3 true colour. */
export type ColourLevel = 0 | 1 | 2 | 3;

export interface OutputStream {
  stream: NodeJS.WritableStream;
  /** Whether a person's terminal is at the other end (not a file or a pipe). */
  isTerminal: boolean;
  /** The colour to use on this stream (0 when it is not a terminal or colour is off). */
  colourLevel: ColourLevel;
}

export interface CommandIO {
  stdin: Readable;
  stdinIsTerminal: boolean;
  stdout: OutputStream;
  stderr: OutputStream;
  /** The width to fit lines to: the terminal's, else $COLUMNS, else 80. */
  columns: number;
  /** The `table.layout` setting: wide shows every column whole, as if --wide were given. */
  tableLayout?: TableLayout;
}

/** `io` with colour off on both streams (--no-color). */
export function withoutColour(io: CommandIO): CommandIO {
  return {
    ...io,
    stdout: { ...io.stdout, colourLevel: 0 },
    stderr: { ...io.stderr, colourLevel: 0 },
  };
}

/** Whether a person can answer a question: stdin and stdout are both a terminal. */
export function isInteractive(io: CommandIO): boolean {
  return io.stdinIsTerminal && io.stdout.isTerminal;
}
