// validate: reads every stored document back (each must decode as BSON within the size and
// nesting limits) and reports, per index, how many documents it covers, in mongod's shape.
import type { Document } from 'bson';
import { decodeTyped } from '../codec.js';
import { ErrorCode, MongoServerError } from '../errors.js';
import { compileFilter } from '../query/index.js';
import type { IndexSpec } from '../storage/backend.js';
import { isDocument } from './arguments.js';
import { defineCommand } from './command-definition.js';
import type { CommandContext, CommandList } from './context.js';
import { IGNORED, optional, required, type ArgumentsOf } from './parameters.js';

/** Whether a document has an entry in the index (sparse and partial indexes skip some). */
function coveredBy(spec: IndexSpec): (doc: Document) => boolean {
  const partial = isDocument(spec.partialFilterExpression)
    ? compileFilter(spec.partialFilterExpression)
    : undefined;
  const fields = Object.keys(spec.key).map((path) => path.split('.'));
  const has = (doc: Document, path: string[]): boolean => {
    let node: unknown = doc;
    for (const part of path) {
      if (!isDocument(node) || !(part in node)) return false;
      node = node[part];
    }
    return true;
  };
  return (doc) =>
    (!partial || partial(doc)) && (spec.sparse !== true || fields.some((path) => has(doc, path)));
}

/** Every check is the full one here, so the options that pick a lighter or fixing one change nothing. */
const VALIDATE_FIELDS = {
  validate: required('collection'),
  full: optional('bool'),
  repair: optional('bool'),
  background: optional('bool'),
  metadata: optional('bool'),
  checkBSONConformance: optional('bool'),
  fixMultikey: IGNORED,
  enforceFastCount: IGNORED,
  scandata: IGNORED,
} as const;

function validate(args: ArgumentsOf<typeof VALIDATE_FIELDS>, context: CommandContext): Document {
  const name = args.validate;
  const ns = `${context.db}.${name}`;
  const collection = context.engine.storage.getCollection(context.db, name);
  if (!collection) {
    throw new MongoServerError(
      ErrorCode.NamespaceNotFound,
      `Collection '${ns}' does not exist to validate.`,
    );
  }
  const indexes = collection.listIndexes();
  const covers = indexes.map(coveredBy);
  const keysPerIndex: Record<string, number> = Object.fromEntries(indexes.map((i) => [i.name, 0]));
  const errors: string[] = [];
  let records = 0;
  let corrupt = 0;
  for (const stored of collection.candidates({})) {
    records++;
    let doc: Document;
    try {
      doc = decodeTyped(stored.bytes);
    } catch {
      corrupt++;
      continue;
    }
    indexes.forEach((spec, i) => {
      if (covers[i]?.(doc)) keysPerIndex[spec.name] = (keysPerIndex[spec.name] ?? 0) + 1;
    });
  }
  if (corrupt > 0) errors.push(`${corrupt} stored documents do not decode as BSON`);
  return {
    ns,
    nInvalidDocuments: corrupt,
    nNonCompliantDocuments: 0,
    nrecords: records,
    nIndexes: indexes.length,
    keysPerIndex,
    indexDetails: Object.fromEntries(indexes.map((spec) => [spec.name, { valid: true }])),
    valid: errors.length === 0,
    repaired: false,
    warnings: [],
    errors,
    extraIndexEntries: [],
    missingIndexEntries: [],
    corruptRecords: [],
    ok: 1,
  };
}

export const validateCommands: CommandList = [
  defineCommand('validate', {
    help: 'check every stored document and count each index entry',
    fields: VALIDATE_FIELDS,
    run: validate,
  }),
];
