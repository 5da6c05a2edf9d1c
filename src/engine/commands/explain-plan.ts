// The plan and execution statistics an explain reports, shaped like mongod's: a winning plan of
// nested stages (COLLSCAN, or FETCH over IXSCAN, under SORT/SKIP/LIMIT/PROJECTION and the
// command's own stage) and, from executionStats on, what running it examined and returned.
import type { Document } from 'bson';
import { decodeTyped } from '../codec.js';
import { compareValues, compileFilter } from '../query/index.js';
import { compileTextSort, setTextScore } from '../query/text-meta.js';
import type { CollectionStore, IndexScanPlan, QueryPlan } from '../storage/backend.js';
import { nearOrder } from './geo-order.js';
import { textSelectionOf, textStage } from './text-selection.js';

/** What the explained command asks of one collection. */
export interface ExplainTarget {
  /** The command's own top stage (COUNT, DELETE, UPDATE, ...), if it has one. */
  stage?: string;
  filter: Document;
  sort?: Document;
  skip?: number;
  limit?: number;
  projection?: Document;
  collation?: Document;
}

const isEmpty = (doc: Document | undefined): boolean => !doc || Object.keys(doc).length === 0;

function indexScanStage(scan: IndexScanPlan): Document {
  return {
    stage: 'IXSCAN',
    keyPattern: scan.keyPattern,
    indexName: scan.indexName,
    isMultiKey: scan.isMultiKey,
    isUnique: scan.isUnique,
    isSparse: scan.isSparse,
    isPartial: scan.isPartial,
    indexVersion: 2,
    direction: scan.direction,
    indexBounds: scan.indexBounds,
  };
}

/** The collation a read runs under: its own, else the collection's (simple: undefined). */
function collationOf(
  collection: CollectionStore,
  collation: Document | undefined,
): Document | undefined {
  const spec = collation ?? collection.defaultCollation();
  return spec !== undefined && spec.locale !== 'simple' ? spec : undefined;
}

/**
 * The plan the executor uses (query-executor.ts): under a collation every document is a
 * candidate; a sort is planned for unless the filter has $text or $near.
 */
function planOf(collection: CollectionStore, target: ExplainTarget): QueryPlan {
  if (collationOf(collection, target.collation)) return collection.plan({});
  const orderedElsewhere = nearOrder(collection, target.filter) !== undefined;
  return collection.plan(target.filter, orderedElsewhere ? undefined : target.sort);
}

/**
 * The access stage as the storage planner chose it: COLLSCAN, IDHACK, FETCH over IXSCAN, or
 * SUBPLAN over FETCH over OR of IXSCANs for a $or; FETCH shows the filter only when the index
 * bounds do not answer it.
 */
function accessStage(collection: CollectionStore | undefined, target: ExplainTarget): Document {
  if (!collection) return { stage: 'EOF' };
  const filter = target.filter;
  const text = textStage(collection, filter);
  if (text) return text;
  const plan = planOf(collection, target);
  const filterField = isEmpty(filter) || plan.exact ? {} : { filter };
  if (plan.stage === 'IDHACK') return { stage: 'IDHACK' };
  if (plan.stage === 'IXSCAN' && plan.scan) {
    return { stage: 'FETCH', ...filterField, inputStage: indexScanStage(plan.scan) };
  }
  if (plan.stage === 'OR' && plan.branches) {
    return {
      stage: 'SUBPLAN',
      inputStage: {
        stage: 'FETCH',
        ...filterField,
        inputStage: { stage: 'OR', inputStages: plan.branches.map(indexScanStage) },
      },
    };
  }
  return { stage: 'COLLSCAN', ...(isEmpty(filter) ? {} : { filter }), direction: 'forward' };
}

/** Whether the plan's order is the sort's, so no SORT stage is needed. */
function sortedByPlan(collection: CollectionStore | undefined, target: ExplainTarget): boolean {
  if (!collection || isEmpty(target.sort) || textStage(collection, target.filter)) return false;
  return planOf(collection, target).sorted;
}

/** The winning plan: the access stage wrapped in the stages the target adds. */
export function winningPlan(
  collection: CollectionStore | undefined,
  target: ExplainTarget,
): Document {
  let plan = accessStage(collection, target);
  const wrap = (stage: Document): void => {
    plan = { ...stage, inputStage: plan };
  };
  if (!isEmpty(target.sort) && !sortedByPlan(collection, target))
    wrap({ stage: 'SORT', sortPattern: target.sort, memLimit: 104857600, type: 'simple' });
  if (target.skip) wrap({ stage: 'SKIP', skipAmount: target.skip });
  if (target.limit) wrap({ stage: 'LIMIT', limitAmount: target.limit });
  if (!isEmpty(target.projection))
    wrap({ stage: 'PROJECTION_DEFAULT', transformBy: target.projection });
  if (target.stage) wrap({ stage: target.stage });
  return plan;
}

export interface Execution {
  examined: number;
  keysExamined: number;
  matched: Document[];
  returned: Document[];
  millis: number;
}

/** Runs the target's read: candidates examined, documents matched, documents returned. */
export function execute(collection: CollectionStore | undefined, target: ExplainTarget): Execution {
  const started = Date.now();
  const text = textSelectionOf(collection, target.filter);
  const matches = compileFilter(text?.rest ?? target.filter, { collation: target.collation });
  let examined = 0;
  const matched: Document[] = [];
  const collated = collection !== undefined && collationOf(collection, target.collation);
  const near = collection !== undefined && nearOrder(collection, target.filter) !== undefined;
  const sort = collated || near || isEmpty(target.sort) ? undefined : target.sort;
  const planned = text ? undefined : collection?.planned(collated ? {} : target.filter, sort);
  // In the order asked for (or none), a limit stops the scan as it stops the real read.
  const ordered = !text && !near && (isEmpty(target.sort) || planned?.plan.sorted === true);
  const enough = ordered && target.limit ? (target.skip ?? 0) + target.limit : Infinity;
  for (const stored of text?.candidates() ?? planned?.candidates ?? []) {
    examined++;
    const doc = decodeTyped(stored.bytes);
    const score = text?.score(doc);
    if (score !== undefined) setTextScore(doc, score);
    if (matches(doc) && (!text || score !== undefined)) matched.push(doc);
    if (matched.length >= enough) break;
  }
  const compare = compileTextSort(target.sort ?? {}, compareValues, text !== undefined);
  let returned = isEmpty(target.sort) ? matched : [...matched].sort(compare);
  const skip = target.skip ?? 0;
  returned = returned.slice(skip, target.limit ? skip + target.limit : undefined);
  const indexed = planned !== undefined && planned.plan.stage !== 'COLLSCAN';
  return {
    examined,
    keysExamined: indexed ? examined : 0,
    matched,
    returned,
    millis: Date.now() - started,
  };
}

/** Each stage of a plan annotated with the counters mongod reports for it. */
function annotated(plan: Document, execution: Execution, top: boolean): Document {
  const nReturned = top ? execution.returned.length : execution.matched.length;
  const out: Document = {
    ...plan,
    nReturned,
    executionTimeMillisEstimate: execution.millis,
    works: execution.examined + 1,
    advanced: nReturned,
    needTime: Math.max(0, execution.examined - nReturned),
    needYield: 0,
    saveState: 0,
    restoreState: 0,
    isEOF: 1,
  };
  if (plan.stage === 'COLLSCAN' || plan.stage === 'FETCH' || plan.stage === 'IDHACK') {
    out.docsExamined = execution.examined;
  }
  if (plan.stage === 'IXSCAN') out.keysExamined = execution.keysExamined;
  if (plan.inputStage) out.inputStage = annotated(plan.inputStage as Document, execution, false);
  return out;
}

export function executionStats(
  plan: Document,
  execution: Execution,
  allPlans: boolean,
  extra: Document = {},
): Document {
  return {
    executionSuccess: true,
    nReturned: execution.returned.length,
    executionTimeMillis: execution.millis,
    totalKeysExamined: execution.keysExamined,
    totalDocsExamined: execution.examined,
    executionStages: { ...annotated(plan, execution, true), ...extra },
    ...(allPlans ? { allPlansExecution: [] } : {}),
  };
}
