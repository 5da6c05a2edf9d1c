// How the notices services raise while a command opens the data read (see
// src/services/notices.ts): one warning line each on stderr, so scripts and --json output on
// stdout are untouched.
import { withNoticeListener, type Notice } from '../services/notices.js';
import type { Printer } from '../ui/output.js';

function describe(notice: Notice): string {
  switch (notice.kind) {
    case 'migrations-due':
      return `this database is at data version ${notice.from} and this career expects ${notice.to}: run \`career db migrate\` (\`--dry-run\` shows what it would change); until then, records stored before it are not protected from duplicates`;
    case 'restore-finished':
      return `a restore of ${notice.archive} was interrupted after its switch and has been finished: the data is the archive's`;
    case 'restore-unfinished':
      return `an earlier restore of ${notice.archive} was interrupted after its switch and cannot be finished (${notice.reason}): this restore replaces its data`;
    case 'restore-rolled-back':
      return `a restore of ${notice.archive} was interrupted while loading and has been undone: the data is as it was before it`;
    case 'restore-journal-unreadable':
      return `the journal of a restore of ${notice.archive} was not as career writes it (${notice.problems.join(', ')}) and has been removed without renaming or dropping anything: if that restore was interrupted, restore an archive again with --drop`;
    case 'restore-running':
      return `a restore of ${notice.archive} is loading in another process: you see the data as it was before it (once it switches its data in, commands are refused until it ends)`;
  }
}

/** Runs `work`, printing every notice raised inside it as a warning. */
export function listenForNotices<T>(out: Printer, work: () => Promise<T>): Promise<T> {
  return withNoticeListener((notice) => out.printWarning(describe(notice)), work);
}
