// Runs a filter against a collection: storage proposes candidates (through an index when it
// can), the matcher decides, then sort/skip/limit. Shared by find, update, delete, count,
// distinct, findAndModify and aggregate's leading $match.
import type { Document } from 'bson';
import { decodeTyped, RawDocument } from '../codec.js';
import {
  collatingComparator,
  collationSpecOf,
  collatorOf,
  compileBytesPrefilter,
  compileFilter,
} from '../query/index.js';
import { compileTextSort, setTextScore } from '../query/text-meta.js';
import type { CollectionStore, StorageBackend, StoredDocument } from '../storage/backend.js';
import { isDocument } from './arguments.js';
import { nearOrder } from './geo-order.js';
import { drain, isTimeLimitExceeded, PAUSE, type Paced, type TimeBudget } from './budget.js';
import { textSelectionOf } from './text-selection.js';

export interface SelectOptions {
  sort?: Document;
  skip?: number;
  /** 0 or undefined: no limit. */
  limit?: number;
  collation?: Document;
  variables?: Document;
  /** The command's time: its deadline is checked per candidate. */
  budget?: TimeBudget;
  /**
   * The caller only sends the documents back as stored: where nothing needs them decoded (an
   * exact index plan, no sort left to do) `doc` is a RawDocument, sent without re-encoding.
   */
  raw?: boolean;
}

export interface SelectedDocument {
  stored: StoredDocument;
  doc: Document;
}

/**
 * The matching documents, for writes: never pauses (a write is one transaction), but stops
 * with MaxTimeMSExpired when the budget's deadline passes.
 */
export function selectDocuments(
  collection: CollectionStore | undefined,
  filter: Document,
  options: SelectOptions = {},
): Generator<SelectedDocument> {
  // Without `paced`, select() never yields PAUSE.
  return select(collection, filter, options, false) as Generator<SelectedDocument>;
}

/** The matching documents, for reads: yields PAUSE whenever the budget's slice is over. */
export function selectDocumentsPaced(
  collection: CollectionStore | undefined,
  filter: Document,
  options: SelectOptions & { budget: TimeBudget },
): Generator<Paced<SelectedDocument>> {
  return select(collection, filter, options, true);
}

function* select(
  collection: CollectionStore | undefined,
  filter: Document,
  options: SelectOptions,
  paced: boolean,
): Generator<Paced<SelectedDocument>> {
  const budget = options.budget;
  // A command's own collation wins; otherwise the collection's default one applies.
  const collation = options.collation ?? collection?.defaultCollation();
  // $text is answered by the text index; the rest of the filter is matched as usual.
  const text = textSelectionOf(collection, filter);
  const compile = (): ((doc: Document) => boolean) => {
    const filterMatches = compileFilter(text?.rest ?? filter, {
      variables: options.variables,
      collation,
    });
    return text
      ? (doc: Document): boolean => {
          if (!filterMatches(doc)) return false;
          const score = text.score(doc);
          if (score !== undefined) setTextScore(doc, score);
          return score !== undefined;
        }
      : filterMatches;
  };
  if (!collection) {
    // Compiled even for a missing collection: MongoDB refuses a bad filter either way.
    compile();
    return;
  }
  const skip = Math.max(0, options.skip ?? 0);
  const limit = options.limit && options.limit > 0 ? options.limit : Infinity;
  const hasSort = options.sort !== undefined && Object.keys(options.sort).length > 0;
  // $near orders by distance unless the command sorts.
  const near = nearOrder(collection, filter);
  // Index keys order strings by their bytes; under a non-simple collation ('McKinsey' equals
  // 'mckinsey') a range of keys would miss matches, so every document is a candidate.
  const collator = collatorOf(collationSpecOf(collation));
  const collated = collator !== undefined;
  const indexSort = hasSort && !near && !text && !collated ? options.sort : undefined;
  const planned = text ? undefined : collection.planned(collated ? {} : filter, indexSort);
  const candidates: Iterable<StoredDocument> = text
    ? text.candidates()
    : (planned?.candidates ?? []);
  // An exact plan's candidates are the matches: the filter is neither compiled nor run (a
  // filter of plain equalities and ranges has nothing MongoDB would refuse).
  const exact = planned?.plan.exact === true && !collated;
  const matches = exact ? undefined : compile();
  // Plain comparisons are first checked on the filter's fields alone (not under $text).
  const prefilter = matches && !text ? compileBytesPrefilter(filter, { collation }) : undefined;
  const sortedByIndex = indexSort !== undefined && planned?.plan.sorted === true;

  if ((hasSort && !sortedByIndex) || near) {
    const compare =
      near && !hasSort
        ? near
        : compileTextSort(
            options.sort as Document,
            collatingComparator(collator),
            text !== undefined,
          );
    const byDoc = (a: SelectedDocument, b: SelectedDocument): number => compare(a.doc, b.doc);
    // With a small limit only the first skip + limit in order are kept: sorted and cut each
    // time twice as many have gathered (a stable sort keeps ties in candidate order, as the
    // full sort would), so a search sorting 100,000 matches by score holds a few dozen.
    const kept = limit === Infinity || skip + limit > MAX_KEPT_TOP ? Infinity : skip + limit;
    let all: SelectedDocument[] = [];
    for (const stored of candidates) {
      // Ticked first: a candidate the prefilter rejects still spends the command's time.
      if (budget?.tick() && paced) yield PAUSE;
      const verdict = prefilter?.(stored.bytes);
      if (verdict === false) continue;
      const doc = decodeTyped(stored.bytes);
      if (verdict === true || !matches || matches(doc)) all.push({ stored, doc });
      if (all.length >= 2 * kept + TOP_SLACK) all = all.sort(byDoc).slice(0, kept);
    }
    const sorted = paced && budget ? yield* sortPaced(all, byDoc, budget) : all.sort(byDoc);
    const end = limit === Infinity ? sorted.length : skip + limit;
    yield* sorted.slice(skip, end);
    return;
  }

  // In the order asked for (or none): matches stream out, and a limit stops the scan.
  const raw = options.raw === true;
  let skipped = 0;
  let produced = 0;
  for (const stored of candidates) {
    if (budget?.tick() && paced) yield PAUSE;
    if (matches) {
      const verdict = prefilter?.(stored.bytes);
      if (verdict === false) continue;
      const doc = verdict === true && raw ? undefined : decodeTyped(stored.bytes);
      if (doc !== undefined && verdict !== true && !matches(doc)) continue;
      if (skipped < skip) {
        skipped++;
        continue;
      }
      yield { stored, doc: doc ?? new RawDocument(stored.bytes) };
    } else {
      if (skipped < skip) {
        skipped++;
        continue;
      }
      yield { stored, doc: raw ? new RawDocument(stored.bytes) : decodeTyped(stored.bytes) };
    }
    produced++;
    if (produced >= limit) return;
  }
}

/** The largest skip + limit whose top documents a sorted select keeps alone (see select). */
const MAX_KEPT_TOP = 1_000;
const TOP_SLACK = 64;

/** Items sorted in runs of this many by Array.sort, then merged with pauses in between. */
const SORT_RUN = 64;

/**
 * A stable merge sort that yields PAUSE between bounded pieces of work, so sorting a large
 * result does not hold the thread for longer than a slice.
 */
export function* sortPaced<T>(
  items: T[],
  compare: (a: T, b: T) => number,
  budget: TimeBudget,
): Generator<typeof PAUSE, T[]> {
  const n = items.length;
  for (let start = 0; start < n; start += SORT_RUN) {
    const run = items.slice(start, start + SORT_RUN).sort(compare);
    for (let i = 0; i < run.length; i++) items[start + i] = run[i] as T;
    for (let i = 0; i < run.length; i++) if (budget.tick()) yield PAUSE;
  }
  let from = items;
  let to = new Array<T>(n);
  for (let width = SORT_RUN; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let left = lo;
      let right = mid;
      for (let out = lo; out < hi; out++) {
        // Ties take the left run's item first: the sort stays stable.
        if (right >= hi || (left < mid && compare(from[left] as T, from[right] as T) <= 0)) {
          to[out] = from[left++] as T;
        } else to[out] = from[right++] as T;
        if (budget.tick()) yield PAUSE;
      }
    }
    [from, to] = [to, from];
  }
  return from;
}

/** What one write statement selects. */
export interface Selection {
  collection: CollectionStore | undefined;
  filter: Document;
  options: SelectOptions & { budget: TimeBudget };
}

/** Inside a write's transaction: the targets of one of its statements, given its selection. */
export type WriteTargets = (statement: Document, selection: Selection) => SelectedDocument[];

/**
 * Where a write's targets come from. A batch of one statement (updateOne, deleteMany,
 * findAndModify) has them read ahead, before the write's transaction, by a paced read, so a
 * long scan lets other connections in; in the transaction it takes them only if nothing was
 * written meanwhile (SQLite's data_version and the engine's own commits), else selects again
 * there, without pauses, as every statement of a longer batch does. `selectionOf` checks the
 * statement's arguments (throwing as the statement would fail) before anything is read; a
 * statement it refuses is not read ahead, and fails in the transaction as usual.
 */
export async function writeTargets(
  storage: StorageBackend,
  statements: readonly unknown[],
  selectionOf: (statement: Document) => Selection,
): Promise<WriteTargets> {
  const [only] = statements;
  let ahead: { version: string; targets: SelectedDocument[] } | undefined;
  if (statements.length === 1 && isDocument(only)) {
    const version = storage.dataVersion();
    try {
      const { collection, filter, options } = selectionOf(only);
      const targets = await drain(
        selectDocumentsPaced(collection, filter, options),
        options.budget,
      );
      ahead = { version, targets };
    } catch (error) {
      if (isTimeLimitExceeded(error)) throw error;
    }
  }
  return (statement, { collection, filter, options }) =>
    ahead !== undefined && statement === only && storage.dataVersion() === ahead.version
      ? ahead.targets
      : [...selectDocuments(collection, filter, options)];
}
