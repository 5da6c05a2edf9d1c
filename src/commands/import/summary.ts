// What `career import` prints for a person when it is done: the counts, the related records,
// unknown columns and the first rejected rows.
import type { ImportSummary } from '../../services/import/index.js';
import type { Printer } from '../../ui/output.js';

/** How many rejected rows are shown; the rest go to --rejects. */
const SHOWN_REJECTS = 20;

export function plural(count: number, noun: string): string {
  return `${count.toLocaleString('en-US')} ${noun}${count === 1 ? '' : 's'}`;
}

export function printSummary(
  out: Printer,
  summary: ImportSummary,
  rejectsFile: string | undefined,
): void {
  const verb = summary.dryRun ? 'Would import' : 'Imported';
  out.printSuccess(
    `${verb} ${summary.type}: ${summary.inserted} new, ${summary.updated} updated, ` +
      `${summary.skipped} unchanged, ${summary.rejected} rejected`,
  );
  for (const [name, counts] of Object.entries(summary.related)) {
    if (counts.inserted + counts.updated > 0) {
      out.printLine(`  and ${name}: ${counts.inserted} new, ${counts.updated} updated`);
    }
  }
  if (summary.unknownColumns.length > 0) {
    out.printWarning(
      `columns with no matching field, kept in ${summary.unknownColumnsKeptIn}: ${summary.unknownColumns.join(', ')}`,
    );
  }
  printRejects(out, summary, rejectsFile);
  if (summary.dryRun) out.printNote('Dry run: nothing was written.');
}

function printRejects(out: Printer, summary: ImportSummary, rejectsFile: string | undefined): void {
  for (const rejection of summary.rejects.slice(0, SHOWN_REJECTS)) {
    out.printNote(`line ${rejection.line}: ${rejection.reason}`);
  }
  if (summary.rejected <= SHOWN_REJECTS) return;
  const more = plural(summary.rejected - SHOWN_REJECTS, 'more rejected row');
  out.printNote(
    rejectsFile === undefined
      ? `... and ${more}; pass --rejects FILE to get them all`
      : `... and ${more}, all in ${rejectsFile}`,
  );
}
