// The restore's journal: one document in the `career-restore` collection that says what a
// restore is doing, so that a restore killed at any moment (kill -9, a power cut) is finished
// or undone by the next command that opens the database, and never leaves a mix of old and new
// collections. A collection rather than a file: it works the same on a real MongoDB, where
// the next command may run on another machine.
//
//   loading    documents are going into staging collections; the live data is untouched.
//              Interrupted: the staging collections are dropped (the data stays the old).
//   switching  staging is complete and checked; the journal lists every rename and drop.
//              Interrupted: the renames and drops not yet done are done (the data becomes
//              the new). Each rename replaces one collection at once, so redoing the list
//              from the start is safe.
//   updating   the new data is in place (with every index career declares, built on staging);
//              the indexes of collections it lacks and its migrations are being brought up to
//              date. Interrupted: the next command does that (see services/restore-recovery).
//              Should that keep failing, a new restore, which replaces all the data, takes
//              the journal over (RestoreLease.begin).
//
// A journal is someone else's business while its owner lives: the owner is a process on this
// machine (checked by pid) or, from another machine, one whose heartbeat is recent.
//
// A journal is a document anyone who can write the database can change, so every field is
// checked before it is believed (readJournal). One that is not what career writes (no owner,
// a pid of 0 or -1, which signal process groups and so always look alive, an unknown phase,
// lists that are not collection names) is abandoned: its owner counts as dead. So is the owner
// of a sound one whose heartbeat is further ahead than the lease; pid 1, which always exists,
// is judged by its heartbeat. An abandoned journal is then rolled back if loading (that only
// drops staging), finished if updating (that only builds indexes and runs migrations) or if
// switching with a sound token and lists, and otherwise removed without renaming or dropping
// anything, since what it lists cannot be trusted (a notice says so).
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { MongoServerError, type Db } from 'mongodb';
import { ConflictError, CareerError } from '../../domain/errors.js';
import { isRunning } from './archive-files.js';
import {
  RESTORE_JOURNAL,
  collectionNameProblem,
  isRestoreCollection,
  isStagingOf,
  stagingName,
} from './collection-names.js';
import { crashPoint } from './crash-points.js';

type RestorePhase = 'loading' | 'switching' | 'updating';
const PHASES: readonly string[] = ['loading', 'switching', 'updating'];

interface RestoreOwner {
  host: string;
  pid: number;
}

/** A journal as career writes it. */
type RestoreJournal = {
  _id: string;
  phase: RestorePhase;
  owner: RestoreOwner;
  /** The archive's file name, for messages. */
  archive: string;
  /** Names this restore's staging collections (see stagingName). */
  token: string;
  startedAt: Date;
  heartbeatAt: Date;
  /** From "switching" on: the collections renamed from staging, then the live ones dropped. */
  renames: string[];
  drops: string[];
};

/** A journal as stored: anything at all, until readJournal has checked it. */
interface StoredJournal {
  _id: string;
  [field: string]: unknown;
}

/** What a stored journal says: each field as career writes it, or undefined. */
interface JournalView {
  phase: RestorePhase | undefined;
  owner: RestoreOwner | undefined;
  heartbeatAt: Date | undefined;
  startedAt: Date | undefined;
  /** For messages: the archive's name, or a stand-in. */
  archive: string;
  token: string | undefined;
  renames: string[] | undefined;
  drops: string[] | undefined;
  /** The fields that are not what career writes (none: the journal is sound). */
  problems: string[];
  /** The stored token as it is, to match exactly this journal. */
  storedToken: unknown;
}

const JOURNAL_ID = 'restore';
/** A restore's token: hex (randomBytes in begin). */
const TOKEN = /^[0-9a-f]{1,64}$/;
/** How often a loading restore says it is alive, and how long a silent one is believed. */
const HEARTBEAT_MS = 15_000;
const LEASE_MS = 120_000;
/** The journal's writes must outlive a crash: journaled, and on a replica set, on a majority. */
const DURABLE = { writeConcern: { w: 'majority', journal: true } } as const;

function journals(db: Db) {
  return db.collection<StoredJournal>(RESTORE_JOURNAL);
}

function isDuplicateKey(error: unknown): boolean {
  return error instanceof MongoServerError && error.code === 11000;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function validDate(value: unknown): Date | undefined {
  return value instanceof Date && !Number.isNaN(value.getTime()) ? value : undefined;
}

/** A host, and a process id that names one process (0 and negative ids signal groups). */
function validOwner(value: unknown): RestoreOwner | undefined {
  if (!isRecord(value)) return undefined;
  const { host, pid } = value;
  if (typeof host !== 'string' || host === '' || host.length > 255) return undefined;
  if (typeof pid !== 'number' || !Number.isInteger(pid) || pid < 1 || pid > 2 ** 31 - 1)
    return undefined;
  return { host, pid };
}

function validNames(value: unknown, valid: (name: string) => boolean): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const names = value as unknown[];
  return names.every((name) => typeof name === 'string' && valid(name))
    ? (names as string[])
    : undefined;
}

/** Every field of a stored journal, checked (see the top of this file). */
function readJournal(stored: StoredJournal): JournalView {
  const phase = PHASES.includes(stored.phase as string)
    ? (stored.phase as RestorePhase)
    : undefined;
  const archive =
    typeof stored.archive === 'string' && stored.archive.length <= 255 ? stored.archive : undefined;
  const token =
    typeof stored.token === 'string' && TOKEN.test(stored.token) ? stored.token : undefined;
  const view: JournalView = {
    phase,
    owner: validOwner(stored.owner),
    heartbeatAt: validDate(stored.heartbeatAt),
    startedAt: validDate(stored.startedAt),
    archive: archive ?? 'an unnamed archive',
    token,
    // Renamed from a verified archive: names an archive may hold. Dropped: the live ones.
    renames: validNames(stored.renames, (name) => collectionNameProblem(name) === undefined),
    drops: validNames(
      stored.drops,
      (name) => name !== '' && !name.startsWith('system.') && !isRestoreCollection(name),
    ),
    problems: [],
    storedToken: stored.token,
  };
  const fields: Array<[string, unknown]> = [
    ['phase', phase],
    ['owner', view.owner],
    ['heartbeatAt', view.heartbeatAt],
    ['startedAt', view.startedAt],
    ['archive', archive],
    ['token', token],
    ['renames', view.renames],
    ['drops', view.drops],
  ];
  view.problems = fields.filter(([, value]) => value === undefined).map(([name]) => name);
  return view;
}

/**
 * Whether the journal's restore is running: the journal is sound, and its owner is a live
 * process of this machine or, elsewhere, has given a heartbeat within the lease (one from
 * further in the future is not believed either). Pid 1 always exists (init, or a container's
 * first process, which may be career): it is judged by its heartbeat, as from elsewhere.
 */
function ownerIsAlive(journal: JournalView): boolean {
  const { owner, heartbeatAt } = journal;
  if (journal.problems.length > 0 || !owner || !heartbeatAt) return false;
  // A journal naming this very process is from an earlier one that had the same pid.
  if (owner.host === os.hostname() && owner.pid !== 1)
    return owner.pid !== process.pid && isRunning(owner.pid);
  return Math.abs(Date.now() - heartbeatAt.getTime()) < LEASE_MS;
}

/** Matches exactly this stored journal (its token compared as a value, whatever its type). */
function exactly(journal: JournalView) {
  return { _id: JOURNAL_ID, token: { $eq: journal.storedToken ?? null } };
}

async function findJournal(db: Db): Promise<{ stored: StoredJournal; view: JournalView } | null> {
  const stored = await journals(db).findOne({ _id: JOURNAL_ID });
  return stored && { stored, view: readJournal(stored) };
}

/** The staging collections of one restore (of every restore, without a token). */
export async function dropStaging(db: Db, token?: string): Promise<void> {
  const infos = await db.listCollections({}, { nameOnly: true }).toArray();
  for (const { name } of infos) if (isStagingOf(name, token)) await db.collection(name).drop();
}

/**
 * Renames every staged collection over its live one and drops the live collections the
 * archive does not have. Safe to run again after an interruption: a collection already
 * renamed has no staging collection left, a collection already dropped is gone.
 */
async function applySwitch(
  db: Db,
  journal: Pick<RestoreJournal, 'token' | 'renames' | 'drops'>,
): Promise<void> {
  const infos = await db.listCollections({}, { nameOnly: true }).toArray();
  const existing = new Set(infos.map((info) => info.name));
  let renamed = 0;
  for (const name of journal.renames) {
    const staging = stagingName(journal.token, name);
    if (!existing.has(staging)) continue;
    await db.renameCollection(staging, name, { dropTarget: true });
    if (++renamed === 1) crashPoint('switch-middle');
  }
  for (const name of journal.drops) if (existing.has(name)) await db.collection(name).drop();
  crashPoint('switch-end');
}

function lostJournal(): CareerError {
  return new CareerError(
    'the restore was stopped: another command judged it abandoned and removed its journal',
    { hint: 'nothing was changed; run the restore again' },
  );
}

/** This process's restore, from its journal's creation to its removal. */
export class RestoreLease {
  private lastBeat = Date.now();

  private constructor(
    private readonly db: Db,
    readonly token: string,
    /** The journal of a dead restore that could not be finished, which this one replaces. */
    private readonly superseded: StoredJournal | undefined,
  ) {}

  /**
   * Writes the journal ("loading"); a conflict if another restore of this database runs. The
   * journal of a dead restore stuck in "updating" (its data switched in, its finishing failing:
   * see services/restore-recovery.ts) is replaced, since this restore replaces all the data;
   * it is put back if this one fails before its switch.
   */
  static async begin(db: Db, archive: string): Promise<RestoreLease> {
    const owner = { host: os.hostname(), pid: process.pid };
    const token = randomBytes(4).toString('hex');
    const now = new Date();
    const journal: RestoreJournal = {
      _id: JOURNAL_ID,
      phase: 'loading',
      owner,
      archive,
      token,
      startedAt: now,
      heartbeatAt: now,
      renames: [],
      drops: [],
    };
    try {
      await journals(db).insertOne(journal, DURABLE);
      return new RestoreLease(db, token, undefined);
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    const other = await findJournal(db);
    if (other && other.view.phase === 'updating' && !ownerIsAlive(other.view)) {
      const replaced = await journals(db).replaceOne(
        { ...exactly(other.view), phase: 'updating' },
        journal,
        DURABLE,
      );
      if (replaced.matchedCount === 1) return new RestoreLease(db, token, other.stored);
    }
    const who = other ? ` (${describeOwner(other.view)})` : '';
    throw new ConflictError(`another restore of this database is running${who}`, {
      hint: 'wait for it to finish, then run this restore again if you still want it',
    });
  }

  private get mine() {
    return { _id: JOURNAL_ID, token: this.token };
  }

  /** Called while loading: says this restore is alive (to other machines), now and then. */
  async heartbeat(): Promise<void> {
    if (Date.now() - this.lastBeat < HEARTBEAT_MS) return;
    this.lastBeat = Date.now();
    const result = await journals(this.db).updateOne(
      { ...this.mine, phase: 'loading' },
      { $set: { heartbeatAt: new Date() } },
    );
    if (result.matchedCount === 0) throw lostJournal();
  }

  /** The switch: journaled first, then applied; afterwards the journal says "updating". */
  async switchOver(renames: string[], drops: string[]): Promise<void> {
    const result = await journals(this.db).updateOne(
      { ...this.mine, phase: 'loading' },
      { $set: { phase: 'switching', renames, drops, heartbeatAt: new Date() } },
      DURABLE,
    );
    if (result.matchedCount === 0) throw lostJournal();
    crashPoint('switch-start');
    await applySwitch(this.db, { token: this.token, renames, drops });
    await markUpdating(this.db, this.token);
    crashPoint('update');
  }

  /**
   * A load that failed or was refused: its staging dropped first, then its journal (or, in
   * place of it, the journal it superseded, still to be finished).
   */
  async abandon(): Promise<void> {
    await dropStaging(this.db, this.token);
    if (this.superseded) {
      await journals(this.db).replaceOne(this.mine, this.superseded, DURABLE);
    } else {
      await removeJournal(this.db, this.token);
    }
  }

  /** The restore is complete. */
  async finish(): Promise<void> {
    await finishRestoreJournal(this.db, this.token);
  }
}

async function markUpdating(db: Db, token: string): Promise<void> {
  await journals(db).updateOne(
    { _id: JOURNAL_ID, token, phase: 'switching' },
    { $set: { phase: 'updating' } },
    DURABLE,
  );
}

/**
 * Removes one restore's journal (never a newer restore's). The collection stays, empty: dropping
 * it could drop the journal a restore starting meanwhile has just written.
 */
async function removeJournal(db: Db, token: unknown): Promise<void> {
  await journals(db).deleteOne({ _id: JOURNAL_ID, token: { $eq: token ?? null } }, DURABLE);
}

/** `other.tar.gz, process 123 on host, since …`, from what of it is sound. */
function describeOwner(journal: JournalView): string {
  const { owner, startedAt } = journal;
  return [
    journal.archive,
    owner ? `process ${owner.pid} on ${owner.host}` : 'no valid owner',
    ...(startedAt ? [`since ${startedAt.toISOString()}`] : []),
  ].join(', ');
}

/** What opening the database found of an earlier restore. */
export type InterruptedRestore =
  /** No restore was interrupted (the usual case: one indexed read). */
  | { state: 'none' }
  /** Another process's restore is in progress (in `phase`). */
  | { state: 'running'; archive: string; phase: RestorePhase; owner: string }
  /** A restore killed while loading: its staging was dropped; the data is the old. */
  | { state: 'rolled-back'; archive: string }
  /** A restore killed after its switch (finished now if need be): indexes and migrations remain. */
  | { state: 'needs-update'; archive: string; token: unknown }
  /** A journal that could not be acted on (see the top of this file): removed, nothing else. */
  | { state: 'unreadable'; archive: string; problems: string[] };

/**
 * Finishes or undoes a restore whose process died, as the journal says (see the top of this
 * file). Called whenever a command opens the database, before it reads anything.
 */
export async function settleInterruptedRestore(db: Db): Promise<InterruptedRestore> {
  const found = await findJournal(db);
  if (!found) return { state: 'none' };
  const journal = found.view;
  const { archive, phase, token, renames, drops } = journal;
  if (phase !== undefined && ownerIsAlive(journal))
    return { state: 'running', archive, phase, owner: describeOwner(journal) };
  if (phase === 'loading') {
    // While this journal exists no other restore can start, so any staging is a dead one's.
    await dropStaging(db);
    await removeJournal(db, journal.storedToken);
    return { state: 'rolled-back', archive };
  }
  if (phase === 'switching' && token !== undefined && renames && drops) {
    await applySwitch(db, { token, renames, drops });
    await markUpdating(db, token);
  } else if (phase !== 'updating') {
    await removeJournal(db, journal.storedToken);
    return { state: 'unreadable', archive, problems: journal.problems };
  }
  return { state: 'needs-update', archive, token: journal.storedToken };
}

/** Removes a restore's journal once its data is up to date, and any staging left over. */
export async function finishRestoreJournal(db: Db, token: unknown): Promise<void> {
  if (typeof token === 'string' && TOKEN.test(token)) await dropStaging(db, token);
  await removeJournal(db, token);
}
