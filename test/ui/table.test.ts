// The table renderer (src/ui/table.ts): boxes drawn row by row from widths measured once,
// cells cut with … to fit a terminal, colour kept (outside the padding) unless a cell is cut,
// wide characters counted as two columns, and the pipe form one tab-separated line per row.
// And the paced output it is printed through: in order across both streams, large texts in
// chunks.
import { Writable } from 'node:stream';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { coloursFor } from '../../src/ui/colours.js';
import { printerFor } from '../../src/ui/output.js';
import { pacedOutput } from '../../src/ui/paced-output.js';
import { TerminalText } from '../../src/ui/printable.js';
import { idColumn, keep, renderTable, text } from '../../src/ui/table.js';
import { displayWidth } from '../../src/ui/terminal-width.js';
import { testIo } from '../helpers/io.js';

const HEAD = [idColumn('ID'), text('Name', 4), keep('Date'), text('Notes', 1)];
const ROWS = [
  ['6b04dca1', 'Ada Lovelace', '2026-01-01', 'a long note that goes on and on'],
  ['6b04dca2', '日本語の名前', '2026-02-02', 'short'],
];

function lines(rendered: TerminalText): string[] {
  return rendered.text.split('\n');
}

describe('renderTable at a terminal', () => {
  it('draws a box whose every line is as wide as the widest cell of each column allows', () => {
    const { io } = testIo({ terminal: true, columns: 200 });
    const drawn = lines(renderTable(HEAD, ROWS, io));
    expect(drawn).toEqual([
      '┌──────────┬──────────────┬────────────┬─────────────────────────────────┐',
      '│ ID       │ Name         │ Date       │ Notes                           │',
      '│ 6b04dca1 │ Ada Lovelace │ 2026-01-01 │ a long note that goes on and on │',
      '│ 6b04dca2 │ 日本語の名前 │ 2026-02-02 │ short                           │',
      '└──────────┴──────────────┴────────────┴─────────────────────────────────┘',
    ]);
    // The wide characters take two columns each: every line is as wide on screen.
    expect(new Set(drawn.map((line) => stringWidth(line))).size).toBe(1);
  });

  it('cuts the text that matters least with … to fit, never the id or the date', () => {
    const { io } = testIo({ terminal: true, columns: 52 });
    const drawn = lines(renderTable(HEAD, ROWS, io));
    for (const line of drawn) expect(stringWidth(line)).toBeLessThanOrEqual(52);
    expect(drawn[2]).toContain('6b04dca1');
    expect(drawn[2]).toContain('2026-01-01');
    expect(drawn[2]).toContain('│ a long n… │');
    expect(drawn[3]).toContain('short');
  });

  it('leaves the least important columns out on a narrow terminal, keeping the id', () => {
    const { io } = testIo({ terminal: true, columns: 30 });
    const drawn = lines(renderTable(HEAD, ROWS, io));
    expect(drawn[1]).toBe('│ ID       │ Name         │');
    for (const line of drawn) expect(stringWidth(line)).toBeLessThanOrEqual(30);
  });

  it('shows every column whole with --wide', () => {
    const { io } = testIo({ terminal: true, columns: 30 });
    const drawn = lines(renderTable(HEAD, ROWS, io, { wide: true }));
    expect(drawn[2]).toContain('a long note that goes on and on');
  });

  it('keeps our colours, padded outside them, and bolds the titles', () => {
    const { io } = testIo({ terminal: true, colour: true, columns: 200 });
    const green = coloursFor(io.stdout).green;
    const drawn = lines(
      renderTable(['Id', 'Status'], [['6b04dca1', new TerminalText(green('offer'))]], io),
    );
    expect(drawn[1]).toContain('\x1b[1mId\x1b[22m');
    expect(drawn[2]).toContain(`${green('offer')}  │`);
    // Colour codes take no room: the line is as wide as the plain ones.
    expect(displayWidth(drawn[2] as string)).toBe(displayWidth(drawn[0] as string));
  });

  it('escapes data before measuring it: a line break or escape in a cell stays on its line', () => {
    const { io } = testIo({ terminal: true, columns: 200 });
    const drawn = lines(renderTable(['Id', 'Name'], [['6b04dca1', 'two\nlines\x1b[2J']], io));
    expect(drawn).toHaveLength(4);
    expect(drawn[2]).toBe('│ 6b04dca1 │ two\\nlines\\x1b[2J │');
  });

  it('draws the header alone when there are no rows', () => {
    const { io } = testIo({ terminal: true, columns: 200 });
    expect(lines(renderTable(['Id', 'Name'], [], io))).toEqual([
      '┌────┬──────┐',
      '│ Id │ Name │',
      '└────┴──────┘',
    ]);
  });

  it('lays 50,000 rows out with the widths of their widest cells', () => {
    const { io } = testIo({ terminal: true, columns: 200 });
    const rows = Array.from({ length: 50_000 }, (_, i) => [`id${i}`, `Person ${i}`]);
    const drawn = lines(renderTable(['Id', 'Name'], rows, io));
    expect(drawn).toHaveLength(50_003);
    expect(drawn[3]).toBe('│ id1     │ Person 1     │');
    expect(drawn[50_001]).toBe('│ id49999 │ Person 49999 │');
  });
});

describe('renderTable in a pipe', () => {
  it('prints one tab-separated line per row, no header, no box', () => {
    const { io } = testIo({ terminal: false });
    expect(renderTable(HEAD, ROWS, io).text).toBe(
      '6b04dca1\tAda Lovelace\t2026-01-01\ta long note that goes on and on\n' +
        '6b04dca2\t日本語の名前\t2026-02-02\tshort',
    );
  });
});

describe('paced output', () => {
  function sink(): { stream: Writable; writes: string[] } {
    const writes: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        writes.push(chunk.toString());
        done();
      },
    });
    return { stream, writes };
  }

  it('writes a large text in chunks, and what follows it (on either stream) after it', async () => {
    const out = sink();
    const err = sink();
    const order: string[] = [];
    const paced = pacedOutput(10);
    paced.write(out.stream, 'x'.repeat(35));
    paced.write(err.stream, 'note');
    paced.write(out.stream, 'tail');
    // Nothing is written out of turn: the note waits for the large text.
    expect(err.writes).toEqual([]);
    for (const { stream, name } of [
      { stream: out.stream, name: 'out' },
      { stream: err.stream, name: 'err' },
    ]) {
      const write = stream.write.bind(stream);
      stream.write = ((chunk: string) => {
        order.push(`${name}:${chunk.length}`);
        return write(chunk);
      }) as typeof stream.write;
    }
    await paced.flushed();
    expect(out.writes.join('')).toBe(`${'x'.repeat(35)}tail`);
    expect(err.writes).toEqual(['note']);
    expect(order.indexOf('err:4')).toBeGreaterThan(order.lastIndexOf('out:5'));
  });

  it('writes a small text at once, as before', () => {
    const out = sink();
    pacedOutput().write(out.stream, 'hello\n');
    expect(out.writes).toEqual(['hello\n']);
  });

  it('a printer has written everything once flushed', async () => {
    const test = testIo({ terminal: true });
    const printer = printerFor(test.io);
    printer.printLine('y'.repeat(200_000));
    printer.printNote('done');
    await printer.flushed();
    expect(test.stdout()).toBe(`${'y'.repeat(200_000)}\n`);
    expect(test.stderr()).toBe('done\n');
  });
});
