// The update command: a batch of statements, each atomic, with upserts and writeErrors.
import type { Document } from 'bson';
import { ErrorCode, MongoServerError } from '../errors.js';
import { evaluateVariables, parseUpdate } from '../query/index.js';
import {
  collectionName,
  missingField,
  isDocument,
  optionalBoolean,
  optionalDocument,
  requiredArray,
} from './arguments.js';
import type { CommandContext, CommandTable } from './context.js';
import { selectAhead, selectDocuments, targetsFor, type Selection } from './query-executor.js';
import { arrayFiltersOf, checkHint, updateMatched, upsertInsert } from './update-support.js';
import { refuseWriteToView } from './views.js';
import {
  runStatements,
  validatorFor,
  WriteErrors,
  type DocumentValidator,
} from './write-support.js';

async function update(command: Document, context: CommandContext): Promise<Document> {
  const name = collectionName(command, 'update');
  const statements = requiredArray(command, 'updates', 'update');
  const ordered = optionalBoolean(command, 'ordered', 'update') ?? true;
  const bypass = optionalBoolean(command, 'bypassDocumentValidation', 'update') ?? false;
  const variables = evaluateVariables(optionalDocument(command, 'let', 'update'));
  const storage = context.engine.storage;
  const errors = new WriteErrors();
  const upserted: Document[] = [];
  let matched = 0;
  let modified = 0;

  for (const statement of statements) {
    if (isDocument(statement) && statement.sort !== undefined) {
      // updateOne's sort arrived in MongoDB 8.0; like 7.0, the engine refuses the whole command.
      throw new MongoServerError(
        ErrorCode.UnknownBsonField,
        "BSON field 'update.updates.sort' is an unknown field.",
      );
    }
  }
  const selectionOf = (statement: Document): Selection => ({
    collection: storage.getCollection(context.db, name),
    filter: optionalDocument(statement, 'q', 'update.updates') ?? {},
    options: {
      limit: optionalBoolean(statement, 'multi', 'update.updates') ? 0 : 1,
      collation: optionalDocument(statement, 'collation', 'update.updates'),
      variables,
      budget: context.budget,
    },
  });
  // One statement (updateOne/updateMany): its targets are read ahead, with pauses.
  const [only] = statements;
  const ahead =
    statements.length === 1 && isDocument(only)
      ? await selectAhead(storage, () => selectionOf(only))
      : undefined;
  let validator: DocumentValidator | undefined;
  runStatements(
    storage,
    { statements, ordered, errors, kind: 'update' },
    (statement, index) => {
      const filter = optionalDocument(statement, 'q', 'update.updates') ?? {};
      if (statement.u === undefined) throw missingField('update.updates.u');
      const parsed = parseUpdate(statement.u as Document | Document[]);
      const multi = optionalBoolean(statement, 'multi', 'update.updates') ?? false;
      const upsert = optionalBoolean(statement, 'upsert', 'update.updates') ?? false;
      if (multi && parsed.kind === 'replacement') {
        throw new MongoServerError(
          ErrorCode.FailedToParse,
          'multi update is not supported for replacement-style update',
        );
      }
      const options = { arrayFilters: arrayFiltersOf(statement), variables, validator };
      let collection = storage.getCollection(context.db, name);
      checkHint(collection, statement.hint);
      const targets = targetsFor(storage, ahead, () => {
        const selection = selectionOf(statement);
        return [...selectDocuments(selection.collection, selection.filter, selection.options)];
      });
      if (targets.length > 0 && collection) {
        let statementModified = 0;
        for (const target of targets) {
          if (updateMatched(collection, target, filter, parsed, options).modified) {
            statementModified++;
          }
        }
        // Counted only once the whole statement succeeded (a failure rolls it all back).
        matched += targets.length;
        modified += statementModified;
      } else if (upsert) {
        collection = storage.getCollection(context.db, name, true);
        if (!collection) {
          throw new MongoServerError(ErrorCode.InternalError, 'collection could not be created');
        }
        const inserted = upsertInsert(collection, filter, parsed, options);
        upserted.push({ index, _id: inserted._id });
      }
    },
    () => {
      refuseWriteToView(storage, context.db, name);
      validator = validatorFor(storage, context.db, name, bypass);
    },
  );
  const reply: Document = { n: matched + upserted.length, nModified: modified };
  if (upserted.length > 0) reply.upserted = upserted;
  errors.addTo(reply);
  reply.ok = 1;
  return reply;
}

export const updateCommands: CommandTable = { update };
