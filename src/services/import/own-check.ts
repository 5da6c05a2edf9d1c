// An application (or connection) row checked on its own before the job (or contact) it
// names is written: a row the schema refuses must create nothing, so it is rejected here,
// with the reason the schema gives, and its job is never looked up or inserted.
import { Types } from 'mongoose';
import type { RecordKind } from './batch-writer.js';
import { storageProblem } from './limits.js';
import type { MappedRow } from './row-mapper.js';

/** Stands for the job or contact not written yet: any id passes the schema alike. */
const SOME_PARENT = new Types.ObjectId();

/**
 * Why the row's own record (without its `parent` fields: job, contact) cannot be stored
 * whatever record it is attached to, or undefined when it can. The same check as the
 * writer's (quickCheck, else a document) on the same fields; a row that passes here can
 * still be refused later for its parent (its job's own fields) or by the database.
 */
export async function ownProblem(
  kind: RecordKind,
  row: MappedRow,
  parent: 'job' | 'contact',
): Promise<string | undefined> {
  const fields: Record<string, unknown> = { ...row.fields, [`${parent}Id`]: SOME_PARENT };
  delete fields[parent];
  const checked = kind.repository.quickCheck(fields) ?? (await kind.repository.checkRecord(fields));
  if (!checked.ok) return checked.problems.join('; ');
  return storageProblem(checked.record);
}
