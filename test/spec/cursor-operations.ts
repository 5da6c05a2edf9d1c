// Cursor and change stream entities: iterateUntilDocumentOrError, iterateOnce, close.
import { ChangeStream } from 'mongodb';
import type { CursorEntity, EntityMap } from './entities.js';
import { type OperationResult, value } from './operation-result.js';
import { type Document, RunnerError } from './values.js';

/**
 * A change stream sends its aggregate only when first read. One tryNext() creates the server-side
 * cursor; a change it returns is kept for the first iteration, as the spec asks.
 */
export async function openChangeStream(stream: ChangeStream<Document>): Promise<CursorEntity> {
  const first = await stream.tryNext();
  return { cursor: stream, buffered: first === null ? [] : [first as unknown as Document] };
}

export async function cursorOperation(
  cursorId: string,
  name: string,
  entities: EntityMap,
): Promise<OperationResult> {
  const entry = entities.cursor(cursorId);
  switch (name) {
    case 'iterateUntilDocumentOrError': {
      const buffered = entry.buffered.shift();
      if (buffered !== undefined) return value(buffered);
      // next() waits for a document (a change stream keeps polling) or raises an error.
      const document = await entry.cursor.next();
      if (document === null) throw new RunnerError('cursor is exhausted');
      return value(document);
    }
    case 'iterateOnce': {
      const buffered = entry.buffered.shift();
      if (buffered !== undefined) return value(buffered);
      return value((await entry.cursor.tryNext()) ?? undefined);
    }
    case 'close':
      // The spec: errors from killCursors are never reported.
      await entry.cursor.close().catch(() => undefined);
      return value(undefined);
    default:
      throw new RunnerError(`unsupported cursor operation ${name}`);
  }
}
