// Runs a filter against a collection: storage proposes candidates (through an index when it
// can), the matcher decides, then sort/skip/limit. Shared by find, update, delete, count,
// distinct, findAndModify and aggregate's leading $match.
import type { Document } from 'bson';
import { decodeTyped } from '../codec.js';
import { collationSpecOf, collatorOf, compileFilter, compileSort } from '../query/index.js';
import type { CollectionStore, StoredDocument } from '../storage/backend.js';

export interface SelectOptions {
  sort?: Document;
  skip?: number;
  /** 0 or undefined: no limit. */
  limit?: number;
  collation?: Document;
  variables?: Document;
}

export interface SelectedDocument {
  stored: StoredDocument;
  doc: Document;
}

export function* selectDocuments(
  collection: CollectionStore | undefined,
  filter: Document,
  options: SelectOptions = {},
): Generator<SelectedDocument> {
  if (!collection) return;
  const matches = compileFilter(filter, {
    variables: options.variables,
    collation: options.collation,
  });
  const skip = Math.max(0, options.skip ?? 0);
  const limit = options.limit && options.limit > 0 ? options.limit : Infinity;
  const hasSort = options.sort !== undefined && Object.keys(options.sort).length > 0;
  // Index keys order strings by their bytes; under a non-simple collation ('McKinsey' equals
  // 'mckinsey') a range of keys would miss matches, so every document is a candidate.
  const collated = collatorOf(collationSpecOf(options.collation)) !== undefined;
  const narrowing = collated ? {} : filter;

  if (hasSort) {
    const compare = compileSort(options.sort as Document);
    const all: SelectedDocument[] = [];
    for (const stored of collection.candidates(narrowing)) {
      const doc = decodeTyped(stored.bytes);
      if (matches(doc)) all.push({ stored, doc });
    }
    all.sort((a, b) => compare(a.doc, b.doc));
    const end = limit === Infinity ? all.length : skip + limit;
    yield* all.slice(skip, end);
    return;
  }

  let skipped = 0;
  let produced = 0;
  if (produced >= limit) return;
  for (const stored of collection.candidates(narrowing)) {
    const doc = decodeTyped(stored.bytes);
    if (!matches(doc)) continue;
    if (skipped < skip) {
      skipped++;
      continue;
    }
    yield { stored, doc };
    produced++;
    if (produced >= limit) return;
  }
}

/** Just the documents of selectDocuments, for cursors. */
export function* selectedDocs(selection: Iterable<SelectedDocument>): Generator<Document> {
  for (const item of selection) yield item.doc;
}
