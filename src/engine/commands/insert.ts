// The insert command: documents are stored exactly as the client sent them whenever possible.
// Documents that arrive as an OP_MSG sequence with an _id are stored from their bytes without
// being decoded, unless an index or a validator needs their fields.
import type { Document } from 'bson';
import { outlineDocument, type DocumentOutline } from '../bson-outline.js';
import { decodeTyped, MAX_BSON_OBJECT_SIZE } from '../codec.js';
import { ErrorCode, MongoServerError } from '../errors.js';
import { validateForInsert } from '../query/index.js';
import type { CollectionStore } from '../storage/backend.js';
import { collectionName, isDocument, optionalBoolean, requiredArray } from './arguments.js';
import type { CommandContext, CommandTable } from './context.js';
import { refuseWriteToView } from './views.js';
import { trimCapped } from './capped.js';
import {
  encodeChecked,
  validatorFor,
  withId,
  WriteErrors,
  type DocumentValidator,
} from './write-support.js';

function tooLarge(size: number): MongoServerError {
  return new MongoServerError(
    ErrorCode.BSONObjectTooLarge,
    `object to insert too large. size in bytes: ${size}, max size: ${MAX_BSON_OBJECT_SIZE}`,
  );
}

/** Inserts a decoded document, generating its _id when missing. */
function insertDocument(
  collection: CollectionStore,
  given: unknown,
  validator: DocumentValidator | undefined,
): void {
  if (!isDocument(given)) {
    throw new MongoServerError(ErrorCode.TypeMismatch, 'document to insert must be an object');
  }
  const { doc } = withId(given);
  validateForInsert(doc);
  validator?.check(doc);
  collection.insert(doc, encodeChecked(doc));
}

/** Inserts a document from the bytes the client sent, decoding only what is needed. */
function insertBytes(
  collection: CollectionStore,
  bytes: Buffer,
  outline: DocumentOutline,
  validator: DocumentValidator | undefined,
): void {
  // MongoDB stores _id as the first field: a document with it elsewhere is re-encoded.
  if (!outline.hasId || !outline.idFirst || validator) {
    insertDocument(collection, decodeTyped(bytes), validator);
    return;
  }
  if (bytes.length > MAX_BSON_OBJECT_SIZE) throw tooLarge(bytes.length);
  validateForInsert({ _id: outline.id });
  let decoded: Document | undefined;
  collection.insertEncoded(outline.id, bytes, () => (decoded ??= decodeTyped(bytes)));
}

function insert(command: Document, context: CommandContext): Document {
  const name = collectionName(command, 'insert');
  const raw = context.request.rawSequences.get('documents');
  // A sequence is checked structurally up front: a malformed document fails the whole
  // command, as a parse error does in MongoDB.
  const outlines = raw?.map(outlineDocument);
  const documents = raw ? undefined : requiredArray(command, 'documents', 'insert');
  const count = raw?.length ?? documents?.length ?? 0;
  const ordered = optionalBoolean(command, 'ordered', 'insert') ?? true;
  const bypass = optionalBoolean(command, 'bypassDocumentValidation', 'insert') ?? false;
  const storage = context.engine.storage;
  const errors = new WriteErrors();
  let inserted = 0;

  storage.write(() => {
    refuseWriteToView(storage, context.db, name);
    const collection = storage.getCollection(context.db, name, true);
    if (!collection) {
      throw new MongoServerError(ErrorCode.InternalError, 'collection could not be created');
    }
    const validator = validatorFor(storage, context.db, name, bypass);
    for (let index = 0; index < count; index++) {
      try {
        const bytes = raw?.[index];
        const outline = outlines?.[index];
        if (bytes && outline) insertBytes(collection, bytes, outline, validator);
        else insertDocument(collection, documents?.[index], validator);
        inserted++;
      } catch (error) {
        if (errors.record(index, error, ordered)) break;
      }
    }
    if (inserted > 0) trimCapped(storage, context.db, collection);
  });
  return errors.addTo({ n: inserted, ok: 1 });
}

export const insertCommands: CommandTable = { insert };
