// Text from data, made harmless for a terminal. Names, notes, file headers and ids people
// type can hold control characters: ESC starts sequences that retitle the window, clear the
// screen, hide text or rewrite what was printed; C1 controls (U+0080-U+009F, 0x9B is an 8-bit
// CSI) do the same; bidi overrides make text read differently from what it is ("Trojan
// Source"). Every such character is shown as a visible escape instead (\x1b, \u202e).
//
// Plain strings reach the terminal only through `toTerminal`, which escapes them whole. Our
// own colour is a `TerminalText`: made by `paint` or the `safe` tag, which escape the data
// they are given before adding colour, so an escape sequence in a string is never ours.
import { stripVTControlCharacters } from 'node:util';
import { printable } from '../domain/printable.js';

// The escaping itself is in src/domain (services write files and JSON with it too).
export { printable, terminalJson, type PrintableOptions } from '../domain/printable.js';

/**
 * Text made for the terminal by the ui layer: data in it is already escaped, and the only
 * escape sequences are our own colours. Interpolated into a plain string by mistake, it
 * gives its text without colour rather than escape codes.
 */
export class TerminalText {
  constructor(readonly text: string) {}

  toString(): string {
    return stripVTControlCharacters(this.text);
  }
}

/** What the output functions accept: data (escaped on the way out) or our own styled text. */
export type Printable = string | TerminalText;

/** The characters to write for `value`: data escaped (line breaks kept), ours as it is. */
export function toTerminal(value: Printable): string {
  return value instanceof TerminalText ? value.text : printable(value, { lines: true });
}

/** `value` escaped (a line break too: it is part of a line), then coloured with `style` (chalk). */
export function paint(style: (text: string) => string, value: string): TerminalText {
  return new TerminalText(style(printable(value)));
}

/** Joins parts into one styled text: strings escaped, styled parts kept. */
export function joinPrintable(parts: readonly Printable[], separator = ''): TerminalText {
  return new TerminalText(parts.map(toTerminal).join(toTerminal(separator)));
}

/**
 * A template for messages that mix data with our colours:
 * safe`Moved ${label} to ${colourStatus(status)}` escapes `label` and keeps the colour. Data
 * sits inside a line here, so its line breaks are escaped too: a name holding
 * "\nerror: ..." cannot print a line of its own.
 */
export function safe(
  strings: TemplateStringsArray,
  ...values: ReadonlyArray<Printable | number>
): TerminalText {
  let text = strings[0] ?? '';
  values.forEach((value, index) => {
    const part = value instanceof TerminalText ? value.text : printable(String(value));
    text += part + (strings[index + 1] ?? '');
  });
  return new TerminalText(text);
}
