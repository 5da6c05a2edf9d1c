// Legacy OP_QUERY (opcode 2004). Drivers still open with it for the first hello/isMaster when
// they do not yet know the server speaks OP_MSG, so commands on "<db>.$cmd" are accepted.
// Layout after the header: int32 flags, cstring fullCollectionName, int32 numberToSkip,
// int32 numberToReturn, query document, optional returnFieldsSelector document.
import type { Document } from 'bson';
import { MongoServerError } from '../errors.js';
import { decodeDocument, protocolError, readCString, sliceDocument } from './bson-slice.js';
import { HEADER_SIZE } from './header.js';
import type { CommandRequest } from './types.js';

export interface OpQuery {
  flags: number;
  fullCollectionName: string;
  numberToSkip: number;
  numberToReturn: number;
  query: Document;
  returnFieldsSelector?: Document;
}

/** MongoDB 5.1+ answers a non-command OP_QUERY with this assertion code. */
export const UNSUPPORTED_OP_QUERY_CODE = 5739101;

const COMMAND_NAMESPACE_SUFFIX = '.$cmd';

/** Parses a whole OP_QUERY (header included). Throws MongoServerError on any flaw. */
export function parseOpQuery(message: Buffer): OpQuery {
  const end = message.length;
  if (end < HEADER_SIZE + 4) throw protocolError('OP_QUERY is too short');
  const flags = message.readInt32LE(HEADER_SIZE);
  const { value: fullCollectionName, next } = readCString(message, HEADER_SIZE + 4, end);
  if (end - next < 8) throw protocolError('OP_QUERY is truncated');
  const numberToSkip = message.readInt32LE(next);
  const numberToReturn = message.readInt32LE(next + 4);
  const queryBytes = sliceDocument(message, next + 8, end);
  const query = decodeDocument(queryBytes);
  const selectorStart = next + 8 + queryBytes.length;
  const parsed: OpQuery = { flags, fullCollectionName, numberToSkip, numberToReturn, query };
  if (selectorStart < end) {
    const selectorBytes = sliceDocument(message, selectorStart, end);
    parsed.returnFieldsSelector = decodeDocument(selectorBytes);
    if (selectorStart + selectorBytes.length !== end) {
      throw protocolError('unexpected bytes after OP_QUERY documents');
    }
  }
  return parsed;
}

/** The command an OP_QUERY on "<db>.$cmd" carries; anything else is refused as MongoDB does. */
export function commandFromOpQuery(query: OpQuery): CommandRequest {
  const ns = query.fullCollectionName;
  const db = ns.slice(0, -COMMAND_NAMESPACE_SUFFIX.length);
  if (!ns.endsWith(COMMAND_NAMESPACE_SUFFIX) || db.length === 0 || db.includes('.')) {
    throw new MongoServerError(
      UNSUPPORTED_OP_QUERY_CODE,
      'OP_QUERY is no longer supported. The client driver may require an upgrade. ' +
        'For more details see https://dochub.mongodb.org/core/legacy-opcode-removal',
    );
  }
  return {
    db,
    command: unwrapQuery(query.query),
    rawSequences: new Map(),
    moreToCome: false,
    legacy: true,
  };
}

/** {$query: cmd, $readPreference: rp} → cmd with $readPreference, like MongoDB's upconversion. */
function unwrapQuery(query: Document): Document {
  if (!Object.hasOwn(query, '$query')) return query;
  const inner: unknown = query.$query;
  if (!isPlainDocument(inner)) throw protocolError('$query must be a document');
  if (query.$readPreference !== undefined && !Object.hasOwn(inner, '$readPreference')) {
    return { ...inner, $readPreference: query.$readPreference };
  }
  return inner;
}

function isPlainDocument(value: unknown): value is Document {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !('_bsontype' in value)
  );
}
