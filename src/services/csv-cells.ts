// Spreadsheet formula injection: a CSV cell that starts with = + - @ (or a tab or carriage
// return) is run as a formula by Excel, LibreOffice and Google Sheets when the file is
// opened (=HYPERLINK(...) to leak data, +cmd|... to run a program). OWASP's rule: prefix such
// a cell with a single quote, which makes the spreadsheet show it as text.
//
// To read our own files back exactly, the rule is made reversible: a text cell is quoted if
// it starts with any number of single quotes and then one of those characters, and a cell
// read back loses one leading quote only if it matches that same pattern with at least one
// quote. So `=x` is written `'=x`, `'=x` is written `''=x`, and `'hello` or `it's` are left
// as they are; reading undoes exactly what writing did.

const FORMULA_START = /^'*[=+\-@\t\r]/;
const QUOTED_FORMULA_START = /^'+[=+\-@\t\r]/;

/** A text cell as written to a CSV file: prefixed with ' when a spreadsheet would run it. */
export function neutraliseCell(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** A cell as read from a CSV file: the quote `neutraliseCell` added, removed. */
export function restoreCell(text: string): string {
  return QUOTED_FORMULA_START.test(text) ? text.slice(1) : text;
}

/**
 * A value as a CSV cell: strings neutralised (unless `raw`), anything else (numbers such as
 * -5, dates, booleans) left for the writer to format, since it is not a formula.
 */
export function csvCell(value: unknown, raw: boolean): unknown {
  return typeof value === 'string' && !raw ? neutraliseCell(value) : value;
}
