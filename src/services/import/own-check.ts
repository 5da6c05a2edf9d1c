// An application (or connection) row checked on its own before the job (or contact) it
// names is written: a row the schema refuses must create nothing, so it is rejected here,
// with the reason the schema gives, and its job is never looked up or inserted.
import { Types } from 'mongoose';
import type { Outcome, RecordKind } from './batch-writer.js';
import { storageProblem } from './limits.js';
import type { MappedRow } from './row-mapper.js';

/** Stands for the job or contact not written yet: any id passes the schema alike. */
const SOME_PARENT = new Types.ObjectId();

/** The row's own record as the schema checks it, or why it cannot be stored. */
export type OwnCheck =
  { ok: true; record: Record<string, unknown> } | { ok: false; reason: string };

/**
 * The row's own record (without its `parent` fields: job, contact) checked as the writer
 * checks it (quickCheck, else a document), with `parentId` for the record not written yet,
 * and its size. The writer uses the record (with the real id) rather than checking it again.
 * A row that passes can still be refused later for its parent or by the database.
 */
async function checkOwn(
  kind: RecordKind,
  row: MappedRow,
  parent: 'job' | 'contact',
): Promise<OwnCheck> {
  const fields: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(row.fields)) if (name !== parent) fields[name] = value;
  fields[`${parent}Id`] = SOME_PARENT;
  const checked = kind.repository.quickCheck(fields) ?? (await kind.repository.checkRecord(fields));
  if (!checked.ok) return { ok: false, reason: checked.problems.join('; ') };
  const tooBig = storageProblem(checked.record);
  return tooBig === undefined ? checked : { ok: false, reason: tooBig };
}

/** A batch's rows checked on their own: the rejected ones' outcomes, and the others. */
export interface OwnRows {
  /** A rejection where the row's own record is refused (by batch position). */
  outcomes: Array<Outcome | undefined>;
  /** The checked record of each row that passed (by batch position). */
  checkedRecords: Array<Record<string, unknown>>;
  /** The rows that passed, and their batch positions. */
  sound: MappedRow[];
  soundAt: number[];
}

export async function checkOwnRows(
  kind: RecordKind,
  rows: readonly MappedRow[],
  parent: 'job' | 'contact',
): Promise<OwnRows> {
  const result: OwnRows = { outcomes: [], checkedRecords: [], sound: [], soundAt: [] };
  for (const [index, row] of rows.entries()) {
    const checked = await checkOwn(kind, row, parent);
    if (checked.ok) {
      result.sound.push(row);
      result.soundAt.push(index);
      result.checkedRecords[index] = checked.record;
    } else result.outcomes[index] = { kind: 'rejected', reason: checked.reason };
  }
  return result;
}
