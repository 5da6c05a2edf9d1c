// MongoDB 8.0's bulkWrite admin command (what drivers send for client.bulkWrite): one list of
// insert/update/delete operations over several namespaces. Each operation runs as the one-statement
// insert, update or delete command it stands for, so validation, upserts, hints and write errors
// are exactly theirs; the replies are folded into bulkWrite's cursor of per-operation results.
import { Long, type Document } from 'bson';
import { ErrorCode, MongoServerError, toServerError } from '../errors.js';
import { isDocument } from './arguments.js';
import { defineCommand } from './command-definition.js';
import type { CommandContext, CommandImplementation, CommandList } from './context.js';
import { deleteCommands } from './delete.js';
import { insertCommands } from './insert.js';
import { optional, required, type ArgumentsOf } from './parameters.js';
import { updateCommands } from './update.js';

const BULK_WRITE_FIELDS = {
  ops: required('array'),
  nsInfo: required('array'),
  ordered: optional('bool'),
  errorsOnly: optional('bool'),
  bypassDocumentValidation: optional('bool'),
  let: optional('object'),
} as const;

interface Namespace {
  db: string;
  collection: string;
}

interface Totals {
  nErrors: number;
  nInserted: number;
  nUpserted: number;
  nMatched: number;
  nModified: number;
  nDeleted: number;
}

const OPERATION_KINDS = ['insert', 'update', 'delete'] as const;
type OperationKind = (typeof OPERATION_KINDS)[number];

function namespacesOf(nsInfo: unknown[]): Namespace[] {
  return nsInfo.map((entry) => {
    const ns = isDocument(entry) ? entry.ns : undefined;
    const dot = typeof ns === 'string' ? ns.indexOf('.') : -1;
    if (typeof ns !== 'string' || dot <= 0 || dot === ns.length - 1) {
      throw new MongoServerError(ErrorCode.InvalidNamespace, `Invalid namespace: ${String(ns)}`);
    }
    return { db: ns.slice(0, dot), collection: ns.slice(dot + 1) };
  });
}

function kindOf(operation: Document): OperationKind {
  const kind = OPERATION_KINDS.find((name) => Object.hasOwn(operation, name));
  if (!kind) {
    throw new MongoServerError(
      ErrorCode.FailedToParse,
      'bulkWrite operation must be an insert, update or delete',
    );
  }
  return kind;
}

/** The one-statement write command an operation stands for. */
function singleCommand(kind: OperationKind, operation: Document, ns: Namespace, shared: Document) {
  const { [kind]: _index, ...fields } = operation;
  if (kind === 'insert') {
    return { insert: ns.collection, documents: [fields.document], ...shared };
  }
  if (kind === 'delete') {
    const { filter, multi, ...rest } = fields;
    const statement = { q: filter, limit: multi === true ? 0 : 1, ...rest };
    return { delete: ns.collection, deletes: [statement], ...shared };
  }
  const { filter, updateMods, ...rest } = fields;
  return { update: ns.collection, updates: [{ q: filter, u: updateMods, ...rest }], ...shared };
}

function failure(idx: number, error: unknown): Document {
  const { index: _index, ...details } = toServerError(error).toWriteError(idx);
  return { ok: 0, idx, ...details };
}

/** Folds a one-statement command's reply into bulkWrite's per-operation result. */
function resultOf(kind: OperationKind, idx: number, reply: Document, totals: Totals): Document {
  const writeError = Array.isArray(reply.writeErrors) ? reply.writeErrors[0] : undefined;
  if (reply.ok !== 1 && reply.ok !== true) return failure(idx, replyError(reply));
  if (writeError) return failure(idx, writeErrorOf(writeError as Document));
  const n = Number(reply.n ?? 0);
  if (kind === 'insert') {
    totals.nInserted += n;
    return { ok: 1, idx, n };
  }
  if (kind === 'delete') {
    totals.nDeleted += n;
    return { ok: 1, idx, n };
  }
  const upserted = Array.isArray(reply.upserted) ? (reply.upserted[0] as Document) : undefined;
  const nModified = Number(reply.nModified ?? 0);
  totals.nMatched += upserted ? 0 : n;
  totals.nModified += nModified;
  totals.nUpserted += upserted ? 1 : 0;
  return { ok: 1, idx, n, nModified, ...(upserted ? { upserted: { _id: upserted._id } } : {}) };
}

function replyError(reply: Document): MongoServerError {
  const { ok: _ok, code, errmsg, codeName: _codeName, ...extra } = reply;
  return new MongoServerError(Number(code ?? ErrorCode.InternalError), String(errmsg), extra);
}

function writeErrorOf(entry: Document): MongoServerError {
  const { index: _index, code, errmsg, codeName: _codeName, ...extra } = entry;
  return new MongoServerError(Number(code), String(errmsg), extra);
}

const handlers: Record<string, CommandImplementation> = Object.fromEntries(
  [...insertCommands, ...updateCommands, ...deleteCommands].map((definition) => [
    definition.name,
    definition.implementation,
  ]),
);

async function bulkWrite(
  args: ArgumentsOf<typeof BULK_WRITE_FIELDS>,
  context: CommandContext,
): Promise<Document> {
  if (context.db !== 'admin') {
    throw new MongoServerError(
      ErrorCode.Unauthorized,
      'bulkWrite may only be run against the admin database.',
    );
  }
  const operations = args.ops;
  const namespaces = namespacesOf(args.nsInfo);
  const ordered = args.ordered ?? true;
  const errorsOnly = args.errorsOnly ?? false;
  const variables = args.let;
  const bypass = args.bypassDocumentValidation;
  const shared: Document = { ordered: true };
  if (variables) shared.let = variables;
  if (bypass !== undefined) shared.bypassDocumentValidation = bypass;

  const totals: Totals = {
    nErrors: 0,
    nInserted: 0,
    nUpserted: 0,
    nMatched: 0,
    nModified: 0,
    nDeleted: 0,
  };
  const batch: Document[] = [];
  for (const [idx, operation] of operations.entries()) {
    const result = await runOperation(operation, idx, namespaces, shared, context, totals);
    if (result.ok !== 1) totals.nErrors++;
    if (!errorsOnly || result.ok !== 1) batch.push(result);
    if (ordered && result.ok !== 1) break;
  }
  const cursor = { id: Long.fromNumber(0), firstBatch: batch, ns: 'admin.$cmd.bulkWrite' };
  return { cursor, ...totals, ok: 1 };
}

async function runOperation(
  operation: unknown,
  idx: number,
  namespaces: Namespace[],
  shared: Document,
  context: CommandContext,
  totals: Totals,
): Promise<Document> {
  try {
    if (!isDocument(operation)) {
      throw new MongoServerError(ErrorCode.TypeMismatch, 'bulkWrite operation must be an object');
    }
    const kind = kindOf(operation);
    const ns = namespaces[Number(operation[kind])];
    if (!ns) {
      throw new MongoServerError(
        ErrorCode.BadValue,
        `BulkWrite ops entry ${idx} has an invalid nsInfo index`,
      );
    }
    const single = singleCommand(kind, operation, ns, shared);
    const request = { ...context.request, db: ns.db, rawSequences: new Map<string, Buffer[]>() };
    const handler = handlers[kind];
    if (!handler) throw new MongoServerError(ErrorCode.InternalError, `no ${kind} handler`);
    const reply = await handler(single, { ...context, db: ns.db, request });
    return resultOf(kind, idx, reply, totals);
  } catch (error) {
    return failure(idx, error);
  }
}

export const bulkWriteCommands: CommandList = [
  defineCommand('bulkWrite', {
    help: 'insert, update and delete across several collections in one command',
    adminOnly: true,
    fields: BULK_WRITE_FIELDS,
    run: bulkWrite,
  }),
];
