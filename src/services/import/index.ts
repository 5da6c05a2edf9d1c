// `career import`: rows streamed from a file into the signed-in user's records, in batches
// (one lookup, one insertMany, one bulk update each), so memory stays flat whatever the
// file's size and an interrupted import is finished by running it again. A bad row is
// rejected with its line and reason; it never stops the others.
import { setImmediate } from 'node:timers/promises';
import type { Types } from 'mongoose';
import type { UserRepositories } from '../../repositories/index.js';
import {
  activityKey,
  applicationKey,
  contactKey,
  jobKey,
} from '../../repositories/natural-keys.js';
import { APPLIED_STATUS } from '../../domain/pipeline.js';
import { normaliseUrl } from '../contact-service.js';
import {
  writeBatch,
  type BatchOptions,
  type Candidate,
  type Outcome,
  type RecordKind,
} from './batch-writer.js';
import { NOTES_PATH } from './fields.js';
import { keepMemoryFlat } from './memory.js';
import { BrokenInputError, isBrokenRow } from './readers.js';
import {
  activityKind,
  applicationKind,
  connectionKind,
  contactKind,
  jobKind,
} from './record-kinds.js';
import { checkOwnRows, type OwnRows } from './own-check.js';
import { resolveContactLinks } from './contact-links.js';
import { Rejects } from './rejects.js';
import { getPath, RowMapper, setPath, type MappedRow } from './row-mapper.js';
import type { OpenedImport } from './source.js';
import { showValue } from './show-value.js';
import {
  RowError,
  type ImportFormat,
  type ImportSummary,
  type ImportType,
  type Rejection,
} from './types.js';

export { openImport, type ImportInput, type OpenedImport } from './source.js';
export type { ImportSummary, ImportType, ImportFormat } from './types.js';
export { IMPORT_FORMATS, IMPORT_TYPES } from './types.js';

export const DEFAULT_BATCH_SIZE = 1000;
/**
 * How many batches may be written while the next is read: two absorb the jitter of either
 * side (a collection here, a checkpoint there) without more than a few MB in flight.
 */
const BATCHES_AHEAD = 2;
/** How often reading rows lets I/O in (see the read loop). */
const YIELD_EVERY_ROWS = 64;

export interface ImportOptions {
  dryRun: boolean;
  /** Where to write the rejected rows as CSV. */
  rejectsFile?: string | undefined;
  batchSize?: number;
  /** Called after each batch with the rows read and bytes read so far. */
  onProgress?: (rows: number, bytes: number) => void;
}

/** What LinkedIn's exports mean without saying it. */
function constantsFor(format: ImportFormat, type: ImportType): Record<string, unknown> {
  if (format === 'linkedin-connections' && type === 'connections') {
    return { status: 'accepted', type: 'professional' };
  }
  if (format === 'linkedin-applications' && type === 'applications') {
    return { status: APPLIED_STATUS };
  }
  return {};
}

type Counts = ImportSummary['related'][string];

class Tally {
  inserted = 0;
  updated = 0;
  skipped = 0;
  readonly related: Record<string, Counts> = {};

  count(outcome: Outcome): void {
    if (outcome.kind === 'inserted') this.inserted++;
    else if (outcome.kind === 'updated') this.updated++;
    else if (outcome.kind === 'skipped') this.skipped++;
  }

  countRelated(name: string, outcomes: readonly Outcome[]): void {
    const counts = (this.related[name] ??= { inserted: 0, updated: 0 });
    for (const outcome of outcomes) {
      if (outcome.kind === 'inserted') counts.inserted++;
      else if (outcome.kind === 'updated') counts.updated++;
    }
  }
}

/** The row's fields under `prefix` (job., contact.) as a record of their own. */
function childCandidate(
  row: MappedRow,
  prefix: string,
  key: (fields: Record<string, unknown>) => string,
): Candidate {
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

function checkUrl(fields: Record<string, unknown>, path: string): void {
  const url = getPath(fields, path);
  if (typeof url !== 'string') return;
  try {
    setPath(fields, path, normaliseUrl(url));
  } catch {
    throw new RowError(`${path} ${showValue(url)} is not a web address (http:// or https://)`);
  }
}

/** The kinds of record an import of `type` writes: its own, and the one its rows name. */
interface ImportKinds {
  own: RecordKind;
  /** Rewrites what rows give before they are checked; a rejection reason by position. */
  prepare?: (rows: readonly MappedRow[]) => Promise<Array<string | undefined>>;
  ownKey?: (fields: Record<string, unknown>) => string;
  parent?: {
    name: string;
    kind: RecordKind;
    prefix: string;
    key: (f: Record<string, unknown>) => string;
  };
}

function kindsFor(type: ImportType, data: UserRepositories): ImportKinds {
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
        // People on applications: links by the contact's natural key (issue 15).
        prepare: (rows) => resolveContactLinks(data, rows),
        parent: { name: 'jobs', kind: jobKind(data), prefix: 'job.', key: jobKey },
      };
    case 'connections':
      return {
        own: connectionKind(data),
        parent: { name: 'contacts', kind: contactKind(data), prefix: 'contact.', key: contactKey },
      };
  }
}

/** The checked rows less those `prepared` refused (for the reason it gives). */
function withoutRefused(checked: OwnRows, prepared: ReadonlyArray<string | undefined>): OwnRows {
  if (!prepared.some((reason) => reason !== undefined)) return checked;
  const result: OwnRows = { ...checked, sound: [], soundAt: [] };
  prepared.forEach((reason, index) => {
    if (reason !== undefined) result.outcomes[index] = { kind: 'rejected', reason };
  });
  checked.soundAt.forEach((index, at) => {
    if (prepared[index] !== undefined) return;
    result.sound.push(checked.sound[at] as MappedRow);
    result.soundAt.push(index);
  });
  return result;
}

/** A batch of rows checked, with its writes under way (see BatchWrite). */
interface RowsWrite {
  outcomes: Array<Outcome | undefined>;
  written: Promise<void>;
}

/**
 * Writes one batch of mapped rows; an outcome per row once written. Applications and
 * connections are checked first, then write the jobs and contacts they name (found by their
 * own natural keys, or created), and wait for them: a row whose job the database refused is
 * rejected, and a row refused for its own fields writes no job.
 */
async function writeRows(
  kinds: ImportKinds,
  rows: readonly MappedRow[],
  tally: Tally,
  options: BatchOptions,
): Promise<RowsWrite> {
  const { own, ownKey, parent } = kinds;
  const prepared = kinds.prepare ? await kinds.prepare(rows) : [];
  if (!parent) {
    const candidates = rows.map((row) => ({
      line: row.line,
      key: (ownKey as (fields: Record<string, unknown>) => string)(row.fields),
      fields: row.fields,
      given: row.given,
      noteLines: row.noteLines,
    }));
    return writeBatch(own, candidates, options);
  }

  const parentIsJob = parent.name === 'jobs';
  // A row its own record refuses creates nothing: not even the job or contact it names.
  const checkedRows = await checkOwnRows(own, rows, parentIsJob ? 'job' : 'contact');
  const { outcomes, checkedRecords, sound, soundAt } = withoutRefused(checkedRows, prepared);
  const parents = sound.map((row) => childCandidate(row, parent.prefix, parent.key));
  const parentWrite = await writeBatch(parent.kind, parents, options);
  await parentWrite.written;
  const parentOutcomes: Array<Outcome | undefined> = [];
  parentWrite.outcomes.forEach((outcome, at) => (parentOutcomes[soundAt[at] as number] = outcome));
  tally.countRelated(parent.name, parentWrite.outcomes);

  const candidates: Candidate[] = [];
  const positions: number[] = [];
  rows.forEach((row, index) => {
    const parentOutcome = parentOutcomes[index];
    if (parentOutcome === undefined) return;
    if (parentOutcome.kind === 'rejected') {
      const noun = parentIsJob ? 'job' : 'contact';
      outcomes[index] = { kind: 'rejected', reason: `its ${noun}: ${parentOutcome.reason}` };
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
    const checked = checkedRecords[index] as Record<string, unknown>;
    checked[idPath] = id;
    candidate.checked = checked;
    candidates.push(candidate);
    positions.push(index);
  });
  // The previous batch was settled before this one's parents were written.
  const ownWrite = await writeBatch(own, candidates, {
    ...options,
    settled: () => Promise.resolve(),
  });
  const written = ownWrite.written.then(() =>
    ownWrite.outcomes.forEach((outcome, at) => (outcomes[positions[at] as number] = outcome)),
  );
  return { outcomes, written };
}

export async function runImport(
  data: UserRepositories,
  opened: OpenedImport,
  options: ImportOptions,
): Promise<ImportSummary> {
  const { type, format } = opened;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const mapper = new RowMapper(type, constantsFor(format, type));
  const rejects = new Rejects(options.rejectsFile, opened.columns, opened.raw);
  await rejects.openFile();
  const tally = new Tally();
  const kinds = kindsFor(type, data);
  // Again: starting the engine's thread resets V8's flags (see memory.ts).
  keepMemoryFlat();
  await kinds.own.prime();
  await kinds.parent?.kind.prime();
  let rowsRead = 0;
  let batch: MappedRow[] = [];
  // Rejections found while reading a batch, reported in line order with the batch's own.
  let pendingRejects: Rejection[] = [];
  // Every started batch's writes, and their reports (in batch order): the next batch is
  // read and checked while the database stores the last one.
  let allWritten: Promise<void> = Promise.resolve();
  let reported: Promise<void> = Promise.resolve();
  // The reports of the batches still being written, oldest first.
  const unreported: Array<Promise<void>> = [];

  const report = async (
    rows: readonly MappedRow[],
    write: RowsWrite,
    readRejects: Rejection[],
    progress: { rows: number; bytes: number },
  ): Promise<void> => {
    await write.written;
    rows.forEach((row, index) => {
      const outcome = write.outcomes[index];
      if (!outcome) return;
      if (outcome.kind === 'rejected') {
        readRejects.push({ line: row.line, reason: outcome.reason, values: row.values });
      } else tally.count(outcome);
    });
    readRejects.sort((a, b) => a.line - b.line);
    for (const rejection of readRejects) await rejects.add(rejection);
    options.onProgress?.(progress.rows, progress.bytes);
  };

  const flush = async (): Promise<void> => {
    const rows = batch;
    const readRejects = pendingRejects;
    const progress = { rows: rowsRead, bytes: opened.bytesRead() };
    batch = [];
    pendingRejects = [];
    const writtenBefore = allWritten;
    const write: RowsWrite =
      rows.length > 0
        ? await writeRows(kinds, rows, tally, {
            dryRun: options.dryRun,
            now: new Date(),
            settled: () => writtenBefore,
          })
        : { outcomes: [], written: Promise.resolve() };
    allWritten = Promise.all([writtenBefore, write.written]).then(() => undefined);
    reported = reported.then(() => report(rows, write, readRejects, progress));
    unreported.push(reported);
    // Awaited by a later batch or at the end; a failure meanwhile is not "unhandled".
    allWritten.catch(() => undefined);
    reported.catch(() => undefined);
    // No more than BATCHES_AHEAD batches being written while the next is read: memory stays flat.
    while (unreported.length > BATCHES_AHEAD) await unreported.shift();
  };

  try {
    for await (const row of opened.rows) {
      rowsRead++;
      // Rows arrive as microtasks, which never let I/O in: the batch being sent to the
      // database, and its reply, would wait for a whole chunk of the file to be read.
      if (rowsRead % YIELD_EVERY_ROWS === 0) await setImmediate();
      if (isBrokenRow(row)) {
        pendingRejects.push({ line: row.line, reason: row.broken, values: {}, text: row.text });
        continue;
      }
      try {
        const mapped = mapper.map(row);
        if (type === 'contacts') checkUrl(mapped.fields, 'linkedinUrl');
        if (type === 'connections') checkUrl(mapped.fields, 'contact.linkedinUrl');
        batch.push(mapped);
      } catch (error) {
        if (!(error instanceof RowError)) throw error;
        pendingRejects.push({ line: row.line, reason: error.message, values: row.values });
      }
      if (batch.length >= batchSize) await flush();
    }
  } catch (error) {
    if (!(error instanceof BrokenInputError)) {
      await reported.catch(() => undefined);
      throw error;
    }
    await flush();
    pendingRejects.push({ line: error.line, reason: error.message, values: {} });
  }
  await flush();
  await Promise.all([reported, allWritten]);
  await rejects.close();

  const unknownColumns = [...mapper.unknownColumns];
  return {
    type,
    format,
    dryRun: options.dryRun,
    inserted: tally.inserted,
    updated: tally.updated,
    skipped: tally.skipped,
    rejected: rejects.count,
    related: tally.related,
    unknownColumns,
    unknownColumnsKeptIn: NOTES_PATH[type],
    rejects: rejects.first,
    rejectsTruncated: rejects.count > rejects.first.length,
  };
}
