// What an entity operation hands back to the runner: a result to match or save.
import type { CursorEntity } from './entities.js';
import type { Document } from './values.js';

export interface OperationResult {
  result: unknown;
  /** find/aggregate/list* results: each document in an expected array is matched as a root. */
  resultIsDocumentList: boolean;
  /** createFindCursor, createCommandCursor, createChangeStream: saved as a cursor entity. */
  cursor?: CursorEntity;
}

export function value(result: unknown): OperationResult {
  return { result, resultIsDocumentList: false };
}

export function documentList(result: Document[]): OperationResult {
  return { result, resultIsDocumentList: true };
}

export function cursorResult(cursor: CursorEntity): OperationResult {
  return { result: undefined, resultIsDocumentList: false, cursor };
}

/** What operations that need to run nested operations (withTransaction, loop) are given. */
export interface NestedRunner {
  (operations: unknown[]): Promise<void>;
}
