// The delete command: statements with limit 0 (all matches) or 1.
import type { Document } from 'bson';
import { ErrorCode, MongoServerError } from '../errors.js';
import { evaluateVariables } from '../query/index.js';
import {
  collectionName,
  missingField,
  optionalDocument,
  optionalBoolean,
  optionalInteger,
  requiredArray,
} from './arguments.js';
import type { CommandContext, CommandTable } from './context.js';
import { writeTargets, type Selection } from './query-executor.js';
import { checkHint } from './update-support.js';
import { refuseWriteToView } from './views.js';
import { runStatements, WriteErrors } from './write-support.js';

async function deleteCommand(command: Document, context: CommandContext): Promise<Document> {
  const name = collectionName(command, 'delete');
  const statements = requiredArray(command, 'deletes', 'delete');
  const ordered = optionalBoolean(command, 'ordered', 'delete') ?? true;
  const variables = evaluateVariables(optionalDocument(command, 'let', 'delete'));
  const storage = context.engine.storage;
  const errors = new WriteErrors();
  let deleted = 0;

  // Every argument is checked before anything is read.
  const selectionOf = (statement: Document): Selection => {
    const filter = optionalDocument(statement, 'q', 'delete.deletes');
    if (!filter) throw missingField('delete.deletes.q');
    const limit = optionalInteger(statement, 'limit', 'delete.deletes');
    if (limit === undefined) throw missingField('delete.deletes.limit');
    if (limit !== 0 && limit !== 1) {
      throw new MongoServerError(
        ErrorCode.FailedToParse,
        `The limit field in delete objects must be 0 or 1. Got ${limit}`,
      );
    }
    const collection = storage.getCollection(context.db, name);
    checkHint(collection, statement.hint);
    return {
      collection,
      filter,
      options: {
        limit,
        collation: optionalDocument(statement, 'collation', 'delete.deletes'),
        variables,
        budget: context.budget,
      },
    };
  };
  const targetsOf = await writeTargets(storage, statements, selectionOf);
  runStatements(
    storage,
    { statements, ordered, errors, kind: 'delete' },
    (statement) => {
      const selection = selectionOf(statement);
      const targets = targetsOf(statement, selection);
      for (const target of targets) selection.collection?.remove(target.stored.id);
      deleted += targets.length;
    },
    () => refuseWriteToView(storage, context.db, name),
  );
  return errors.addTo({ n: deleted, ok: 1 });
}

export const deleteCommands: CommandTable = { delete: deleteCommand };
