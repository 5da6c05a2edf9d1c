// The insert command: documents stored exactly as the client sent them whenever possible.
import type { Document } from 'bson';
import { ErrorCode, MongoServerError } from '../errors.js';
import { validateForInsert } from '../query/index.js';
import { collectionName, isDocument, optionalBoolean, requiredArray } from './arguments.js';
import type { CommandContext, CommandTable } from './context.js';
import { refuseWriteToView } from './views.js';
import { encodeChecked, validatorFor, withId, WriteErrors } from './write-support.js';

function insert(command: Document, context: CommandContext): Document {
  const name = collectionName(command, 'insert');
  const documents = requiredArray(command, 'documents', 'insert');
  const raw = context.request.rawSequences.get('documents');
  const ordered = optionalBoolean(command, 'ordered', 'insert') ?? true;
  const bypass = optionalBoolean(command, 'bypassDocumentValidation', 'insert') ?? false;
  const storage = context.engine.storage;
  const errors = new WriteErrors();
  let inserted = 0;

  storage.write(() => {
    refuseWriteToView(storage, context.db, name);
    const collection = storage.getCollection(context.db, name, true);
    if (!collection)
      throw new MongoServerError(ErrorCode.InternalError, 'collection could not be created');
    const validator = validatorFor(storage, context.db, name, bypass);
    for (let index = 0; index < documents.length; index++) {
      try {
        const given = documents[index];
        if (!isDocument(given))
          throw new MongoServerError(
            ErrorCode.TypeMismatch,
            'document to insert must be an object',
          );
        const { doc, generated } = withId(given);
        validateForInsert(doc);
        validator?.check(doc);
        const sent = raw?.[index];
        const bytes = !generated && sent ? sent : encodeChecked(doc);
        collection.insert(doc, bytes);
        inserted++;
      } catch (error) {
        if (errors.record(index, error, ordered)) break;
      }
    }
  });
  return errors.addTo({ n: inserted, ok: 1 });
}

export const insertCommands: CommandTable = { insert };
