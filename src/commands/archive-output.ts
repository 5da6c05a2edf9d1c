// How the archive verbs (`apply archive|unarchive`, `connect archive|unarchive`) report: one
// line per record named (a record already in the state asked for says so), or for a bulk
// archive the records in a table and how many.
import type { ArchiveOutcome, BulkArchiveOutcome } from '../services/archive-service.js';
import type { IdLengths } from '../services/short-ids.js';
import { formatDate } from '../domain/dates.js';
import { safe, type Printable } from '../ui/printable.js';
import { shortId } from '../ui/status-colours.js';
import type { CommandContext } from './context.js';

/** What a record is called and how it is described in a line. */
export interface ArchiveNoun<T> {
  one: string;
  many: string;
  /** "Platform Engineer at Globex", "Grace Hopper (US Navy)". */
  label: (record: T) => string;
}

export interface Archivable {
  _id: { toHexString(): string };
  archivedAt?: Date | null;
}

/** `--json` of an archive verb: the records changed (or that would be) and those left. */
export interface ArchiveReport<T> {
  dryRun: boolean;
  /** Archived now (unarchive: restored now); with dryRun, those that would be. */
  changed: T[];
  /** Already archived (unarchive: not archived); nothing done to them. */
  unchanged: T[];
  /** A bulk archive's statuses and cutoff (null when ids were named). */
  statuses: string[] | null;
  before: Date | null;
}

export function idReport<T>(outcome: ArchiveOutcome<T>, dryRun: boolean): ArchiveReport<T> {
  return { dryRun, ...outcome, statuses: null, before: null };
}

export function bulkReport<T>(outcome: BulkArchiveOutcome<T>): ArchiveReport<T> {
  const { dryRun, statuses, before, records } = outcome;
  return { dryRun, changed: records, unchanged: [], statuses, before };
}

/** The lines for records named by id. */
export function printNamed<T extends Archivable>(
  context: CommandContext,
  report: ArchiveReport<T>,
  noun: ArchiveNoun<T>,
  ids: IdLengths,
  restoring: boolean,
): void {
  const { out } = context;
  const verb = restoring ? 'Restored' : 'Archived';
  for (const record of report.changed) {
    const line = safe`${noun.one} ${shortId(record._id, ids)}: ${noun.label(record)}`;
    if (report.dryRun) out.printLine(safe`Would be ${verb.toLowerCase()}: ${line}`);
    else out.printSuccess(safe`${verb} ${line}`);
  }
  for (const record of report.unchanged) {
    const what = safe`${capitalised(noun.one)} ${shortId(record._id, ids)} (${noun.label(record)})`;
    out.printNote(
      restoring
        ? safe`${what} is not archived.`
        : safe`${what} is already archived (since ${formatDate(record.archivedAt ?? undefined)}).`,
    );
  }
  if (report.dryRun) out.printNote('Nothing changed (--dry-run).');
}

/** A bulk archive: the records (a table), then how many, and what was asked. */
export function printBulk<T>(
  context: CommandContext,
  report: ArchiveReport<T>,
  noun: ArchiveNoun<T>,
  table: (records: T[]) => Printable,
): void {
  const { out } = context;
  const count = report.changed.length;
  const what = `${report.statuses?.join(', ') ?? ''} ${count === 1 ? noun.one : noun.many}`;
  const age =
    report.before === null ? '' : ` with no status change since ${formatDate(report.before)}`;
  if (count === 0) {
    out.printNote(`No ${report.statuses?.join(', ') ?? ''} ${noun.many}${age} to archive.`);
    return;
  }
  out.printLine(table(report.changed));
  if (report.dryRun) {
    out.printLine(`Would archive ${count} ${what}${age}.`);
    out.printNote('Nothing changed (--dry-run).');
  } else out.printSuccess(`Archived ${count} ${what}${age}`);
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
