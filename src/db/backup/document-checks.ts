// The checks every archived document passes, in `backup verify` and in the verifying read of
// `backup restore` alike, so that "intact" means "restorable": what a restore's inserts would
// refuse is refused here first, with the archive's reason, before the database is touched
// (the restore's second read, which loads, finds the same bytes by their sha256: reader.ts).
// The rules are MongoDB's as the embedded engine applies them (one implementation, the
// engine's own): BSON structure and types, valid UTF-8, at most 100 levels of nesting, 16 MiB,
// an _id that may be stored and is unique in its collection, and keys for every index career
// declares (a restore builds them all before the load): keys that can be built (no parallel
// arrays), unique where the index is.
import { BSON, type Document } from 'mongodb';
import { outlineDocument } from '../../engine/bson-outline.js';
import { validateForInsert } from '../../engine/query/insert-validation.js';
import {
  allFieldsMissing,
  documentKeys,
  keyFieldsOf,
  mayHaveParallelArrays,
  type KeyField,
} from '../../engine/storage/index-entries.js';
import { encodeValue } from '../../engine/storage/index-keys.js';
import {
  partialFilterPredicate,
  type DocumentPredicate,
} from '../../engine/storage/partial-filter.js';
import { declaredIndexName, type DeclaredIndex } from './index-plan.js';
import { MAX_DOCUMENT_BYTES } from './limits.js';

/** Keeps Int32, Double, Long and regular expressions as they were, for a byte-exact copy. */
const EXACT = { promoteValues: false, promoteBuffers: false, bsonRegExp: true } as const;

/** A document a restore could not store: the reason names the collection, never the data. */
export class DocumentProblem extends Error {}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A declared index whose keys are worth computing: unique ones, and compound ones. */
interface TrackedIndex {
  name: string;
  fields: KeyField[];
  unique: boolean;
  sparse: boolean;
  partial: DocumentPredicate | undefined;
  /** Unique indexes: every key seen so far (latin1 strings of the engine's key bytes). */
  seen: Set<string>;
}

function trackedIndex(index: DeclaredIndex): TrackedIndex | undefined {
  const unique = index.options.unique === true;
  const fields = keyFieldsOf(index.key);
  if (!unique && fields.length < 2) return undefined;
  const filter: unknown = index.options.partialFilterExpression;
  return {
    name: declaredIndexName(index),
    fields,
    unique,
    sparse: index.options.sparse === true,
    partial:
      typeof filter === 'object' && filter !== null ? partialFilterPredicate(filter) : undefined,
    seen: new Set(),
  };
}

/** The checks of one collection's documents, in archive order. */
export class CollectionChecker {
  private readonly ids = new Set<string>();
  private readonly tracked: TrackedIndex[];

  constructor(
    private readonly collection: string,
    declared: readonly DeclaredIndex[] = [],
  ) {
    this.tracked = declared.flatMap((index) => trackedIndex(index) ?? []);
  }

  /** Checks one document and returns it decoded; throws DocumentProblem if it cannot be stored. */
  check(bytes: Buffer): Document {
    const where = `a document of ${this.collection}`;
    if (bytes.length > MAX_DOCUMENT_BYTES) throw new DocumentProblem(`${where} is over 16 MiB`);
    let outline: ReturnType<typeof outlineDocument>;
    let document: Document;
    try {
      outline = outlineDocument(bytes);
      document = BSON.deserialize(bytes, EXACT);
    } catch (error) {
      throw new DocumentProblem(`${where} is not valid BSON (${messageOf(error)})`);
    }
    if (!outline.hasId) throw new DocumentProblem(`${where} has no _id`);
    try {
      validateForInsert(document);
    } catch (error) {
      throw new DocumentProblem(`${where} cannot be stored: ${messageOf(error)}`);
    }
    const id = encodeValue(outline.id).toString('latin1');
    if (this.ids.has(id))
      throw new DocumentProblem(`two documents of ${this.collection} share an _id`);
    this.ids.add(id);
    for (const index of this.tracked) this.checkKeys(index, document);
    return document;
  }

  /**
   * Decodes a document an earlier read of the same archive checked (a restore's second read):
   * that its bytes are those is for the collection's sha256 to tell, once its last part is read.
   */
  decode(bytes: Buffer): Document {
    try {
      return BSON.deserialize(bytes, EXACT);
    } catch (error) {
      throw new DocumentProblem(
        `a document of ${this.collection} is not valid BSON (${messageOf(error)})`,
      );
    }
  }

  private checkKeys(index: TrackedIndex, document: Document): void {
    if (index.partial && !index.partial(document)) return;
    if (index.sparse && allFieldsMissing(document, index.fields)) return;
    // A key that is not unique matters only if it cannot be built at all.
    if (!index.unique && !mayHaveParallelArrays(document, index.fields)) return;
    let keys: ReturnType<typeof documentKeys>['keys'];
    try {
      keys = documentKeys(document, index.fields).keys;
    } catch (error) {
      throw new DocumentProblem(
        `${this.collection}: a document cannot be indexed by ${index.name} (${messageOf(error)})`,
      );
    }
    if (!index.unique) return;
    for (const key of keys) {
      const text = key.bytes.toString('latin1');
      if (index.seen.has(text)) {
        throw new DocumentProblem(
          `${this.collection}: two documents share a key of the unique index ${index.name}`,
        );
      }
      index.seen.add(text);
    }
  }
}
