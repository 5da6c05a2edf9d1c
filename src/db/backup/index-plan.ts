// Which indexes a restore creates: only those career's own schemas declare, and all of them.
// An archive's index definitions are data from a file, and an index is not harmless data: a
// TTL index deletes documents, a unique one refuses writes. So a restore never creates an
// index because an archive lists it. It creates every index career declares for a collection
// on its staging collection, before the load, whatever the archive lists: a document that
// breaks one (two users with one email, say) is refused by the checks of every read
// (document-checks.ts), so `verify` refuses that archive too, and a restore never switches in
// data its indexes cannot hold. The archive's other indexes are ignored, with a warning.
import { BSON, type Document } from 'mongodb';
import { isTextKey, textIndexSpec } from '../../engine/commands/text-index-spec.js';
import { defaultIndexName } from '../../engine/storage/index-specs.js';
import { indexesFromJson, type Manifest } from './manifest.js';

/** An index as a schema declares it (Mongoose's schema.indexes(): fields, then options). */
export interface DeclaredIndex {
  key: Document;
  options: Document;
}

/** What a restore may create: the app's collections and their indexes, and what it never backs up. */
export interface ArchiveRules {
  /** Collection name -> the indexes its schema declares (every collection the app uses). */
  declared: Readonly<Record<string, readonly DeclaredIndex[]>>;
  /** Collections backups leave out on purpose (sessions): an archive holding one is refused. */
  excluded: readonly string[];
}

export interface IndexPlan {
  /** Per collection of the archive, the indexes built on its staging collection before the load. */
  create: Record<string, readonly DeclaredIndex[]>;
  /** One line per archive index that is not created, saying why. */
  ignored: string[];
}

/** Spec fields that do not change what an index does (as mongod compares them). */
const NOT_OPTIONS = new Set(['v', 'ns', 'name', 'key', 'background', '_autoIndex', 'writeConcern']);

/** Int32, Double and Long as plain numbers, so 1, Int32(1) and 1.0 compare equal. */
function plainNumbers(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plainNumbers);
  if (typeof value !== 'object' || value === null || value instanceof Date) return value;
  const typed = value as { _bsontype?: string; valueOf(): unknown; toString(): string };
  if (typed._bsontype === 'Int32' || typed._bsontype === 'Double') return Number(typed.valueOf());
  if (typed._bsontype === 'Long') return Number(typed.toString());
  if (typed._bsontype !== undefined) return value;
  return Object.fromEntries(
    Object.entries(value as Document).map(([name, field]) => [name, plainNumbers(field)]),
  );
}

/** The options that make an index what it is, sorted, defaults left out. */
function indexOptions(spec: Document): Document {
  const options: Document = {};
  for (const name of Object.keys(spec).sort()) {
    const value: unknown = spec[name];
    if (NOT_OPTIONS.has(name) || value === undefined) continue;
    if ((name === 'unique' || name === 'sparse') && value !== true) continue;
    options[name] = value;
  }
  return options;
}

/** Equal for two indexes that do the same thing, whatever their names or number types. */
export function indexSignature(key: Document, options: Document): string {
  return BSON.EJSON.stringify(
    { key: plainNumbers(key), options: plainNumbers(indexOptions(options)) },
    { relaxed: true },
  );
}

export function declaredSignature(index: DeclaredIndex): string {
  if (!isTextKey(index.key)) return indexSignature(index.key, index.options);
  // A text index is listed in its stored form ({_fts: "text", _ftsx: 1}, weights, languages).
  const stored = textIndexSpec({
    ...index.options,
    key: index.key,
    name: declaredIndexName(index),
  });
  return indexSignature(stored.key, stored);
}

export function declaredIndexName(index: DeclaredIndex): string {
  const name: unknown = index.options.name;
  return typeof name === 'string' ? name : defaultIndexName(index.key);
}

/** `createdAt_1 {"createdAt":1} (TTL: expireAfterSeconds 0)`, for a warning. */
function describeIndex(spec: Document): string {
  const key = BSON.EJSON.stringify(plainNumbers(spec.key), { relaxed: true });
  const name = typeof spec.name === 'string' ? spec.name : defaultIndexName(spec.key as Document);
  const traits: string[] = [];
  if (spec.expireAfterSeconds !== undefined)
    traits.push(`TTL: expireAfterSeconds ${String(plainNumbers(spec.expireAfterSeconds))}`);
  if (spec.unique === true) traits.push('unique');
  if (spec.sparse === true) traits.push('sparse');
  if (spec.partialFilterExpression !== undefined) traits.push('partial');
  return `${JSON.stringify(name)} ${key}${traits.length > 0 ? ` (${traits.join(', ')})` : ''}`;
}

/** Per collection: the declared indexes (all built before the load), and the archive's others. */
export function planIndexes(manifest: Manifest, rules: ArchiveRules): IndexPlan {
  const create: Record<string, readonly DeclaredIndex[]> = {};
  const ignored: string[] = [];
  for (const [name, collection] of Object.entries(manifest.collections)) {
    const declared = Object.hasOwn(rules.declared, name) ? rules.declared[name] : undefined;
    const signatures = new Set((declared ?? []).map(declaredSignature));
    for (const spec of indexesFromJson(collection.indexes)) {
      if (signatures.has(indexSignature(spec.key as Document, spec))) continue;
      ignored.push(
        declared === undefined
          ? `${name} is not a collection career uses: a restore brings back its documents, not its index ${describeIndex(spec)}`
          : `${name}: the index ${describeIndex(spec)} is not one career declares; a restore does not create it`,
      );
    }
    create[name] = declared ?? [];
  }
  return { create, ignored };
}
