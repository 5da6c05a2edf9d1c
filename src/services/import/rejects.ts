// Rejected rows: the first few kept for the summary, all of them written to --rejects as
// CSV (the original columns plus `line` and `reason`; JSON rows as one `record` column).
// Cells that a spreadsheet would run as formulas are quoted as the export quotes them
// (see csv-cells.ts), so the file is safe to open and imports back to the same values.
import { once } from 'node:events';
import { createWriteStream, fchmod, type WriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { promisify } from 'node:util';
import { stringify, type Stringifier } from 'csv-stringify';
import { UsageError } from '../../domain/errors.js';
import { field, say } from '../../domain/phrases.js';
import { csvCell, neutraliseCell } from '../csv-cells.js';
import type { Rejection } from './types.js';

/** The rejects file's mode: owner-only. */
const REJECTS_FILE_MODE = 0o600;

/** How many rejections the summary lists (all of them go to the --rejects file). */
export const SUMMARY_REJECTS = 100;

export class Rejects {
  count = 0;
  readonly first: Array<{ line: number; reason: string }> = [];
  private file: WriteStream | undefined;
  /** The CSV writer, and the source's columns (undefined: rows are written as JSON text). */
  private output: { stringifier: Stringifier; source: string[] | undefined } | undefined;

  constructor(
    private readonly path: string | undefined,
    /** The source's columns (CSV), or undefined: rows are written as JSON text. */
    private readonly columns: () => string[] | undefined,
    /** Write cells as they are, without quoting formulas (`import --raw`). */
    private readonly raw = false,
  ) {}

  /** Opens the --rejects file before anything is imported, so a bad path stops nothing midway. */
  async openFile(): Promise<void> {
    if (this.path === undefined) return;
    // Owner-only, as the rows it holds are the user's records: `mode` only applies to a file it
    // creates, so one that was there (0644, say) is given it too, before anything is written.
    const file = createWriteStream(this.path, { mode: REJECTS_FILE_MODE });
    const refused = (error: Error) =>
      new UsageError(`cannot write the rejects file ${this.path}: ${error.message}`, {
        hint: say`give ${field('rejects')} a path in a directory you can write to`,
      });
    const fd = await new Promise<number>((resolve, reject) => {
      file.once('open', resolve);
      file.once('error', (error) => reject(refused(error)));
    });
    try {
      await promisify(fchmod)(fd, REJECTS_FILE_MODE);
    } catch (error) {
      file.destroy();
      throw refused(error as Error);
    }
    this.file = file;
  }

  private open(file: WriteStream): NonNullable<Rejects['output']> {
    if (this.output) return this.output;
    const source = this.columns();
    const columns = source ? [...source, 'line', 'reason'] : ['line', 'reason', 'record'];
    // The header repeats the source's, which may hold a formula as well.
    const stringifier = stringify({
      header: true,
      columns: columns.map((column) => ({
        key: column,
        header: this.raw ? column : neutraliseCell(column),
      })),
    });
    stringifier.pipe(file);
    this.output = { stringifier, source };
    return this.output;
  }

  private cell(value: unknown): unknown {
    return csvCell(value, this.raw);
  }

  async add(rejection: Rejection): Promise<void> {
    this.count++;
    if (this.first.length < SUMMARY_REJECTS) {
      this.first.push({ line: rejection.line, reason: rejection.reason });
    }
    if (this.file === undefined) return;
    const { stringifier, source } = this.open(this.file);
    // Cells by position, never in an object keyed by the file's column names (a column
    // named __proto__ would be lost, one named constructor would read Object's).
    const { line, values } = rejection;
    const reason = this.cell(rejection.reason);
    const row = source
      ? [
          ...source.map((column) =>
            this.cell(Object.hasOwn(values, column) ? (values[column] ?? '') : ''),
          ),
          line,
          reason,
        ]
      : [line, reason, this.cell(rejection.text ?? JSON.stringify(values))];
    if (!stringifier.write(row)) await once(stringifier, 'drain');
  }

  /** Finishes the file (with just its header when nothing was rejected). */
  async close(): Promise<void> {
    if (this.file === undefined) return;
    const { stringifier } = this.open(this.file);
    stringifier.end();
    await finished(this.file);
  }
}
