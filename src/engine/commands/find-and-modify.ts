// findAndModify: find one document (sorted), then update, replace or remove it atomically.
import type { Document } from 'bson';
import { ErrorCode, MongoServerError } from '../errors.js';
import { compileProjection, evaluateVariables, parseUpdate } from '../query/index.js';
import { collectionName, optionalBoolean, optionalDocument } from './arguments.js';
import type { CommandContext, CommandTable } from './context.js';
import { writeTargets, type Selection } from './query-executor.js';
import { arrayFiltersOf, checkHint, updateMatched, upsertInsert } from './update-support.js';
import { refuseWriteToView } from './views.js';
import { validatorFor } from './write-support.js';

async function findAndModify(command: Document, context: CommandContext): Promise<Document> {
  const commandName = 'findAndModify' in command ? 'findAndModify' : 'findandmodify';
  const name = collectionName(command, commandName);
  const filter = optionalDocument(command, 'query', commandName) ?? {};
  const sort = optionalDocument(command, 'sort', commandName);
  const remove = optionalBoolean(command, 'remove', commandName) ?? false;
  const returnNew = optionalBoolean(command, 'new', commandName) ?? false;
  const upsert = optionalBoolean(command, 'upsert', commandName) ?? false;
  const fields = optionalDocument(command, 'fields', commandName);
  const variables = evaluateVariables(optionalDocument(command, 'let', commandName));
  const bypass = optionalBoolean(command, 'bypassDocumentValidation', commandName) ?? false;
  const hasUpdate = command.update !== undefined && command.update !== null;

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

  const parsed = hasUpdate ? parseUpdate(command.update as Document | Document[]) : undefined;
  const project =
    fields && Object.keys(fields).length > 0
      ? compileProjection(fields, { filter, variables })
      : (doc: Document) => doc;
  const storage = context.engine.storage;
  const selectionOf = (): Selection => {
    const collection = storage.getCollection(context.db, name);
    checkHint(collection, command.hint);
    return {
      collection,
      filter,
      options: {
        sort,
        limit: 1,
        collation: optionalDocument(command, 'collation', commandName),
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
        validator: validatorFor(storage, context.db, name, bypass),
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
        validator: validatorFor(storage, context.db, name, bypass),
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

export const findAndModifyCommands: CommandTable = { findAndModify, findandmodify: findAndModify };
