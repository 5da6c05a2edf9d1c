// The terminal's width and the display width of text in it: wide (East Asian) characters and
// emoji take two columns, colour codes none. Charts and the board fit their lines to it.
import { stripVTControlCharacters } from 'node:util';
import stringWidth from 'string-width';

const FALLBACK_COLUMNS = 80;

/**
 * The width to fit: the terminal's (`terminalWidth`, when stdout is one), else $COLUMNS (as
 * scripts and tests set it), else 80. Decided once per run, when the io is built.
 */
export function columnsFor(
  terminalWidth: number | undefined,
  env: Readonly<Record<string, string | undefined>>,
): number {
  if (terminalWidth !== undefined && terminalWidth > 0) return terminalWidth;
  const fromEnv = Number.parseInt(env.COLUMNS ?? '', 10);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : FALLBACK_COLUMNS;
}

// Printable ASCII alone: one column a character. Most cells are, and string-width's own
// work (stripping escapes, segmenting graphemes) is most of a large table's time.
const PLAIN_ASCII = /^[\x20-\x7e]*$/;

/** How many terminal columns `text` takes (colour codes take none). */
export function displayWidth(text: string): number {
  return PLAIN_ASCII.test(text) ? text.length : stringWidth(text);
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * `text` cut to at most `width` columns, ending in an ellipsis when cut. Colour codes are
 * dropped, so colour the result rather than the input. Never splits a character (an emoji or
 * a wide character that does not fit is left out whole).
 */
export function truncateToWidth(text: string, width: number, ellipsis = '…'): string {
  const plain = stripVTControlCharacters(text).replace(/[\r\n\t]+/g, ' ');
  if (width <= 0) return '';
  if (displayWidth(plain) <= width) return plain;
  const room = width - displayWidth(ellipsis);
  if (room < 0) return '';
  let kept = '';
  let used = 0;
  for (const { segment } of graphemes.segment(plain)) {
    const segmentWidth = displayWidth(segment);
    if (used + segmentWidth > room) break;
    kept += segment;
    used += segmentWidth;
  }
  return kept + ellipsis;
}

/** `text` padded with spaces to `width` columns (text wider than that is left as it is). */
export function padToWidth(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

/** `text` padded on the left to `width` columns. */
export function padStartToWidth(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - displayWidth(text))) + text;
}
