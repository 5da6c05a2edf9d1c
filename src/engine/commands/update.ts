// The update command: a batch of statements, each atomic, with upserts and writeErrors.
import type { Document } from 'bson';
import { ErrorCode, MongoServerError } from '../errors.js';
import { evaluateVariables, parseUpdate } from '../query/index.js';
import {
  collectionName,
  missingField,
  optionalBoolean,
  optionalDocument,
  requiredArray,
} from './arguments.js';
import type { CommandContext, CommandTable } from './context.js';
import { writeTargets, type Selection } from './query-executor.js';
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

  // Every argument is checked before anything is read.
  const planOf = (statement: Document) => {
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
    const arrayFilters = arrayFiltersOf(statement);
    // MongoDB 8.0: updateOne/replaceOne pick the first match in this order, as findAndModify does.
    const sort = optionalDocument(statement, 'sort', 'update.updates');
    if (sort && multi) {
      throw new MongoServerError(ErrorCode.FailedToParse, 'Cannot specify sort with multi=true');
    }
    const collection = storage.getCollection(context.db, name);
    checkHint(collection, statement.hint);
    const selection: Selection = {
      collection,
      filter,
      options: {
        limit: multi ? 0 : 1,
        sort,
        collation: optionalDocument(statement, 'collation', 'update.updates'),
        variables,
        budget: context.budget,
      },
    };
    return { selection, parsed, upsert, arrayFilters };
  };
  const targetsOf = await writeTargets(
    storage,
    statements,
    (statement) => planOf(statement).selection,
  );
  let validator: DocumentValidator | undefined;
  runStatements(
    storage,
    { statements, ordered, errors, kind: 'update' },
    (statement, index) => {
      const { selection, parsed, upsert, arrayFilters } = planOf(statement);
      const { filter } = selection;
      const options = { arrayFilters, variables, validator };
      let collection = selection.collection;
      const targets = targetsOf(statement, selection);
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
