// What a person should hear about while a command opens the data, though the command itself
// goes on: a restore that had been interrupted, data that wants `career db migrate`. Services
// say what happened; the command layer decides how it reads (see listenForNotices in
// src/commands/notices.ts, which runCli wraps around every command). Without a listener
// (service tests, other callers) they are dropped.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { MigrationsDue } from '../db/migrations/index.js';

export type Notice =
  | ({ kind: 'migrations-due' } & MigrationsDue)
  /** A restore killed while loading was undone: the data is what it was before it. */
  | { kind: 'restore-rolled-back'; archive: string }
  /** A restore killed after its switch was finished: the data is the archive's. */
  | { kind: 'restore-finished'; archive: string }
  /** A restore killed after its switch could not be finished; the restore now running replaces it. */
  | { kind: 'restore-unfinished'; archive: string; reason: string }
  /** A restore journal career could not trust was removed; nothing was renamed or dropped. */
  | { kind: 'restore-journal-unreadable'; archive: string; problems: string[] }
  /** Another process is loading an archive: the live data is untouched so far. */
  | { kind: 'restore-running'; archive: string };

type NoticeListener = (notice: Notice) => void;

// Per run, not per process: two commands run in one process (in-process tests) each hear
// only their own notices.
const listener = new AsyncLocalStorage<NoticeListener>();

/** Runs `work` with notices raised inside it (and whatever it awaits) going to `next`. */
export function withNoticeListener<T>(next: NoticeListener, work: () => T): T {
  return listener.run(next, work);
}

export function notify(notice: Notice): void {
  listener.getStore()?.(notice);
}
