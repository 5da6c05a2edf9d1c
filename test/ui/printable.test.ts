// printable(): which characters are escaped and how; TerminalText and the safe`` tag; JSON
// that keeps its values while showing C1 and bidi characters as \u escapes.
import { describe, expect, it } from 'vitest';
import {
  paint,
  printable,
  safe,
  terminalJson,
  TerminalText,
  toTerminal,
} from '../../src/ui/printable.js';
import { RAW_CONTROL } from '../helpers/terminal.js';

const UNSAFE_CODES = [
  ...Array.from({ length: 0x20 }, (_, code) => code),
  ...Array.from({ length: 0x21 }, (_, index) => 0x7f + index),
  0x061c,
  0x200e,
  0x200f,
  0x202a,
  0x202b,
  0x202c,
  0x202d,
  0x202e,
  0x2066,
  0x2067,
  0x2068,
  0x2069,
];

describe('printable', () => {
  it('escapes every C0 and C1 control, DEL and the bidi controls, and nothing else', () => {
    for (const code of UNSAFE_CODES) {
      const shown = printable(`a${String.fromCharCode(code)}b`);
      expect(shown, `U+${code.toString(16)}`).toMatch(/^a\\(x[0-9a-f]{2}|u[0-9a-f]{4}|[tnr])b$/);
    }
    expect(printable('\x1b]0;x\x07\x9b\u202e\t\r\n')).toBe('\\x1b]0;x\\x07\\x9b\\u202e\\t\\r\\n');
    const harmless = 'Ünïcode 数据 🚀 C:\\path "quotes" \u00a0nbsp \u200bzwsp';
    expect(printable(harmless)).toBe(harmless);
  });

  it('keeps line breaks when asked (CRLF as one), and is idempotent', () => {
    expect(printable('one\r\ntwo\nthree\rfour', { lines: true })).toBe('one\ntwo\nthree\\rfour');
    const once = printable('\x1b[2J\u202e\x9b');
    expect(printable(once)).toBe(once);
  });

  it('colours only after escaping, and gives plain text when interpolated by mistake', () => {
    const red = (text: string) => `\x1b[31m${text}\x1b[39m`;
    const painted = paint(red, 'x\x1b[8my');
    expect(painted.text).toBe('\x1b[31mx\\x1b[8my\x1b[39m');
    expect(`${painted}`).toBe('x\\x1b[8my');
    const line = safe`Moved ${'a\x1bb'} to ${painted} (${3})`;
    expect(line).toBeInstanceOf(TerminalText);
    expect(toTerminal(line)).toBe('Moved a\\x1bb to \x1b[31mx\\x1b[8my\x1b[39m (3)');
    expect(toTerminal('\x1b[31m')).toBe('\\x1b[31m');
  });

  it('writes JSON whose values are unchanged, with no raw C1 or bidi character', () => {
    const value = { s: '\x1b\x7f\x85\x9b\u061c\u200e\u202e\u2066\u2069 ok', n: [1, null, 'é'] };
    const json = terminalJson(value, 2);
    expect(json).not.toMatch(RAW_CONTROL);
    expect(JSON.parse(json)).toEqual(value);
    expect(terminalJson(undefined)).toBe('null');
  });
});
