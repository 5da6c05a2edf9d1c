// Which commands write: outside a transaction they wait for this process's transactions to
// release SQLite's write lock; inside one, they may take it.
import type { Document } from 'bson';

const WRITE_COMMANDS = new Set([
  'insert',
  'update',
  'delete',
  'findAndModify',
  'findandmodify',
  'bulkWrite',
  'create',
  'drop',
  'dropDatabase',
  'createIndexes',
  'dropIndexes',
  'deleteIndexes',
  'collMod',
  'renameCollection',
]);

/** Whether an aggregate ends in $out or $merge. */
function writesOut(command: Document): boolean {
  const pipeline: unknown = command.pipeline;
  if (!Array.isArray(pipeline) || pipeline.length === 0) return false;
  const last: unknown = pipeline[pipeline.length - 1];
  if (typeof last !== 'object' || last === null) return false;
  return '$out' in last || '$merge' in last;
}

export function isWriteCommand(name: string, command: Document): boolean {
  if (WRITE_COMMANDS.has(name)) return true;
  return name === 'aggregate' && writesOut(command);
}
