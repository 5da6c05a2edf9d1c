// The delete command: statements with limit 0 (all matches) or 1.
import type { Document } from 'bson';
import { ErrorCode, MongoServerError } from '../errors.js';
import { evaluateVariables } from '../query/index.js';
import {
  collectionName,
  isDocument,
  missingField,
  optionalDocument,
  optionalBoolean,
  optionalInteger,
  requiredArray,
} from './arguments.js';
import type { CommandContext, CommandTable } from './context.js';
import { selectAhead, selectDocuments, targetsFor, type Selection } from './query-executor.js';
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

  const selectionOf = (statement: Document): Selection => {
    const filter = optionalDocument(statement, 'q', 'delete.deletes');
    if (!filter) throw missingField('delete.deletes.q');
    return {
      collection: storage.getCollection(context.db, name),
      filter,
      options: {
        limit: optionalInteger(statement, 'limit', 'delete.deletes'),
        collation: optionalDocument(statement, 'collation', 'delete.deletes'),
        variables,
        budget: context.budget,
      },
    };
  };
  // One statement (deleteOne/deleteMany): its targets are read ahead, with pauses.
  const [only] = statements;
  const ahead =
    statements.length === 1 && isDocument(only)
      ? await selectAhead(storage, () => selectionOf(only))
      : undefined;
  runStatements(
    storage,
    { statements, ordered, errors, kind: 'delete' },
    (statement) => {
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
      const targets = targetsFor(storage, ahead, () => {
        const selection = selectionOf(statement);
        return [...selectDocuments(selection.collection, selection.filter, selection.options)];
      });
      for (const target of targets) collection?.remove(target.stored.id);
      deleted += targets.length;
    },
    () => refuseWriteToView(storage, context.db, name),
  );
  return errors.addTo({ n: deleted, ok: 1 });
}

export const deleteCommands: CommandTable = { delete: deleteCommand };
