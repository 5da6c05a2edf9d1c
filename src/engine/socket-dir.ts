// Where the engine's Unix socket goes: in the data directory when the path fits in a socket
// address, else in a private directory of this user's under the temp dir (created 0700 and
// checked before every use: a real directory, ours, 0700). Never a fallback to TCP. Sockets
// left by killed processes are removed on the way.
import { chmodSync, lstatSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import { errorCode, socketAnswers } from './wire/server.js';

/** sun_path holds 108 bytes on Linux, 104 on macOS; stay clear of both. */
const MAX_SOCKET_PATH_BYTES = 100;
const PRIVATE_DIR_MODE = 0o700;
const STICKY_BIT = 0o1000;

/** engine-PID-N.sock (older engines) or engine-PID-THREAD-N.sock. */
const SOCKET_NAME = /^engine-(\d+)(?:-\d+){1,2}\.sock$/;
let socketCounter = 0;

/** A private socket directory that is not safe to use; never used, never "fixed". */
export class UnsafeSocketDirectoryError extends Error {
  readonly hint: string;
  constructor(
    readonly directory: string,
    reason: string,
  ) {
    super(`the private socket directory ${directory} is not safe to use: ${reason}`);
    this.name = 'UnsafeSocketDirectoryError';
    this.hint =
      'remove that directory if it is yours (career makes it again), or use a shorter CAREER_HOME';
  }
}

function fits(socketPath: string): boolean {
  return Buffer.byteLength(socketPath) <= MAX_SOCKET_PATH_BYTES;
}

function userId(): number {
  // Only Windows lacks getuid, and there the engine listens on TCP (with authentication).
  return process.getuid?.() ?? 0;
}

/** The private directory's path under `parent` (os.tmpdir() by default): career-<uid>. */
export function privateSocketDirectoryPath(parent = os.tmpdir()): string {
  return path.join(parent, `career-${userId()}`);
}

/** Why `dir` may not hold our socket, or undefined when it is a 0700 directory of ours. */
function unsafeReason(dir: string): string | undefined {
  const stats = lstatSync(dir);
  if (stats.isSymbolicLink()) return 'it is a symbolic link';
  if (!stats.isDirectory()) return 'it is not a directory';
  if (stats.uid !== userId()) return `it belongs to user ${stats.uid}, not to you (${userId()})`;
  const mode = stats.mode & 0o7777;
  if (mode !== PRIVATE_DIR_MODE) return `its mode is ${mode.toString(8)}, not 700`;
  // Anyone else who may write the parent (without the sticky bit) could swap the directory.
  const parent = statSync(path.dirname(dir));
  if ((parent.mode & 0o022) !== 0 && (parent.mode & STICKY_BIT) === 0) {
    return 'others may replace it: its parent is writable by others, without the sticky bit';
  }
  return undefined;
}

/**
 * The private directory, created 0700 if missing, checked if present. Throws
 * UnsafeSocketDirectoryError when it is a symlink, not ours, or open to others.
 */
function ensurePrivateSocketDirectory(dir = privateSocketDirectoryPath()): string {
  try {
    mkdirSync(dir, { mode: PRIVATE_DIR_MODE });
    // Ours, and never wider than 0700 (the umask only narrows it): make it exactly 0700.
    chmodSync(dir, PRIVATE_DIR_MODE);
  } catch (error) {
    if (errorCode(error) !== 'EEXIST') throw error;
  }
  const reason = unsafeReason(dir);
  if (reason !== undefined) throw new UnsafeSocketDirectoryError(dir, reason);
  return dir;
}

/** The private directory if it exists and is safe; undefined otherwise (nothing is created). */
function existingPrivateDirectory(dir: string): string | undefined {
  try {
    return unsafeReason(dir) === undefined ? dir : undefined;
  } catch {
    return undefined;
  }
}

/** A fresh socket name: no two engines of one process (threads included) share one. */
function socketName(): string {
  return `engine-${process.pid}-${threadId}-${++socketCounter}.sock`;
}

export interface SocketPlacement {
  socketPath: string;
  /** Directories whose sockets of dead processes should be swept before listening. */
  sweep: string[];
}

/**
 * The socket path for an engine on `dataDir`: inside it when the path fits, else in the private
 * directory (under os.tmpdir(), or /tmp when even that is too long).
 */
export function placeSocket(dataDir: string): SocketPlacement {
  const name = socketName();
  const inDataDir = path.join(dataDir, name);
  const privateDir = privateSocketDirectoryPath();
  if (fits(inDataDir)) {
    const existing = existingPrivateDirectory(privateDir);
    return { socketPath: inDataDir, sweep: existing ? [dataDir, existing] : [dataDir] };
  }
  const candidates = [privateDir, privateSocketDirectoryPath('/tmp')];
  const dir = candidates.find((candidate) => fits(path.join(candidate, name)));
  if (dir === undefined) {
    throw new Error(
      `no socket path short enough for the data directory ${dataDir} (the temp dir's is too long)`,
    );
  }
  return { socketPath: path.join(ensurePrivateSocketDirectory(dir), name), sweep: [dataDir, dir] };
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, as another user's process.
    return errorCode(error) !== 'ESRCH';
  }
}

/**
 * Removes the engine sockets in `dir` whose process is gone (killed with -9, say) and on which
 * nothing answers; returns how many. A socket of a live process is kept, whoever owns it.
 */
export async function removeStaleSockets(dir: string): Promise<number> {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    const pid = Number(SOCKET_NAME.exec(name)?.[1]);
    if (!Number.isSafeInteger(pid) || pid === process.pid || processIsAlive(pid)) continue;
    const socketPath = path.join(dir, name);
    try {
      if (!lstatSync(socketPath).isSocket() || (await socketAnswers(socketPath))) continue;
      await unlink(socketPath);
      removed++;
    } catch {
      // Best effort: gone already (another process swept it), or not ours to remove.
    }
  }
  return removed;
}
