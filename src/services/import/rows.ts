// A batch of mapped rows as records of their kinds: the import's own kind and, for
// applications and connections, the job or contact each row names (found by its natural key,
// or created). Applications and connections are checked first: a row refused for its own
// fields writes no job. Two ways to write a batch: `writeRows` (plain writes, started, not
// awaited: see batch-writer.ts) and `planRows` (nothing written: a plan that
// transactional-rows.ts applies in one transaction).
import type { Types } from 'mongoose';
import type { UserRepositories } from '../../repositories/index.js';
import {
  activityKey,
  applicationKey,
  contactKey,
  jobKey,
} from '../../repositories/natural-keys.js';
import {
  planBatch,
  writeBatch,
  type BatchOptions,
  type BatchPlan,
  type Candidate,
  type Outcome,
  type RecordKind,
} from './batch-writer.js';
import { checkOwnRows } from './own-check.js';
import {
  activityKind,
  applicationKind,
  connectionKind,
  contactKind,
  jobKind,
} from './record-kinds.js';
import { getPath, type MappedRow } from './row-mapper.js';
import type { ImportType } from './types.js';

type KeyOf = (fields: Record<string, unknown>) => string;

/** The kinds of record an import of `type` writes: its own, and the one its rows name. */
export interface ImportKinds {
  own: RecordKind;
  ownKey?: KeyOf;
  parent?: { name: string; kind: RecordKind; prefix: string; key: KeyOf };
}

export function kindsFor(type: ImportType, data: UserRepositories): ImportKinds {
  switch (type) {
    case 'jobs':
      return { own: jobKind(data), ownKey: jobKey };
    case 'contacts':
      return { own: contactKind(data), ownKey: contactKey };
    case 'activities':
      return { own: activityKind(data), ownKey: activityKey };
    case 'applications':
      return {
        own: applicationKind(data),
        parent: { name: 'jobs', kind: jobKind(data), prefix: 'job.', key: jobKey },
      };
    case 'connections':
      return {
        own: connectionKind(data),
        parent: { name: 'contacts', kind: contactKind(data), prefix: 'contact.', key: contactKey },
      };
  }
}

/** A batch of rows checked, with its writes under way: outcomes final once written. */
export interface RowsWrite {
  outcomes: Array<Outcome | undefined>;
  written: Promise<void>;
  /** The outcomes of the jobs or contacts the rows named, once written (for the counts). */
  related?: { name: string; outcomes: Outcome[] };
}

/** The row's fields under `prefix` (job., contact.) as a record of their own. */
function childCandidate(row: MappedRow, prefix: string, key: KeyOf): Candidate {
  const name = prefix.slice(0, -1);
  const fields = (getPath(row.fields, name) as Record<string, unknown> | undefined) ?? {};
  const given = row.given
    .filter((path) => path.startsWith(prefix))
    .map((path) => path.slice(prefix.length));
  return { line: row.line, key: key(fields), fields, given, noteLines: [] };
}

function ownCandidate(row: MappedRow, key: string, without: string): Candidate {
  const fields = { ...row.fields };
  delete fields[without];
  const given = row.given.filter((path) => !path.startsWith(`${without}.`));
  return { line: row.line, key, fields, given, noteLines: row.noteLines };
}

function plainCandidates(rows: readonly MappedRow[], key: KeyOf): Candidate[] {
  return rows.map((row) => ({
    line: row.line,
    key: key(row.fields),
    fields: row.fields,
    given: row.given,
    noteLines: row.noteLines,
  }));
}

/** What a row names when it is refused for its job or contact: "its job: ...". */
export function parentNoun(kinds: ImportKinds): 'job' | 'contact' {
  return kinds.parent?.name === 'jobs' ? 'job' : 'contact';
}

/** A batch's rows checked on their own, and the candidates for the jobs or contacts they name. */
interface ParentStep {
  outcomes: Array<Outcome | undefined>;
  checkedRecords: Array<Record<string, unknown>>;
  parents: Candidate[];
  /** The batch position of each parent candidate. */
  parentsAt: number[];
}

async function parentStep(kinds: ImportKinds, rows: readonly MappedRow[]): Promise<ParentStep> {
  const parent = kinds.parent as NonNullable<ImportKinds['parent']>;
  // A row its own record refuses creates nothing: not even the job or contact it names.
  const { outcomes, checkedRecords, sound, soundAt } = await checkOwnRows(
    kinds.own,
    rows,
    parentNoun(kinds),
  );
  const parents = sound.map((row) => childCandidate(row, parent.prefix, parent.key));
  return { outcomes, checkedRecords, parents, parentsAt: soundAt };
}

/**
 * The rows' own candidates, each with the id of its job or contact (`parentOutcomes`, by
 * batch position); a row whose job or contact was refused is rejected for it.
 */
function ownCandidates(
  kinds: ImportKinds,
  rows: readonly MappedRow[],
  step: ParentStep,
  parentOutcomes: ReadonlyArray<Outcome | undefined>,
): { candidates: Candidate[]; positions: number[] } {
  const parentIsJob = parentNoun(kinds) === 'job';
  const candidates: Candidate[] = [];
  const positions: number[] = [];
  rows.forEach((row, index) => {
    const parentOutcome = parentOutcomes[index];
    if (parentOutcome === undefined) return;
    if (parentOutcome.kind === 'rejected') {
      const reason = `its ${parentNoun(kinds)}: ${parentOutcome.reason}`;
      step.outcomes[index] = { kind: 'rejected', reason };
      return;
    }
    const id: Types.ObjectId = parentOutcome.id;
    const candidate = parentIsJob
      ? ownCandidate(
          row,
          applicationKey({ jobId: id, applicationDate: row.fields.applicationDate }),
          'job',
        )
      : ownCandidate(row, id.toHexString(), 'contact');
    const idPath = parentIsJob ? 'jobId' : 'contactId';
    candidate.fields[idPath] = id;
    const checked = step.checkedRecords[index] as Record<string, unknown>;
    checked[idPath] = id;
    candidate.checked = checked;
    candidates.push(candidate);
    positions.push(index);
  });
  return { candidates, positions };
}

/** By batch position: each outcome at the position it stands for. */
function atPositions(
  outcomes: readonly Outcome[],
  positions: readonly number[],
  into: Array<Outcome | undefined> = [],
): Array<Outcome | undefined> {
  outcomes.forEach((outcome, at) => (into[positions[at] as number] = outcome));
  return into;
}

/**
 * Writes one batch of mapped rows plainly; an outcome per row once written. The jobs and
 * contacts the rows name are written, and waited for, before the rows' own records: a row
 * whose job the database refused is rejected.
 */
export async function writeRows(
  kinds: ImportKinds,
  rows: readonly MappedRow[],
  options: BatchOptions,
): Promise<RowsWrite> {
  const { own, ownKey, parent } = kinds;
  if (!parent) return writeBatch(own, plainCandidates(rows, ownKey as KeyOf), options);

  const step = await parentStep(kinds, rows);
  const parentWrite = await writeBatch(parent.kind, step.parents, options);
  await parentWrite.written;
  const parentOutcomes = atPositions(parentWrite.outcomes, step.parentsAt);
  const { candidates, positions } = ownCandidates(kinds, rows, step, parentOutcomes);
  // The previous batch was settled before this one's parents were written.
  const ownWrite = await writeBatch(own, candidates, {
    ...options,
    settled: () => Promise.resolve(),
  });
  const written = ownWrite.written.then(() => {
    atPositions(ownWrite.outcomes, positions, step.outcomes);
  });
  const related = { name: parent.name, outcomes: parentWrite.outcomes };
  return { outcomes: step.outcomes, written, related };
}

/** One kind's part of a batch: its plan, and the batch position of each of its candidates. */
export interface PlannedStep {
  plan: BatchPlan;
  rowsAt: readonly number[];
  /** Put before the reason when the database refuses one of these ("its job: "). */
  reasonPrefix: string;
}

/** A batch planned, nothing written: an outcome per row, and the kinds' writes in order. */
export interface RowsPlan {
  outcomes: Array<Outcome | undefined>;
  steps: PlannedStep[];
  related?: { name: string; outcomes: Outcome[] };
}

/**
 * Plans one batch of mapped rows against what is stored, writing nothing: the jobs and
 * contacts they name, then their own records (with the ids those are planned to have).
 */
export async function planRows(
  kinds: ImportKinds,
  rows: readonly MappedRow[],
  options: BatchOptions,
): Promise<RowsPlan> {
  const { own, ownKey, parent } = kinds;
  if (!parent) {
    const plan = await planBatch(own, plainCandidates(rows, ownKey as KeyOf), options);
    const rowsAt = rows.map((_, index) => index);
    return { outcomes: [...plan.outcomes], steps: [{ plan, rowsAt, reasonPrefix: '' }] };
  }
  const step = await parentStep(kinds, rows);
  const parentPlan = await planBatch(parent.kind, step.parents, options);
  const parentOutcomes = atPositions(parentPlan.outcomes, step.parentsAt);
  const { candidates, positions } = ownCandidates(kinds, rows, step, parentOutcomes);
  // Looked up after the same settling as the parents (see writeRows).
  const ownPlan = await planBatch(own, candidates, {
    ...options,
    settled: () => Promise.resolve(),
  });
  atPositions(ownPlan.outcomes, positions, step.outcomes);
  return {
    outcomes: step.outcomes,
    steps: [
      { plan: parentPlan, rowsAt: step.parentsAt, reasonPrefix: `its ${parentNoun(kinds)}: ` },
      { plan: ownPlan, rowsAt: positions, reasonPrefix: '' },
    ],
    related: { name: parent.name, outcomes: parentPlan.outcomes },
  };
}
