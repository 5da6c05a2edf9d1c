// explain at its three verbosities, for find, aggregate, count, distinct, update, delete and
// findAndModify: queryPlanner tells the plan; executionStats also runs the read (never the
// write) and counts; allPlansExecution adds the (empty: one plan is ever considered) others.
import type { Document } from 'bson';
import { ErrorCode, MongoServerError } from '../errors.js';
import { compileFilter, runPipeline } from '../query/index.js';
import { textSelectionOf } from './text-selection.js';
import { decodeTyped } from '../codec.js';
import type { StorageBackend } from '../storage/backend.js';
import { asNumber, isDocument, optionalDocument } from './arguments.js';
import type { CommandContext } from './context.js';
import { execute, executionStats, winningPlan, type ExplainTarget } from './explain-plan.js';

const VERBOSITIES = ['queryPlanner', 'executionStats', 'allPlansExecution'];

function verbosityOf(command: Document): string {
  const verbosity = command.verbosity ?? 'allPlansExecution';
  if (typeof verbosity !== 'string' || !VERBOSITIES.includes(verbosity)) {
    throw new MongoServerError(
      ErrorCode.BadValue,
      "verbosity string must be one of {'queryPlanner', 'executionStats', 'allPlansExecution'}",
    );
  }
  return verbosity;
}

const docOr = (value: unknown): Document => (isDocument(value) ? value : {});
const numberOr = (value: unknown): number | undefined => {
  const n = asNumber(value);
  return n === undefined ? undefined : Math.abs(Math.trunc(n));
};

/** What each explainable command reads. */
function targetOf(name: string, inner: Document): ExplainTarget {
  const collation = isDocument(inner.collation) ? inner.collation : undefined;
  switch (name) {
    case 'find':
      return {
        filter: docOr(inner.filter),
        sort: docOr(inner.sort),
        skip: numberOr(inner.skip),
        limit: numberOr(inner.limit),
        projection: docOr(inner.projection),
        collation,
      };
    case 'count':
      return {
        stage: 'COUNT',
        filter: docOr(inner.query),
        skip: numberOr(inner.skip),
        limit: numberOr(inner.limit),
        collation,
      };
    case 'distinct':
      return { stage: 'PROJECTION_DEFAULT', filter: docOr(inner.query), collation };
    case 'findAndModify':
      return {
        stage: inner.remove === true ? 'DELETE' : 'UPDATE',
        filter: docOr(inner.query),
        sort: docOr(inner.sort),
        limit: 1,
        collation,
      };
    case 'update': {
      const first = docOr(Array.isArray(inner.updates) ? inner.updates[0] : undefined);
      return {
        stage: 'UPDATE',
        filter: docOr(first.q),
        limit: first.multi === true ? undefined : 1,
        collation,
      };
    }
    case 'delete': {
      const first = docOr(Array.isArray(inner.deletes) ? inner.deletes[0] : undefined);
      return {
        stage: 'DELETE',
        filter: docOr(first.q),
        limit: asNumber(first.limit) === 1 ? 1 : undefined,
        collation,
      };
    }
    default:
      throw new MongoServerError(
        ErrorCode.CommandNotFound,
        `Explain failed due to unknown command: ${name}`,
      );
  }
}

function allDocuments(storage: StorageBackend, db: string, name: string): Document[] {
  const collection = storage.getCollection(db, name);
  return [...(collection?.candidates({}) ?? [])].map((stored) => decodeTyped(stored.bytes));
}

/** The answer for one collection read, at the verbosity asked. */
function explainRead(
  context: CommandContext,
  name: string,
  target: ExplainTarget,
  verbosity: string,
): Document {
  const collection = context.engine.storage.getCollection(context.db, name);
  compileFilter(textSelectionOf(collection, target.filter)?.rest ?? target.filter);
  const plan = winningPlan(collection, target);
  const queryPlanner = {
    namespace: `${context.db}.${name}`,
    indexFilterSet: false,
    parsedQuery: target.filter,
    maxIndexedOrSolutionsReached: false,
    maxIndexedAndSolutionsReached: false,
    maxScansToExplodeReached: false,
    winningPlan: plan,
    rejectedPlans: [],
  };
  if (verbosity === 'queryPlanner') return { queryPlanner };
  const execution = execute(collection, target);
  const extra: Document =
    target.stage === 'UPDATE'
      ? { nMatched: execution.returned.length, nWouldModify: execution.returned.length }
      : target.stage === 'DELETE'
        ? { nWouldDelete: execution.returned.length }
        : target.stage === 'COUNT'
          ? { nCounted: execution.returned.length }
          : {};
  const stats = executionStats(plan, execution, verbosity === 'allPlansExecution', extra);
  return { queryPlanner, executionStats: stats, execution };
}

function explainAggregate(context: CommandContext, inner: Document, verbosity: string): Document {
  const name = inner.aggregate;
  const pipeline = Array.isArray(inner.pipeline) ? (inner.pipeline as Document[]) : [];
  if (typeof name !== 'string') {
    throw new MongoServerError(
      ErrorCode.InvalidNamespace,
      'explain of aggregate needs a collection',
    );
  }
  const leading =
    isDocument(pipeline[0]?.$match) && !('$expr' in pipeline[0].$match)
      ? pipeline[0].$match
      : undefined;
  const rest = leading ? pipeline.slice(1) : pipeline;
  const read = explainRead(context, name, { filter: leading ?? {} }, verbosity);
  const { execution, ...cursorStage } = read as Document & {
    execution?: ReturnType<typeof execute>;
  };
  if (rest.length === 0) return cursorStage;
  const stages: Document[] = [
    {
      $cursor: cursorStage,
      ...(execution
        ? { nReturned: execution.matched.length, executionTimeMillisEstimate: execution.millis }
        : {}),
    },
  ];
  let current = execution?.matched;
  for (const stage of rest) {
    const entry: Document = { ...stage };
    const write = '$out' in stage || '$merge' in stage;
    if (current && !write) {
      const started = Date.now();
      current = runPipeline(current, [stage], {
        db: context.db,
        resolveCollection: (db, other) => allDocuments(context.engine.storage, db, other),
      });
      entry.nReturned = current.length;
      entry.executionTimeMillisEstimate = Date.now() - started;
    }
    stages.push(entry);
  }
  return { stages };
}

export function explainCommand(command: Document, context: CommandContext): Document {
  const inner = optionalDocument(command, 'explain', 'explain');
  if (!inner)
    throw new MongoServerError(ErrorCode.FailedToParse, 'explain command requires a nested object');
  const verbosity = verbosityOf(command);
  const commandName = Object.keys(inner)[0] ?? '';
  const body =
    commandName === 'aggregate'
      ? explainAggregate(context, inner, verbosity)
      : (() => {
          const name = inner[commandName];
          if (typeof name !== 'string')
            throw new MongoServerError(ErrorCode.InvalidNamespace, 'explain needs a collection');
          const { execution: _execution, ...answer } = explainRead(
            context,
            name,
            targetOf(commandName, inner),
            verbosity,
          );
          return answer;
        })();
  return {
    explainVersion: '1',
    ...body,
    command: inner,
    serverInfo: {
      host: 'localhost',
      port: 27017,
      version: context.engine.version,
      gitVersion: 'career-engine',
    },
    serverParameters: {
      internalQueryFacetBufferSizeBytes: 104857600,
      internalQueryMaxBlockingSortMemoryUsageBytes: 104857600,
      internalDocumentSourceGroupMaxMemoryBytes: 104857600,
    },
    ok: 1,
  };
}

/** aggregate with explain: true, which drivers send for a queryPlanner explain. */
export function explainAggregateOption(command: Document, context: CommandContext): Document {
  const { explain: _explain, cursor: _cursor, ...inner } = command;
  return explainCommand({ explain: inner, verbosity: 'queryPlanner' }, context);
}
