// The insert command: documents are stored exactly as the client sent them whenever possible.
// Documents that arrive as an OP_MSG sequence with an _id are stored from their bytes without
// being decoded, unless an index or a validator needs their fields.
import type { Document } from 'bson';
import { outlineDocument, type DocumentOutline } from '../bson-outline.js';
import { decodeTyped, MAX_BSON_OBJECT_SIZE } from '../codec.js';
import { ErrorCode, MongoServerError } from '../errors.js';
import { validateForInsert } from '../query/index.js';
import type { EncodedDocument } from '../storage/backend.js';
import { isDocument } from './arguments.js';
import { defineCommand } from './command-definition.js';
import type { CommandContext, CommandList } from './context.js';
import { IGNORED, NOT_IMPLEMENTED, optional, required, type ArgumentsOf } from './parameters.js';
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

/** A document given decoded (and encoded here). Classes, not object literals with arrow
 * functions: the bundle's --keep-names would name a fresh function for every document. */
class DecodedDocument implements EncodedDocument {
  readonly id: unknown;
  readonly bytes: Buffer;

  constructor(private readonly doc: Document) {
    this.id = doc._id;
    this.bytes = encodeChecked(doc);
  }

  decode(): Document {
    return this.doc;
  }
}

/** A document as the client sent it, decoded only if an index needs its fields. */
class SentDocument implements EncodedDocument {
  private decoded: Document | undefined;

  constructor(
    readonly id: unknown,
    readonly bytes: Buffer,
  ) {}

  decode(): Document {
    return (this.decoded ??= decodeTyped(this.bytes));
  }
}

/** A decoded document to insert, its _id generated when missing: checked and encoded. */
function encodedDocument(
  given: unknown,
  validator: DocumentValidator | undefined,
): EncodedDocument {
  if (!isDocument(given)) {
    throw new MongoServerError(ErrorCode.TypeMismatch, 'document to insert must be an object');
  }
  const { doc } = withId(given);
  validateForInsert(doc);
  validator?.check(doc);
  return new DecodedDocument(doc);
}

/** A document from the bytes the client sent, checked, decoded only if something needs it. */
function encodedBytes(
  bytes: Buffer,
  outline: DocumentOutline,
  validator: DocumentValidator | undefined,
): EncodedDocument {
  // MongoDB stores _id as the first field: a document with it elsewhere is re-encoded.
  if (!outline.hasId || !outline.idFirst || validator) {
    return encodedDocument(decodeTyped(bytes), validator);
  }
  if (bytes.length > MAX_BSON_OBJECT_SIZE) throw tooLarge(bytes.length);
  validateForInsert({ _id: outline.id });
  return new SentDocument(outline.id, bytes);
}

const INSERT_FIELDS = {
  insert: required('collection'),
  documents: required('array'),
  ordered: optional('bool'),
  bypassDocumentValidation: optional('bool'),
  // Retryable-write bookkeeping and encryption metadata a driver may add.
  stmtIds: IGNORED,
  isTimeseriesNamespace: IGNORED,
  encryptionInformation: NOT_IMPLEMENTED,
} as const;

function insert(args: ArgumentsOf<typeof INSERT_FIELDS>, context: CommandContext): Document {
  const name = args.insert;
  const raw = context.request.rawSequences.get('documents');
  // A sequence is checked structurally up front: a malformed document fails the whole
  // command, as a parse error does in MongoDB.
  const outlines = raw?.map(outlineDocument);
  // A sequence is never decoded here: its documents are stored from their bytes.
  const documents = raw ? undefined : args.documents;
  const count = raw?.length ?? documents?.length ?? 0;
  const ordered = args.ordered ?? true;
  const bypass = args.bypassDocumentValidation ?? false;
  const storage = context.engine.storage;
  const errors = new WriteErrors();
  let inserted = 0;

  storage.write(() => {
    refuseWriteToView(storage, context.db, name);
    const collection = storage.getCollection(context.db, name, true);
    if (!collection) {
      throw new MongoServerError(ErrorCode.InternalError, 'collection could not be created');
    }
    const validator = validatorFor(storage, context.db, name, bypass, context.engine.log);
    inserted = collection.insertBatch(
      count,
      (index) => {
        const bytes = raw?.[index];
        const outline = outlines?.[index];
        return bytes && outline
          ? encodedBytes(bytes, outline, validator)
          : encodedDocument(documents?.[index], validator);
      },
      (index, error) => errors.record(index, error, ordered),
    );
    if (inserted > 0) trimCapped(storage, context.db, collection);
  });
  return errors.addTo({ n: inserted, ok: 1 });
}

export const insertCommands: CommandList = [
  defineCommand('insert', { help: 'insert documents', fields: INSERT_FIELDS, run: insert }),
];
