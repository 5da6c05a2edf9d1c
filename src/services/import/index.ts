// `career import`: rows streamed from a file into the signed-in user's records, in batches
// (one lookup, one insertMany, one bulk update each), so memory stays flat whatever the
// file's size and an interrupted import is finished by running it again. Each batch is one
// transaction where the deployment has them (transactional-rows.ts), so it is written whole.
// A bad row is rejected with its line and reason; it never stops the others.
import { setImmediate } from 'node:timers/promises';
import type { Connection } from 'mongoose';
import type { UserRepositories } from '../../repositories/index.js';
import { supportsTransactions } from '../../db/transactions.js';
import { APPLIED_STATUS } from '../../domain/pipeline.js';
import { normaliseUrl } from '../contact-service.js';
import type { BatchOptions, Outcome } from './batch-writer.js';
import { NOTES_PATH } from './fields.js';
import { keepMemoryFlat } from './memory.js';
import { BrokenInputError, isBrokenRow } from './readers.js';
import { Rejects } from './rejects.js';
import { RowMapper, getPath, setPath, type MappedRow } from './row-mapper.js';
import { kindsFor, writeRows, type RowsWrite } from './rows.js';
import type { OpenedImport } from './source.js';
import { showValue } from './show-value.js';
import { writeRowsInTransaction } from './transactional-rows.js';
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
  /**
   * The database connection: each batch is written in one transaction where the deployment
   * has them (see transactional-rows.ts); without it, or on a standalone mongod, plainly.
   */
  connection?: Connection | undefined;
}

/** How a batch is written: plainly, or in a transaction on this connection. */
function batchWriter(
  kinds: ReturnType<typeof kindsFor>,
  connection: Connection | undefined,
): (rows: readonly MappedRow[], options: BatchOptions) => Promise<RowsWrite> {
  if (connection === undefined) return (rows, options) => writeRows(kinds, rows, options);
  return (rows, options) => writeRowsInTransaction(connection, kinds, rows, options);
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

function checkUrl(fields: Record<string, unknown>, path: string): void {
  const url = getPath(fields, path);
  if (typeof url !== 'string') return;
  try {
    setPath(fields, path, normaliseUrl(url));
  } catch {
    throw new RowError(`${path} ${showValue(url)} is not a web address (http:// or https://)`);
  }
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
  const transaction =
    !options.dryRun &&
    options.connection !== undefined &&
    (await supportsTransactions(options.connection));
  const startBatch = batchWriter(kinds, transaction ? options.connection : undefined);
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
    if (write.related) tally.countRelated(write.related.name, write.related.outcomes);
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
    const written: RowsWrite =
      rows.length > 0
        ? await startBatch(rows, {
            dryRun: options.dryRun,
            now: new Date(),
            settled: () => writtenBefore,
          })
        : { outcomes: [], written: Promise.resolve() };
    allWritten = Promise.all([writtenBefore, written.written]).then(() => undefined);
    reported = reported.then(() => report(rows, written, readRejects, progress));
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
    transaction,
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
