// The update command: a batch of statements, each atomic, with upserts and writeErrors.
import type { Document } from 'bson';
import { ErrorCode, MongoServerError } from '../errors.js';
import { evaluateVariables, parseUpdate } from '../query/index.js';
import { defineCommand } from './command-definition.js';
import type { CommandContext, CommandList } from './context.js';
import {
  extractFields,
  IGNORED,
  NOT_IMPLEMENTED,
  optional,
  rejectUnknownFields,
  required,
  type ArgumentsOf,
} from './parameters.js';
import { writeTargets, type Selection } from './query-executor.js';
import { arrayFiltersOf, checkHint, updateMatched, upsertInsert } from './update-support.js';
import { refuseWriteToView } from './views.js';
import {
  runStatements,
  validatorFor,
  WriteErrors,
  type DocumentValidator,
} from './write-support.js';

const UPDATE_FIELDS = {
  update: required('collection'),
  updates: required('array'),
  ordered: optional('bool'),
  bypassDocumentValidation: optional('bool'),
  let: optional('object'),
  stmtIds: IGNORED,
  isTimeseriesNamespace: IGNORED,
  encryptionInformation: NOT_IMPLEMENTED,
} as const;

/** One statement of `updates` (sort: MongoDB 8.0, for updateOne/replaceOne). */
const UPDATE_STATEMENT_FIELDS = {
  q: optional('object'),
  sort: optional('object'),
  u: required('any'),
  multi: optional('bool'),
  upsert: optional('bool'),
  collation: optional('object'),
  arrayFilters: optional('any'),
  hint: optional('any'),
  c: NOT_IMPLEMENTED,
  upsertSupplied: IGNORED,
  sampleId: IGNORED,
  $_allowShardKeyUpdatesWithoutFullShardKeyInQuery: IGNORED,
} as const;

async function update(
  args: ArgumentsOf<typeof UPDATE_FIELDS>,
  context: CommandContext,
): Promise<Document> {
  const name = args.update;
  const statements = args.updates;
  const ordered = args.ordered ?? true;
  const bypass = args.bypassDocumentValidation ?? false;
  const variables = evaluateVariables(args.let);
  const storage = context.engine.storage;
  const errors = new WriteErrors();
  const upserted: Document[] = [];
  let matched = 0;
  let modified = 0;

  // An unknown field fails the whole command; a bad value fails its statement only.
  for (const statement of statements) {
    rejectUnknownFields(statement, UPDATE_STATEMENT_FIELDS, 'update.updates');
  }
  // Every argument is checked before anything is read.
  const planOf = (statement: Document) => {
    const fields = extractFields(statement, UPDATE_STATEMENT_FIELDS, 'update.updates', {
      strict: true,
    });
    const filter = fields.q ?? {};
    const parsed = parseUpdate(fields.u as Document | Document[]);
    const multi = fields.multi ?? false;
    const upsert = fields.upsert ?? false;
    if (multi && parsed.kind === 'replacement') {
      throw new MongoServerError(
        ErrorCode.FailedToParse,
        'multi update is not supported for replacement-style update',
      );
    }
    const arrayFilters = arrayFiltersOf(statement);
    // MongoDB 8.0: updateOne/replaceOne pick the first match in this order, as findAndModify does.
    const sort = fields.sort;
    if (sort && multi) {
      throw new MongoServerError(ErrorCode.FailedToParse, 'Cannot specify sort with multi=true');
    }
    const collection = storage.getCollection(context.db, name);
    checkHint(collection, fields.hint);
    const selection: Selection = {
      collection,
      filter,
      options: {
        limit: multi ? 0 : 1,
        sort,
        collation: fields.collation,
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
      validator = validatorFor(storage, context.db, name, bypass, context.engine.log);
    },
  );
  const reply: Document = { n: matched + upserted.length, nModified: modified };
  if (upserted.length > 0) reply.upserted = upserted;
  errors.addTo(reply);
  reply.ok = 1;
  return reply;
}

export const updateCommands: CommandList = [
  defineCommand('update', { help: 'update documents', fields: UPDATE_FIELDS, run: update }),
];
