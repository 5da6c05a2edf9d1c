// Command monitoring: records a client's command events and matches them against expectEvents.
import type {
  CommandFailedEvent,
  CommandStartedEvent,
  CommandSucceededEvent,
  MongoClient,
} from 'mongodb';
import { formatMismatch, type MatchEntities, matchValue } from './matcher.js';
import {
  asArray,
  asDocument,
  asString,
  describe,
  type Document,
  isDocument,
  RunnerError,
} from './values.js';

export type CommandEventType =
  'commandStartedEvent' | 'commandSucceededEvent' | 'commandFailedEvent';

export interface ObservedCommandEvent {
  type: CommandEventType;
  commandName: string;
  databaseName: string;
  command?: Document;
  reply?: Document;
  hasServerConnectionId: boolean;
  hasServiceId: boolean;
}

const COMMAND_EVENT_TYPES: readonly CommandEventType[] = [
  'commandStartedEvent',
  'commandSucceededEvent',
  'commandFailedEvent',
];

/**
 * Commands the spec says are always ignored: authentication and handshakes carry credentials (the
 * driver redacts them to empty documents anyway), and configureFailPoint is test plumbing.
 */
const ALWAYS_IGNORED = new Set([
  'authenticate',
  'saslstart',
  'saslcontinue',
  'getnonce',
  'createuser',
  'updateuser',
  'copydbgetnonce',
  'copydbsaslstart',
  'copydb',
  'hello',
  'ismaster',
  'configurefailpoint',
]);

export class CommandEventRecorder {
  readonly events: ObservedCommandEvent[] = [];
  private recording = true;
  private readonly observed: Set<string>;
  private readonly ignored: Set<string>;

  constructor(client: MongoClient, observeEvents: unknown[], ignoreCommands: unknown[]) {
    this.observed = new Set(observeEvents.map((type) => asString(type, 'observeEvents entry')));
    for (const type of this.observed) {
      if (!COMMAND_EVENT_TYPES.includes(type as CommandEventType)) {
        throw new RunnerError(`observing ${type} events is not supported by this runner`);
      }
    }
    this.ignored = new Set(
      ignoreCommands.map((name) => asString(name, 'ignoreCommandMonitoringEvents').toLowerCase()),
    );
    client.on('commandStarted', (event: CommandStartedEvent) =>
      this.record('commandStartedEvent', event, { command: event.command }),
    );
    client.on('commandSucceeded', (event: CommandSucceededEvent) =>
      this.record('commandSucceededEvent', event, { reply: event.reply as Document }),
    );
    client.on('commandFailed', (event: CommandFailedEvent) =>
      this.record('commandFailedEvent', event, {}),
    );
  }

  /** Called once the test's operations are done so cleanup traffic is not asserted on. */
  stop(): void {
    this.recording = false;
  }

  private record(
    type: CommandEventType,
    event: CommandStartedEvent | CommandSucceededEvent | CommandFailedEvent,
    payload: { command?: Document; reply?: Document },
  ): void {
    if (!this.recording || !this.observed.has(type)) return;
    const name = event.commandName.toLowerCase();
    if (ALWAYS_IGNORED.has(name) || this.ignored.has(name)) return;
    this.events.push({
      type,
      commandName: event.commandName,
      databaseName: event.databaseName,
      ...payload,
      hasServerConnectionId: event.serverConnectionId != null,
      hasServiceId: event.serviceId != null,
    });
  }
}

/** Returns a description of the first difference, or undefined when the events match. */
export function checkExpectedEvents(
  expectation: Document,
  observed: readonly ObservedCommandEvent[],
  entities: MatchEntities,
): string | undefined {
  const eventType = expectation.eventType ?? 'command';
  if (eventType !== 'command') return `eventType ${describe(eventType)} is not supported`;
  const expectedEvents = asArray(expectation.events, 'expectEvents.events');
  const ignoreExtra = expectation.ignoreExtraEvents === true;
  const countOk = ignoreExtra
    ? observed.length >= expectedEvents.length
    : observed.length === expectedEvents.length;
  for (const [index, expectedEvent] of expectedEvents.entries()) {
    const actual = observed[index];
    if (!actual) break;
    const problem = checkOneEvent(asDocument(expectedEvent, 'expected event'), actual, entities);
    if (problem) return `event ${index} (${actual.type} ${actual.commandName}): ${problem}`;
  }
  if (!countOk) {
    return (
      `expected ${expectedEvents.length} events, observed ${observed.length}: ` +
      observed.map((event) => `${event.type}:${event.commandName}`).join(', ')
    );
  }
  return undefined;
}

function checkOneEvent(
  expected: Document,
  actual: ObservedCommandEvent,
  entities: MatchEntities,
): string | undefined {
  const [type, body] = Object.entries(expected)[0] ?? [];
  if (type !== actual.type) return `expected a ${type} event`;
  if (!isDocument(body)) return `malformed expected ${type}`;
  if (body.commandName !== undefined && body.commandName !== actual.commandName) {
    return `commandName ${actual.commandName} != ${describe(body.commandName)}`;
  }
  if (body.databaseName !== undefined && body.databaseName !== actual.databaseName) {
    return `databaseName ${actual.databaseName} != ${describe(body.databaseName)}`;
  }
  if (body.hasServerConnectionId !== undefined) {
    if (body.hasServerConnectionId !== actual.hasServerConnectionId) {
      return `hasServerConnectionId is ${actual.hasServerConnectionId}`;
    }
  }
  if (body.hasServiceId !== undefined && body.hasServiceId !== actual.hasServiceId) {
    return `hasServiceId is ${actual.hasServiceId}`;
  }
  if (body.command !== undefined) {
    const mismatch = matchValue(body.command, actual.command, entities, 'command', true);
    if (mismatch) return formatMismatch(mismatch);
  }
  if (body.reply !== undefined) {
    const mismatch = matchValue(body.reply, actual.reply, entities, 'reply', true);
    if (mismatch) return formatMismatch(mismatch);
  }
  return undefined;
}
