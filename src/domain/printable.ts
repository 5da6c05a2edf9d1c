// Text from data, made harmless for a terminal: every control character (C0, DEL, C1) and
// every bidi embedding, override, isolate or mark is shown as a visible escape (\x1b,
// \u202e) instead of acting on the terminal. See src/ui/printable.ts for why, and for the
// coloured text built on it.

// C0 controls, DEL, C1 controls, and the bidi embeddings, overrides, isolates and marks.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'gu');

const NAMED: Readonly<Record<string, string>> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function escapeCharacter(character: string): string {
  const named = NAMED[character];
  if (named !== undefined) return named;
  const code = character.charCodeAt(0);
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}

export interface PrintableOptions {
  /** Keep line breaks (a multi-line note printed as lines); CRLF counts as one. */
  lines?: boolean;
}

/** `text` with every terminal control character replaced by a visible escape. */
export function printable(text: string, options: PrintableOptions = {}): string {
  if (!UNSAFE.test(text)) return text;
  const source = options.lines ? text.replace(/\r\n/g, '\n') : text;
  return source.replace(UNSAFE_ALL, (character) =>
    options.lines && character === '\n' ? character : escapeCharacter(character),
  );
}

// JSON leaves these as they are (only U+0000-U+001F must be escaped), but a terminal acts on
// C1 controls and bidi overrides even inside a JSON string.
const JSON_UNSAFE = /[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/**
 * JSON.stringify, with DEL, C1 controls and bidi characters written as \u escapes: the same
 * JSON values, byte for byte safe to show in a terminal. (They only occur inside strings.)
 */
export function terminalJson(value: unknown, indent?: number): string {
  const json: string | undefined = JSON.stringify(value, null, indent);
  if (json === undefined) return 'null';
  return json.replace(
    JSON_UNSAFE,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
