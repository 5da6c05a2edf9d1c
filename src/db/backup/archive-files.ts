// Which files in a backups directory are ours, what they are called, and how they get their
// final name. Archives are `career-backup-YYYYMMDD-HHMMSS[-n].tar.gz` (UTC, so names sort by
// time), or `.mongodump.gz` when mongodump wrote them. They are written under a hidden
// temporary name first (`.career-backup-….<pid>.tmp`) and linked into place only when whole.
import fs from 'node:fs';
import path from 'node:path';

export type ArchiveKind = 'career' | 'mongodump';

const EXTENSIONS: Record<ArchiveKind, string> = {
  career: '.tar.gz',
  mongodump: '.mongodump.gz',
};

const ARCHIVE_NAME = /^career-backup-(\d{8})-(\d{6})(?:-(\d+))?\.(tar\.gz|mongodump\.gz)$/;
const TEMP_NAME = /^\.career-backup-.+\.(\d+)\.tmp$/;

export interface ArchiveFile {
  name: string;
  path: string;
  kind: ArchiveKind;
  /** From the name: when the backup was started (UTC, second precision). */
  startedAt: Date;
  /** 1 for the first archive of that second, then 2, 3… */
  sequence: number;
  bytes: number;
}

/** `20260301-030000` for a UTC time. */
function timestampOf(date: Date): string {
  const iso = date.toISOString(); // 2026-03-01T03:00:00.000Z
  return `${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 19).replaceAll(':', '')}`;
}

function archiveName(startedAt: Date, kind: ArchiveKind, sequence = 1): string {
  const suffix = sequence > 1 ? `-${sequence}` : '';
  return `career-backup-${timestampOf(startedAt)}${suffix}${EXTENSIONS[kind]}`;
}

/** The parts of one of our archive names, or undefined for any other file. */
export function parseArchiveName(
  name: string,
): Pick<ArchiveFile, 'kind' | 'startedAt' | 'sequence'> | undefined {
  const match = ARCHIVE_NAME.exec(name);
  if (!match) return undefined;
  const [, day = '', time = '', sequence, extension] = match;
  const startedAt = new Date(
    `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6, 8)}T` +
      `${time.slice(0, 2)}:${time.slice(2, 4)}:${time.slice(4, 6)}Z`,
  );
  if (Number.isNaN(startedAt.getTime())) return undefined;
  return {
    kind: extension === 'tar.gz' ? 'career' : 'mongodump',
    startedAt,
    sequence: sequence === undefined ? 1 : Number(sequence),
  };
}

/** Oldest first. */
function compareArchives(a: ArchiveFile, b: ArchiveFile): number {
  return a.startedAt.getTime() - b.startedAt.getTime() || a.sequence - b.sequence;
}

/** Our archives in `dir`, oldest first; nothing (not an error) when the directory is missing. */
export function listArchiveFiles(dir: string): ArchiveFile[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const archives: ArchiveFile[] = [];
  for (const name of names) {
    const parsed = parseArchiveName(name);
    if (!parsed) continue;
    const file = path.join(dir, name);
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (!stat?.isFile()) continue;
    archives.push({ name, path: file, bytes: stat.size, ...parsed });
  }
  return archives.sort(compareArchives);
}

/** Creates the backups directory (private: archives hold password hashes). */
export function ensureBackupDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/** A hidden name for the archive while it is being written, unique to this process. */
export function temporaryPath(dir: string, startedAt: Date, kind: ArchiveKind): string {
  return path.join(dir, `.${archiveName(startedAt, kind)}.${process.pid}.tmp`);
}

/** Whether a process of this machine is running (one of another user counts). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temporary files of backups whose process is gone (killed or crashed); another
 * backup still running in the same directory keeps its file.
 */
export function removeAbandonedTemporaryFiles(dir: string): void {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(TEMP_NAME.exec(name)?.[1]);
    if (!Number.isInteger(pid) || pid === process.pid || isRunning(pid)) continue;
    fs.rmSync(path.join(dir, name), { force: true });
  }
}

function syncDirectory(dir: string): void {
  // Makes the rename itself durable. Directories cannot be opened for fsync on Windows.
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Best effort: the archive's own bytes are already synced.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Gives a finished (and synced) temporary file its final name: the first free
 * `career-backup-<time>[-n]` name. A hard link never replaces an existing file, so two backups
 * in the same second cannot overwrite each other; where links are not supported, a rename.
 */
export function publishArchive(temporary: string, startedAt: Date, kind: ArchiveKind): string {
  const dir = path.dirname(temporary);
  for (let sequence = 1; ; sequence++) {
    const final = path.join(dir, archiveName(startedAt, kind, sequence));
    try {
      fs.linkSync(temporary, final);
      fs.rmSync(temporary);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') continue;
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV') throw error;
      if (fs.existsSync(final)) continue;
      fs.renameSync(temporary, final);
    }
    syncDirectory(dir);
    return final;
  }
}

/** Deletes the oldest of our archives beyond the newest `keep`; returns the names deleted. */
export function pruneArchives(dir: string, keep: number): string[] {
  const archives = listArchiveFiles(dir);
  const surplus = archives.slice(0, Math.max(0, archives.length - keep));
  for (const archive of surplus) fs.rmSync(archive.path, { force: true });
  return surplus.map((archive) => archive.name);
}
