// findAndModify: find one document (sorted), then update, replace or remove it atomically.
import type { Document } from 'bson';
import { ErrorCode, MongoServerError } from '../errors.js';
import { compileProjection, evaluateVariables, parseUpdate } from '../query/index.js';
import { defineCommand } from './command-definition.js';
import type { CommandContext, CommandList } from './context.js';
import { IGNORED, NOT_IMPLEMENTED, optional, required, type ArgumentsOf } from './parameters.js';
import { writeTargets, type Selection } from './query-executor.js';
import { arrayFiltersOf, checkHint, updateMatched, upsertInsert } from './update-support.js';
import { refuseWriteToView } from './views.js';
import { validatorFor } from './write-support.js';

const FIND_AND_MODIFY_FIELDS = {
  findAndModify: required('collection'),
  query: optional('object'),
  sort: optional('object'),
  remove: optional('bool'),
  new: optional('bool'),
  upsert: optional('bool'),
  fields: optional('object'),
  update: optional('any'),
  let: optional('object'),
  bypassDocumentValidation: optional('bool'),
  collation: optional('object'),
  arrayFilters: optional('any'),
  hint: optional('any'),
  stmtId: IGNORED,
  isTimeseriesNamespace: IGNORED,
  encryptionInformation: NOT_IMPLEMENTED,
} as const;

async function findAndModify(
  args: ArgumentsOf<typeof FIND_AND_MODIFY_FIELDS>,
  context: CommandContext,
  command: Document,
): Promise<Document> {
  const name = args.findAndModify;
  const filter = args.query ?? {};
  const { sort, fields } = args;
  const remove = args.remove ?? false;
  const returnNew = args.new ?? false;
  const upsert = args.upsert ?? false;
  const variables = evaluateVariables(args.let);
  const bypass = args.bypassDocumentValidation ?? false;
  const hasUpdate = args.update !== undefined && args.update !== null;

  if (remove && hasUpdate)
    throw new MongoServerError(
      ErrorCode.FailedToParse,
      'Cannot specify both an update and remove=true',
    );
  if (!remove && !hasUpdate)
    throw new MongoServerError(
      ErrorCode.FailedToParse,
      'Either an update or remove=true must be specified',
    );
  if (remove && returnNew)
    throw new MongoServerError(
      ErrorCode.FailedToParse,
      "Cannot specify both new=true and remove=true; 'remove' always returns the deleted document",
    );
  if (remove && upsert)
    throw new MongoServerError(
      ErrorCode.FailedToParse,
      'Cannot specify both upsert=true and remove=true',
    );

  const parsed = hasUpdate ? parseUpdate(args.update as Document | Document[]) : undefined;
  const project =
    fields && Object.keys(fields).length > 0
      ? compileProjection(fields, { filter, variables })
      : (doc: Document) => doc;
  const storage = context.engine.storage;
  const selectionOf = (): Selection => {
    const collection = storage.getCollection(context.db, name);
    checkHint(collection, args.hint);
    return {
      collection,
      filter,
      options: {
        sort,
        limit: 1,
        collation: args.collation,
        variables,
        budget: context.budget,
      },
    };
  };
  // The target is read ahead, with pauses; the write takes it if nothing changed meanwhile.
  const targetsOf = await writeTargets(storage, [command], selectionOf);

  return storage.write(() => {
    refuseWriteToView(storage, context.db, name);
    const selection = selectionOf();
    let collection = selection.collection;
    const [target] = targetsOf(command, selection);

    if (target && collection) {
      if (remove) {
        collection.remove(target.stored.id);
        return { lastErrorObject: { n: 1 }, value: project(target.doc), ok: 1 };
      }
      const options = {
        arrayFilters: arrayFiltersOf(command),
        variables,
        validator: validatorFor(storage, context.db, name, bypass, context.engine.log),
      };
      const updated = updateMatched(
        collection,
        target,
        filter,
        parsed as NonNullable<typeof parsed>,
        options,
      );
      return {
        lastErrorObject: { n: 1, updatedExisting: true },
        value: project(returnNew ? updated.doc : target.doc),
        ok: 1,
      };
    }
    if (upsert && parsed) {
      collection = storage.getCollection(context.db, name, true);
      if (!collection)
        throw new MongoServerError(ErrorCode.InternalError, 'collection could not be created');
      const options = {
        arrayFilters: arrayFiltersOf(command),
        variables,
        validator: validatorFor(storage, context.db, name, bypass, context.engine.log),
      };
      const inserted = upsertInsert(collection, filter, parsed, options);
      return {
        lastErrorObject: { n: 1, updatedExisting: false, upserted: inserted._id },
        value: returnNew ? project(inserted) : null,
        ok: 1,
      };
    }
    return { lastErrorObject: { n: 0, updatedExisting: false }, value: null, ok: 1 };
  });
}

export const findAndModifyCommands: CommandList = [
  defineCommand('findAndModify', {
    help: 'update, replace or remove one document and return it',
    aliases: ['findandmodify'],
    fields: FIND_AND_MODIFY_FIELDS,
    run: findAndModify,
  }),
];
