// expectEvents and the event assertions of waitForEvent/assertEventCount: one expected event
// against one observed event, by the spec's rules for command, CMAP and SDAM events.
import type { EventCategory, ObservedEvent } from './event-recorder.js';
import { formatMismatch, type MatchEntities, matchValue } from './matcher.js';
import { asArray, asDocument, describe, type Document, isDocument } from './values.js';

const CATEGORIES: readonly EventCategory[] = ['command', 'cmap', 'sdam'];

/** Returns a description of the first difference, or undefined when the events match. */
export function checkExpectedEvents(
  expectation: Document,
  allObserved: readonly ObservedEvent[],
  entities: MatchEntities,
): string | undefined {
  const category = (expectation.eventType ?? 'command') as EventCategory;
  if (!CATEGORIES.includes(category)) return `unknown eventType ${describe(category)}`;
  const observed = allObserved.filter((event) => event.category === category);
  const expectedEvents = asArray(expectation.events, 'expectEvents.events');
  const ignoreExtra = expectation.ignoreExtraEvents === true;
  const countOk = ignoreExtra
    ? observed.length >= expectedEvents.length
    : observed.length === expectedEvents.length;
  for (const [index, expectedEvent] of expectedEvents.entries()) {
    const actual = observed[index];
    if (!actual) break;
    const problem = checkOneEvent(asDocument(expectedEvent, 'expected event'), actual, entities);
    if (problem) return `event ${index} (${describeEvent(actual)}): ${problem}`;
  }
  if (!countOk) {
    return (
      `expected ${expectedEvents.length} ${category} events, observed ${observed.length}: ` +
      observed.map(describeEvent).join(', ')
    );
  }
  return undefined;
}

function describeEvent(event: ObservedEvent): string {
  const name = event.event.commandName;
  return typeof name === 'string' ? `${event.type}:${name}` : event.type;
}

/** One expected event (`{ commandStartedEvent: {...} }`) against one observed event. */
export function checkOneEvent(
  expected: Document,
  actual: ObservedEvent,
  entities: MatchEntities,
): string | undefined {
  const [type, body] = Object.entries(expected)[0] ?? [];
  if (type !== actual.type) return `expected a ${type} event`;
  if (!isDocument(body)) return `malformed expected ${type}`;
  const event = actual.event;
  for (const [key, wanted] of Object.entries(body)) {
    const problem = checkField(key, wanted, event, entities);
    if (problem) return problem;
  }
  return undefined;
}

function checkField(
  key: string,
  wanted: unknown,
  event: Document,
  entities: MatchEntities,
): string | undefined {
  switch (key) {
    case 'command':
    case 'reply': {
      const mismatch = matchValue(wanted, event[key], entities, key, true);
      return mismatch ? formatMismatch(mismatch) : undefined;
    }
    case 'hasServiceId':
      return wanted === hasServiceId(event) ? undefined : `hasServiceId is ${!wanted}`;
    case 'hasServerConnectionId': {
      const has = typeof event.serverConnectionId === 'number' || isBigPositive(event);
      return wanted === has ? undefined : `hasServerConnectionId is ${has}`;
    }
    case 'previousDescription':
    case 'newDescription':
      return checkDescription(key, wanted, event[key]);
    case 'awaited':
    case 'interruptInUseConnections':
    case 'reason':
    case 'commandName':
    case 'databaseName':
      return sameScalar(event[key], wanted) ? undefined : `${key} is ${describe(event[key])}`;
    default:
      return `cannot assert on event field ${key}`;
  }
}

function sameScalar(actual: unknown, wanted: unknown): boolean {
  // The driver names a closed connection's reason in lower camel case; the spec in plain words.
  if (typeof actual === 'string' && typeof wanted === 'string') {
    return actual.toLowerCase() === wanted.toLowerCase();
  }
  return actual === wanted;
}

function isBigPositive(event: Document): boolean {
  const id = event.serverConnectionId;
  return typeof id === 'bigint' && id > 0n;
}

function hasServiceId(event: Document): boolean {
  const id = event.serviceId as { toHexString?: () => string } | undefined;
  return id?.toHexString !== undefined && !/^0+$/.test(id.toHexString());
}

/** Server and topology descriptions are asserted on their `type` only. */
function checkDescription(key: string, wanted: unknown, actual: unknown): string | undefined {
  if (!isDocument(wanted)) return `malformed ${key}`;
  if (wanted.type === undefined) return undefined;
  const type = isDocument(actual) || typeof actual === 'object' ? (actual as Document)?.type : '';
  return type === wanted.type ? undefined : `${key}.type is ${describe(type)}`;
}
