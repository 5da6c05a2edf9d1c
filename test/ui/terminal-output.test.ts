// Data that would act on a terminal (escape sequences that retitle the window, clear the
// screen or hide text, the 8-bit CSI, bidi overrides) is shown as visible escapes by every
// human output function: lines, fields, success lines, warnings, notes, tables, the board,
// the agenda, charts and error lines. Our own colours still work, with colour on. --json
// keeps the values exactly.
import { describe, expect, it } from 'vitest';
import { agendaLines } from '../../src/ui/agenda-view.js';
import { renderBoard } from '../../src/ui/board.js';
import { renderBars } from '../../src/ui/charts.js';
import { NotFoundError } from '../../src/domain/errors.js';
import type { ChalkInstance } from 'chalk';
import { coloursFor } from '../../src/ui/colours.js';
import { printerFor, type Printer } from '../../src/ui/output.js';
import { safe } from '../../src/ui/printable.js';
import { reportError } from '../../src/ui/report-error.js';
import { colourStatus } from '../../src/ui/status-colours.js';
import { renderTable } from '../../src/ui/table.js';
import { RAW_CONTROL, SGR } from '../helpers/terminal.js';
import { testIo, type TestIo } from '../helpers/io.js';

const TITLE = '\x1b]0;pwned\x07';
const CLEAR = '\x1b[2J';
const CSI_8BIT = '\x9b31m';
const RTL = '\u202e';
const CONCEAL = '\x1b[8m';
const PAYLOAD = `A${TITLE}B${CLEAR}C${CSI_8BIT}D${RTL}E${CONCEAL}F`;
const SHOWN = 'A\\x1b]0;pwned\\x07B\\x1b[2JC\\x9b31mD\\u202eE\\x1b[8mF';

// The io the ui functions write to in a test, as a command's context would give it.
let current: TestIo;
const out = (): Printer => printerFor(current.io);
const colours = (): ChalkInstance => coloursFor(current.io.stdout);
const written = {
  get stdout(): string {
    return current.stdout();
  },
  get stderr(): string {
    return current.stderr();
  },
};

/** Runs `body` as a command would, with colour on or off. */
function colour(on: boolean, body: () => void): void {
  current = testIo({ colour: on });
  body();
}

/** Prints the payload through every human output function. */
function printEverything(): void {
  out().printLine(PAYLOAD);
  out().printLine(`a multi-line note: ${PAYLOAD}\nsecond line`);
  out().printFields([
    ['Name', PAYLOAD],
    ['Status', colourStatus(PAYLOAD, colours())],
  ]);
  out().printSuccess(`Added ${PAYLOAD}`);
  out().printWarning(`columns with no matching field, kept in notes: ${PAYLOAD}`);
  out().printNote(`line 2: email ${PAYLOAD} is not an email address`);
  out().printLine(
    renderTable(
      ['Id', 'Company', 'Status'],
      [
        ['6b04dca1', PAYLOAD, colourStatus('applied', colours())],
        ['6b04dca2', 'ACME', colourStatus(PAYLOAD, colours())],
      ],
      current.io,
    ),
  );
  const board = renderBoard(
    [
      {
        status: 'applied',
        count: 1,
        cards: [{ id: '6b04dca1aaaaaaaaaaaaaaaa', company: PAYLOAD, title: PAYLOAD }],
      },
    ],
    200,
    colours(),
  );
  for (const line of board) out().printLine(line);
  const agenda = agendaLines(
    [
      {
        kind: 'follow-up',
        due: new Date(Date.now() - 86_400_000),
        overdue: true,
        dueToday: false,
        what: `email with ${PAYLOAD}`,
        detail: PAYLOAD,
        command: `career connect followup done ${PAYLOAD}`,
      },
    ],
    'Coming up',
    colours(),
  );
  for (const line of agenda) out().printLine(line);
  for (const line of renderBars([{ label: PAYLOAD, value: 3, note: PAYLOAD }], 120)) {
    out().printLine(line);
  }
  reportError(new NotFoundError(`no job matches '${PAYLOAD}'`, { hint: `career ${PAYLOAD}` }), {
    debug: false,
    io: current.io,
  });
  reportError(new Error(`a library said: ${PAYLOAD}`), { debug: false, io: current.io });
}

describe('human output', () => {
  it('shows control characters from data as visible escapes', () => {
    colour(false, () => {
      printEverything();
      const output = written.stdout + written.stderr;
      expect(output).not.toMatch(RAW_CONTROL);
      expect(written.stdout).toContain(SHOWN);
      expect(written.stderr).toContain(
        `warning: columns with no matching field, kept in notes: ${SHOWN}`,
      );
      expect(written.stderr).toContain(`error: no job matches '${SHOWN}'\nhint: career ${SHOWN}\n`);
      // A note's own line breaks are kept; a carriage return is not one.
      out().printLine('first\r\nsecond\rthird');
      expect(written.stdout).toContain('first\nsecond\\rthird\n');
    });
  });

  it('keeps data inside a line on that line: its line breaks cannot forge lines of ours', () => {
    colour(false, () => {
      const name = 'Bob\nerror: your session has expired';
      out().printSuccess(`Added ${name}`);
      out().printSuccess(safe`Connected with ${name}: ${colourStatus('accepted', colours())}`);
      out().printWarning(`columns with no matching field: ${name}`);
      out().printHeading(name);
      expect(written.stdout).toBe(
        '✓ Added Bob\\nerror: your session has expired\n' +
          '✓ Connected with Bob\\nerror: your session has expired: accepted\n' +
          'Bob\\nerror: your session has expired\n',
      );
      expect(written.stderr).toBe(
        'warning: columns with no matching field: Bob\\nerror: your session has expired\n',
      );
      // A note's value, printed as lines of its own, keeps its line breaks.
      out().printFields([['Notes', 'first\nsecond']]);
      expect(written.stdout).toContain('Notes: first\nsecond\n');
    });
  });

  it('keeps our colours, and only ours, with colour on', () => {
    colour(true, () => {
      printEverything();
      const output = written.stdout + written.stderr;
      // The data's own SGR sequence (conceal) is not written raw...
      expect(output).not.toContain(CONCEAL);
      expect(output).toContain('\\x1b[8m');
      // ...nothing but colour sequences is...
      expect(output.replace(SGR, '')).not.toMatch(RAW_CONTROL);
      // ...and ours are there, not escaped into text.
      expect(written.stdout).toContain('\x1b[34mapplied\x1b[39m');
      expect(written.stderr).toContain('\x1b[31merror:\x1b[39m');
      expect(output).not.toMatch(/\\x1b\[(1|2|22|3\d|39|90)m/);
    });
  });

  it('--json keeps the values exactly, with C1 and bidi characters as \\u escapes', () => {
    colour(false, () => {
      const value = { name: PAYLOAD, tags: [TITLE, CSI_8BIT, RTL, '\u0085\u2066x\u2069'] };
      out().printJson(value);
      expect(written.stdout).not.toMatch(RAW_CONTROL);
      expect(JSON.parse(written.stdout)).toEqual(value);
    });
  });
});
