// The last stage of the driver's countDocuments, {$group: {_id: 1, n: {$sum: 1}}}, counted
// without handing every matched document to mingo: the count is the number of documents that
// reach it. Only that exact shape (a constant _id, one $sum of the Int32 1) is recognised;
// anything else runs through the pipeline as before.
import { Int32, type Document } from 'bson';
import { isDocument } from './arguments.js';

/** The largest count an Int32 `n` holds; past it $sum would give a Long (left to mingo). */
const MAX_INT32 = 2 ** 31 - 1;

function isInt32(value: unknown, expected?: number): value is Int32 {
  return value instanceof Int32 && (expected === undefined || value.value === expected);
}

/** How countDocuments' $group names its output: its _id constant and the counting field. */
export interface CountingGroup {
  id: Int32 | null;
  field: string;
}

/** The counting $group when `stages` is exactly one, else undefined. */
export function countingGroup(stages: readonly Document[]): CountingGroup | undefined {
  const [stage] = stages;
  if (stages.length !== 1 || !isDocument(stage) || Object.keys(stage).length !== 1) return;
  const group: unknown = stage.$group;
  if (!isDocument(group)) return;
  const keys = Object.keys(group);
  if (keys.length !== 2 || keys[0] !== '_id') return;
  const id: unknown = group._id;
  if (id !== null && !isInt32(id)) return;
  const field = keys[1] as string;
  if (field.startsWith('$') || field.includes('.')) return;
  const accumulator: unknown = group[field];
  if (!isDocument(accumulator) || Object.keys(accumulator).length !== 1) return;
  if (!isInt32(accumulator.$sum, 1)) return;
  return { id, field };
}

/** The $group's output for `count` documents: none for none, as $group gives. */
export function countingResult(group: CountingGroup, count: number): Document[] | undefined {
  if (count > MAX_INT32) return undefined;
  return count === 0 ? [] : [{ _id: group.id, [group.field]: new Int32(count) }];
}
