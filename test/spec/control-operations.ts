// testRunner operations that drive other operations or wait: loop, runOnThread/waitForThread,
// waitForEvent/assertEventCount, and the topology description ones.
import { setTimeout as sleep } from 'node:timers/promises';
import type { MongoClient } from 'mongodb';
import { checkOneEvent } from './events.js';
import type { SpecialOperation, SpecialOperationContext } from './special-operations.js';
import {
  AssertionFailure,
  asArray,
  asDocument,
  asString,
  type Document,
  RunnerError,
  TestFailure,
  toNumber,
} from './values.js';

/** waitForEvent, waitForThread and waitForPrimaryChange give up after this long (the spec's 10 s). */
const WAIT_LIMIT_MS = 10_000;
const POLL_MS = 20;
/**
 * The spec leaves to the runner how a workload executor asks loops to stop: here a loop stops
 * after this long, or earlier once the runner is interrupted (loopsStopped).
 */
const LOOP_DURATION_MS = 2_000;

/** An array entity for storeErrorsAsEntity/storeFailuresAsEntity: created, or reused if one. */
function listEntity(context: SpecialOperationContext, id: unknown): Document[] | undefined {
  if (id === undefined) return undefined;
  const name = asString(id, 'loop entity name');
  if (!context.entities.hasEntity(name)) context.entities.setValue(name, []);
  const list = context.entities.valueEntity(name);
  if (!Array.isArray(list)) throw new RunnerError(`entity ${name} is not an array`);
  return list as Document[];
}

function counterEntity(context: SpecialOperationContext, id: unknown): string | undefined {
  if (id === undefined) return undefined;
  const name = asString(id, 'loop entity name');
  if (context.entities.hasEntity(name)) throw new RunnerError(`entity ${name} already exists`);
  context.entities.setValue(name, 0);
  return name;
}

const loop: SpecialOperation = async (args, context) => {
  const operations = asArray(args.operations, 'loop.operations').map((op) => asDocument(op, 'op'));
  const errors = listEntity(context, args.storeErrorsAsEntity);
  const failures = listEntity(context, args.storeFailuresAsEntity) ?? errors;
  const errorSink = errors ?? failures;
  const successes = counterEntity(context, args.storeSuccessesAsEntity);
  const iterations = counterEntity(context, args.storeIterationsAsEntity);
  let succeeded = 0;
  let iterated = 0;
  const stopAt = Date.now() + LOOP_DURATION_MS;
  while (!context.loopsStopped() && Date.now() < stopAt) {
    for (const operation of operations) {
      try {
        await context.runOperation(operation);
        succeeded++;
      } catch (error) {
        const sink = error instanceof TestFailure ? failures : errorSink;
        if (!sink) throw error;
        const message = error instanceof Error ? error.message : String(error);
        sink.push({ error: message, time: Date.now() / 1000 });
        break;
      }
    }
    iterated++;
    if (successes) context.entities.setValue(successes, succeeded);
    if (iterations) context.entities.setValue(iterations, iterated);
  }
};

/** Matching observed events, for waitForEvent and assertEventCount. */
function countEvents(context: SpecialOperationContext, args: Document): number {
  const recorder = context.entities.recorder(asString(args.client, 'client'));
  const expected = asDocument(args.event, 'event');
  return recorder.events.filter(
    (event) => checkOneEvent(expected, event, context.entities) === undefined,
  ).length;
}

async function until(condition: () => boolean, limitMS: number, what: string): Promise<void> {
  const deadline = Date.now() + limitMS;
  while (!condition()) {
    if (Date.now() > deadline) throw new AssertionFailure(`${what} within ${limitMS} ms`);
    await sleep(POLL_MS);
  }
}

interface TopologyView {
  type: string;
  servers: Map<string, { type: string }>;
}

/** The driver's current TopologyDescription (not public API, but what the spec asks for). */
function topologyOf(client: MongoClient): TopologyView {
  const topology = (client as unknown as { topology?: { description: TopologyView } }).topology;
  if (!topology) throw new RunnerError('the client is not connected');
  return topology.description;
}

function primaryOf(description: TopologyView): string | undefined {
  return [...description.servers].find(([, server]) => server.type === 'RSPrimary')?.[0];
}

export const controlOperations: Record<string, SpecialOperation> = {
  loop,
  runOnThread: async (args, context) => {
    const thread = context.entities.thread(asString(args.thread, 'thread'));
    const operation = asDocument(args.operation, 'operation');
    thread.run(() => context.runOperation(operation));
  },
  waitForThread: async (args, context) => {
    await context.entities.thread(asString(args.thread, 'thread')).wait(WAIT_LIMIT_MS);
  },
  waitForEvent: async (args, context) => {
    const wanted = toNumber(args.count, 'count');
    await until(() => countEvents(context, args) >= wanted, WAIT_LIMIT_MS, `no ${wanted} events`);
  },
  assertEventCount: async (args, context) => {
    const wanted = toNumber(args.count, 'count');
    const count = countEvents(context, args);
    if (count !== wanted) throw new AssertionFailure(`${count} matching events, not ${wanted}`);
  },
  recordTopologyDescription: async (args, context) => {
    const client = context.entities.client(asString(args.client, 'client'));
    context.entities.saveValue(asString(args.id, 'id'), topologyOf(client));
  },
  assertTopologyType: async (args, context) => {
    const name = asString(args.topologyDescription, 'topologyDescription');
    const description = context.entities.valueEntity(name) as TopologyView;
    const wanted = asString(args.topologyType, 'topologyType');
    if (description.type !== wanted) {
      throw new AssertionFailure(`topology type is ${description.type}, not ${wanted}`);
    }
  },
  waitForPrimaryChange: async (args, context) => {
    const client = context.entities.client(asString(args.client, 'client'));
    const prior = context.entities.valueEntity(
      asString(args.priorTopologyDescription, 'priorTopologyDescription'),
    ) as TopologyView;
    const before = primaryOf(prior);
    const limit =
      args.timeoutMS === undefined ? WAIT_LIMIT_MS : toNumber(args.timeoutMS, 'timeoutMS');
    await until(
      () => {
        const now = primaryOf(topologyOf(client));
        return now !== undefined && now !== before;
      },
      limit,
      'no new primary',
    );
  },
};
