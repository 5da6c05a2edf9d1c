// One batch of candidate records of one kind into the database: the stored records with the
// same natural keys found in one lookup, each row compared with its stored (or earlier)
// record, every new or changed record checked by the schema, then one insertMany and one
// bulk update. A row whose key exists changes only the fields it gives that differ
// ("updated"), or nothing ("skipped"): running a file twice changes nothing.
//
// planBatch plans a batch without writing (transactional-rows.ts applies plans in a
// transaction, where the deployment has them); writeBatch plans and writes it plainly, for a
// standalone mongod, as follows. The writes are started, not awaited: the caller reads and checks the next batch while the
// database stores this one. The next batch waits for them (`settled`) before it looks any
// record up, so it finds this one's; it looks up every key this one wrote (the filter has
// them), so its own writes never touch or duplicate this one's, and need not wait.
//
// The database has the last word: a record it refuses because another holds its natural key
// (another import, or a command, stored it meanwhile: the unique index) is "already there".
// Its rows are compared again with the record that holds the key, and update it.
import type { ClientSession, Types } from 'mongoose';
import {
  fieldsAsRead,
  type BatchChange,
  type BatchFailure,
  type BatchInsertResult,
  type CheckedRecord,
} from '../../repositories/owned-repository.js';
import { sameData, type Ignored } from '../../repositories/same-data.js';
import type { KeyFilter } from './key-filter.js';
import { storageProblem } from './limits.js';
import { getPath, setPath } from './row-mapper.js';

/** One row as a record of one kind, with the natural key it is matched by. */
export interface Candidate {
  line: number;
  key: string;
  fields: Record<string, unknown>;
  given: string[];
  noteLines: string[];
  /**
   * The record the schema made of `fields` already (an application checked before its job
   * was written): used, once, instead of checking the same fields again.
   */
  checked?: Record<string, unknown>;
}

/** The schema's verdict on the row's fields: the one made before, else a check now. */
async function checkFields(
  kind: RecordKind,
  candidate: Candidate,
  fields: Record<string, unknown>,
  paths?: readonly string[],
): Promise<CheckedRecord> {
  const before = candidate.checked;
  // Once: a row planned again (its insert refused) is checked again.
  candidate.checked = undefined;
  if (before !== undefined && fields === candidate.fields) return { ok: true, record: before };
  return kind.repository.quickCheck(fields) ?? (await kind.repository.checkRecord(fields, paths));
}

export type Outcome =
  | { kind: 'inserted' | 'updated' | 'skipped'; id: Types.ObjectId }
  | { kind: 'rejected'; reason: string };

/** A stored record: what a lookup returns. */
export type StoredRecord = Record<string, unknown> & { _id: Types.ObjectId };

/** What the writer needs of a repository (OwnedRepository's batch methods). */
export interface BatchRepository {
  checkRecord(fields: Record<string, unknown>, paths?: readonly string[]): Promise<CheckedRecord>;
  /** checkRecord's fast way, synchronous; undefined when checkRecord must decide. */
  quickCheck(fields: Record<string, unknown>): CheckedRecord | undefined;
  /** Inserts the records, each with its natural key (the repository computes it). */
  insertChecked(
    records: readonly Record<string, unknown>[],
    session?: ClientSession,
  ): Promise<BatchInsertResult>;
  /** Applies the changes (with the keys they give); those that did not apply, by position. */
  setChecked(changes: readonly BatchChange[], session?: ClientSession): Promise<BatchFailure[]>;
  /** The fields the natural key is made of. */
  readonly naturalKeyFields: readonly string[];
}

export interface RecordKind {
  repository: BatchRepository;
  /** The keys that may exist: only candidates it may have are looked up. */
  filter: KeyFilter;
  /** Every natural key a record is found by (added to the filter as records are written). */
  keysOf(record: Record<string, unknown>): string[];
  /** Where "Column: value" lines go (undefined: the kind has no notes). */
  notesPath: string | undefined;
  /** The stored records for these candidates, by natural key (the oldest when several). */
  lookup(candidates: readonly Candidate[]): Promise<Map<string, StoredRecord>>;
  /**
   * The stored records holding the keys of these records, which the database refused as
   * duplicates: by position, undefined where there is none (any more).
   */
  holders(records: readonly Record<string, unknown>[]): Promise<Array<StoredRecord | undefined>>;
  /** Adds the keys of the records stored before the import to the filter (one stream). */
  prime(): Promise<void>;
  /**
   * Set once the database refused a record of this import as a duplicate: another writer
   * (another import of the same file, say) is storing these keys too, so from then on every
   * row's key is looked for before inserting, rather than refused insert by insert.
   */
  contended?: boolean;
  /** Fills what a new record gets beyond its fields (the first status history entry...). */
  completeNew?(record: Record<string, unknown>, given: readonly string[], now: Date): void;
  /** Adds changes that follow from others (a status change is recorded in the history). */
  completeChange?(
    stored: StoredRecord,
    changes: Record<string, unknown>,
    given: readonly string[],
    now: Date,
  ): void;
}

// ---- comparing values ----

/** An entry's _id is made up when the row has none: it never counts as a difference. */
const IGNORED: Ignored = { keys: new Set(['_id']) };

function sameValue(a: unknown, b: unknown): boolean {
  return sameData(a, b, IGNORED);
}

/** The notes after adding the row's note lines to what it gives (or to what is stored). */
function notesWith(given: unknown, stored: unknown, lines: readonly string[]): string | undefined {
  if (typeof given === 'string') return [given, ...lines].join('\n');
  const current = typeof stored === 'string' ? stored : '';
  const missing = lines.filter((line) => !current.includes(line));
  if (missing.length === 0) return current === '' ? undefined : current;
  return [current, ...missing].filter((part) => part !== '').join('\n');
}

/** The record as the changes would leave it, copying only the objects on their paths. */
function withChanges(
  record: Record<string, unknown>,
  changes: Record<string, unknown>,
): Record<string, unknown> {
  const copy = { ...record };
  for (const [path, value] of Object.entries(changes)) {
    const parts = path.split('.');
    let node = copy;
    for (const part of parts.slice(0, -1)) {
      const next = node[part];
      const child =
        typeof next === 'object' && next !== null && !Array.isArray(next)
          ? { ...(next as Record<string, unknown>) }
          : {};
      node[part] = child;
      node = child;
    }
    node[parts[parts.length - 1] as string] = value;
  }
  return copy;
}

export interface Pending {
  record: Record<string, unknown>;
  isNew: boolean;
  changes: Record<string, unknown>;
  /** The batch positions of the rows that met it (the first one inserted it, when new). */
  rows: number[];
  /**
   * A stored record whose key fields change: those fields as read (the update applies only
   * while they are unchanged, and gives it the key they make then; see BatchChange).
   */
  expect?: Record<string, unknown>;
}

export interface BatchOptions {
  dryRun: boolean;
  now: Date;
  /** Resolves once the previous batches' writes are done (their records can be looked up). */
  settled: () => Promise<void>;
}

/**
 * A batch checked, with its writes under way: the outcomes are final once `written`
 * resolves (a record the database refuses turns its row's outcome into a rejection).
 */
export interface BatchWrite {
  outcomes: Outcome[];
  written: Promise<void>;
}

/** The rows planned against what is stored: an outcome each, and the writes to make. */
interface Plan {
  outcomes: Outcome[];
  pending: Pending[];
}

/** A batch of one kind planned, not written: what writeBatch or a transaction applies. */
export interface BatchPlan extends Plan {
  kind: RecordKind;
  candidates: readonly Candidate[];
  /** Whether every candidate was looked for among the records holding keys (contended). */
  contended: boolean;
}

/**
 * Compares each candidate with its stored record (or the earlier row with its key) and
 * checks it: what each row does. With `insert` false (rows whose insert was refused as a
 * duplicate), a row with no stored record is rejected rather than inserted.
 */
async function planRows(
  kind: RecordKind,
  candidates: readonly Candidate[],
  stored: ReadonlyMap<string, StoredRecord>,
  now: Date,
  insert: boolean,
): Promise<Plan> {
  const pending = new Map<string, Pending>();
  const outcomes: Outcome[] = [];
  const keyFields = kind.repository.naturalKeyFields;

  for (const [index, candidate] of candidates.entries()) {
    const earlier = pending.get(candidate.key);
    const base = earlier?.record ?? stored.get(candidate.key);
    let fields = candidate.fields;
    let paths = candidate.given;
    if (kind.notesPath !== undefined && candidate.noteLines.length > 0) {
      // Copies: the candidate's own fields stay as the row gave them.
      fields = { ...fields };
      paths = [...paths];
      const notes = notesWith(
        getPath(fields, kind.notesPath),
        getPath(base, kind.notesPath),
        candidate.noteLines,
      );
      if (notes !== undefined) setPath(fields, kind.notesPath, notes);
      if (!paths.includes(kind.notesPath)) paths.push(kind.notesPath);
    }

    if (!base) {
      if (!insert) {
        outcomes.push({ kind: 'rejected', reason: 'it already exists' });
        continue;
      }
      const createdAt = fields.createdAt;
      const checked = await checkFields(kind, candidate, fields);
      if (!checked.ok) {
        outcomes.push({ kind: 'rejected', reason: checked.problems.join('; ') });
        continue;
      }
      const record = checked.record;
      kind.completeNew?.(record, candidate.given, now);
      record.createdAt = createdAt instanceof Date ? createdAt : now;
      record.updatedAt = now;
      const tooBig = storageProblem(record);
      if (tooBig !== undefined) {
        outcomes.push({ kind: 'rejected', reason: tooBig });
        continue;
      }
      pending.set(candidate.key, { record, isNew: true, changes: {}, rows: [index] });
      for (const key of [candidate.key, ...kind.keysOf(record)]) kind.filter.add(key);
      outcomes.push({ kind: 'inserted', id: record._id as Types.ObjectId });
      continue;
    }

    // createdAt belongs to the record's history: set on insert, never changed by a rerun.
    const compared = paths.filter((path) => path !== 'createdAt');
    const checked = await checkFields(kind, candidate, fields, compared);
    if (!checked.ok) {
      outcomes.push({ kind: 'rejected', reason: checked.problems.join('; ') });
      continue;
    }
    const changes: Record<string, unknown> = {};
    for (const path of compared) {
      const value = getPath(checked.record, path);
      if (!sameValue(value, getPath(base, path))) changes[path] = value;
    }
    const id = base._id as Types.ObjectId;
    if (Object.keys(changes).length === 0) {
      // Tied to the earlier row's record: if its insert is refused, this row is planned again.
      earlier?.rows.push(index);
      outcomes.push({ kind: 'skipped', id });
      continue;
    }
    kind.completeChange?.(base as StoredRecord, changes, compared, now);
    const tooBig = storageProblem(withChanges(base, changes));
    if (tooBig !== undefined) {
      outcomes.push({ kind: 'rejected', reason: tooBig });
      continue;
    }
    const entry = earlier ?? { record: base, isNew: false, changes: {}, rows: [] };
    if (!entry.isNew && entry.expect === undefined) {
      if (Object.keys(changes).some((path) => keyFields.includes(path))) {
        entry.expect = fieldsAsRead(base, keyFields);
      }
    }
    for (const [path, value] of Object.entries(changes)) setPath(base, path, value);
    Object.assign(entry.changes, changes);
    entry.rows.push(index);
    pending.set(candidate.key, entry);
    for (const key of kind.keysOf(base)) kind.filter.add(key);
    outcomes.push({ kind: 'updated', id });
  }
  return { outcomes, pending: [...pending.values()] };
}

/**
 * Looks up the stored records the candidates may match (once the batches before have
 * settled, when any may), and plans each row against them: nothing is written.
 */
export async function planBatch(
  kind: RecordKind,
  candidates: readonly Candidate[],
  options: BatchOptions,
): Promise<BatchPlan> {
  const contended = kind.contended === true;
  const maybeStored = candidates.filter((candidate) => kind.filter.mayHave(candidate.key));
  let stored = new Map<string, StoredRecord>();
  if (maybeStored.length > 0 || contended) await options.settled();
  if (maybeStored.length > 0) stored = await kind.lookup(maybeStored);
  if (contended) {
    const rest = candidates.filter((candidate) => !stored.has(candidate.key));
    const holders = await kind.holders(rest.map((candidate) => candidate.fields));
    rest.forEach((candidate, at) => {
      const holder = holders[at];
      if (holder) stored.set(candidate.key, holder);
    });
  }
  const plan = await planRows(kind, candidates, stored, options.now, true);
  return { ...plan, kind, candidates, contended };
}

/** A batch planned, then its writes started (outside any transaction: see the top). */
export async function writeBatch(
  kind: RecordKind,
  candidates: readonly Candidate[],
  options: BatchOptions,
): Promise<BatchWrite> {
  const { outcomes, pending } = await planBatch(kind, candidates, options);
  if (options.dryRun) return { outcomes, written: Promise.resolve() };
  const written = applyWrites(kind, candidates, pending, outcomes, options.now);
  return { outcomes, written };
}

/** The updates of stored records that the planned changes make. */
export function changesOf(changed: readonly Pending[], now: Date): BatchChange[] {
  return changed.map((entry) => {
    const set: Record<string, unknown> = { ...entry.changes, updatedAt: now };
    const change: BatchChange = { id: entry.record._id as Types.ObjectId, set };
    if (entry.expect !== undefined) change.expect = entry.expect;
    return change;
  });
}

/** Why the database refused a change, for the row's rejection. */
export function refusal(failure: BatchFailure): string {
  return failure.duplicate
    ? 'its change would give it the key of another record'
    : 'it was changed by another command meanwhile; run the import again';
}

/**
 * One insertMany of the new records and one bulk update of the changed ones; then the rows
 * of records refused as duplicates, again, against the records holding their keys.
 */
async function applyWrites(
  kind: RecordKind,
  candidates: readonly Candidate[],
  pending: readonly Pending[],
  outcomes: Outcome[],
  now: Date,
): Promise<void> {
  const inserts = pending.filter((entry) => entry.isNew);
  const result = await kind.repository.insertChecked(inserts.map((entry) => entry.record));
  const duplicates: Pending[] = [];
  for (const failure of result.failures) {
    const entry = inserts[failure.index];
    if (!entry) continue;
    if (failure.duplicate) duplicates.push(entry);
    else
      for (const row of entry.rows) outcomes[row] = { kind: 'rejected', reason: failure.message };
  }
  await updateChanged(kind, pending, outcomes, now);
  if (duplicates.length > 0) {
    kind.contended = true;
    await againstHolders(kind, candidates, duplicates, outcomes, now);
  }
}

/** The changes to stored records, in one bulk update; a change refused rejects its rows. */
async function updateChanged(
  kind: RecordKind,
  pending: readonly Pending[],
  outcomes: Outcome[],
  now: Date,
): Promise<void> {
  const changed = pending.filter((entry) => !entry.isNew);
  const failures = await kind.repository.setChecked(changesOf(changed, now));
  for (const failure of failures) {
    const entry = changed[failure.index];
    if (entry)
      for (const row of entry.rows) outcomes[row] = { kind: 'rejected', reason: refusal(failure) };
  }
}

/**
 * The rows of records refused because another record holds their key: planned again
 * against those records (found by key), so they update them as if they had been found by
 * the lookup. Once: a row whose holder is gone meanwhile is rejected.
 */
async function againstHolders(
  kind: RecordKind,
  candidates: readonly Candidate[],
  duplicates: readonly Pending[],
  outcomes: Outcome[],
  now: Date,
): Promise<void> {
  const holders = await kind.holders(duplicates.map((entry) => entry.record));
  const stored = new Map<string, StoredRecord>();
  const rows: number[] = [];
  duplicates.forEach((entry, at) => {
    const holder = holders[at];
    for (const row of entry.rows) {
      rows.push(row);
      if (holder) stored.set((candidates[row] as Candidate).key, holder);
    }
  });
  rows.sort((a, b) => a - b);
  const again = await planRows(
    kind,
    rows.map((row) => candidates[row] as Candidate),
    stored,
    now,
    false,
  );
  // The plan's positions are into `rows`: back to the batch's.
  const retried = again.pending.map((entry) => ({
    ...entry,
    rows: entry.rows.map((at) => rows[at] as number),
  }));
  again.outcomes.forEach((outcome, at) => (outcomes[rows[at] as number] = outcome));
  await updateChanged(kind, retried, outcomes, now);
}
