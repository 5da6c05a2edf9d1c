// The delete command: statements with limit 0 (all matches) or 1.
import type { Document } from 'bson';
import { ErrorCode, MongoServerError } from '../errors.js';
import { evaluateVariables } from '../query/index.js';
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
import { checkHint } from './update-support.js';
import { refuseWriteToView } from './views.js';
import { runStatements, WriteErrors } from './write-support.js';

const DELETE_FIELDS = {
  delete: required('collection'),
  deletes: required('array'),
  ordered: optional('bool'),
  let: optional('object'),
  bypassDocumentValidation: IGNORED,
  stmtIds: IGNORED,
  isTimeseriesNamespace: IGNORED,
  encryptionInformation: NOT_IMPLEMENTED,
} as const;

const DELETE_STATEMENT_FIELDS = {
  q: required('object'),
  limit: required('integer'),
  collation: optional('object'),
  hint: optional('any'),
  sampleId: IGNORED,
} as const;

async function deleteCommand(
  args: ArgumentsOf<typeof DELETE_FIELDS>,
  context: CommandContext,
): Promise<Document> {
  const name = args.delete;
  const statements = args.deletes;
  const ordered = args.ordered ?? true;
  const variables = evaluateVariables(args.let);
  const storage = context.engine.storage;
  const errors = new WriteErrors();
  let deleted = 0;

  // An unknown field fails the whole command; a bad value fails its statement only.
  for (const statement of statements) {
    rejectUnknownFields(statement, DELETE_STATEMENT_FIELDS, 'delete.deletes');
  }
  // Every argument is checked before anything is read.
  const selectionOf = (statement: Document): Selection => {
    const fields = extractFields(statement, DELETE_STATEMENT_FIELDS, 'delete.deletes', {
      strict: true,
    });
    const { q: filter, limit } = fields;
    if (limit !== 0 && limit !== 1) {
      throw new MongoServerError(
        ErrorCode.FailedToParse,
        `The limit field in delete objects must be 0 or 1. Got ${limit}`,
      );
    }
    const collection = storage.getCollection(context.db, name);
    checkHint(collection, fields.hint);
    return {
      collection,
      filter,
      options: {
        limit,
        collation: fields.collation,
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

export const deleteCommands: CommandList = [
  defineCommand('delete', { help: 'delete documents', fields: DELETE_FIELDS, run: deleteCommand }),
];
