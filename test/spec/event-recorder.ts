// Records a client's events as the spec names them: command monitoring, CMAP (pool and
// connection) and SDAM events, each only if the client observes it, plus `storeEventsAsEntities`
// lists and the count of connections checked out (assertNumberConnectionsCheckedOut).
import type { MongoClient } from 'mongodb';
import { asArray, asDocument, asString, type Document, RunnerError } from './values.js';

export type EventCategory = 'command' | 'cmap' | 'sdam';

export interface ObservedEvent {
  /** The spec's name, e.g. commandStartedEvent, poolClearedEvent. */
  type: string;
  category: EventCategory;
  /** The driver event's own fields (commandName, command, reply, reason, ...). */
  event: Document;
}

/** The spec's event names and the driver's for the same event. */
const DRIVER_EVENTS: Record<string, { driver: string; category: EventCategory }> = {
  commandStartedEvent: { driver: 'commandStarted', category: 'command' },
  commandSucceededEvent: { driver: 'commandSucceeded', category: 'command' },
  commandFailedEvent: { driver: 'commandFailed', category: 'command' },
  poolCreatedEvent: { driver: 'connectionPoolCreated', category: 'cmap' },
  poolReadyEvent: { driver: 'connectionPoolReady', category: 'cmap' },
  poolClearedEvent: { driver: 'connectionPoolCleared', category: 'cmap' },
  poolClosedEvent: { driver: 'connectionPoolClosed', category: 'cmap' },
  connectionCreatedEvent: { driver: 'connectionCreated', category: 'cmap' },
  connectionReadyEvent: { driver: 'connectionReady', category: 'cmap' },
  connectionClosedEvent: { driver: 'connectionClosed', category: 'cmap' },
  connectionCheckOutStartedEvent: { driver: 'connectionCheckOutStarted', category: 'cmap' },
  connectionCheckOutFailedEvent: { driver: 'connectionCheckOutFailed', category: 'cmap' },
  connectionCheckedOutEvent: { driver: 'connectionCheckedOut', category: 'cmap' },
  connectionCheckedInEvent: { driver: 'connectionCheckedIn', category: 'cmap' },
  serverDescriptionChangedEvent: { driver: 'serverDescriptionChanged', category: 'sdam' },
  serverHeartbeatStartedEvent: { driver: 'serverHeartbeatStarted', category: 'sdam' },
  serverHeartbeatSucceededEvent: { driver: 'serverHeartbeatSucceeded', category: 'sdam' },
  serverHeartbeatFailedEvent: { driver: 'serverHeartbeatFailed', category: 'sdam' },
  topologyDescriptionChangedEvent: { driver: 'topologyDescriptionChanged', category: 'sdam' },
};

/**
 * Commands whose events are dropped unless the client sets observeSensitiveCommands (Command
 * Logging and Monitoring's list); hello and isMaster count only when the driver redacted them,
 * i.e. they carried speculativeAuthenticate. configureFailPoint is test plumbing.
 */
const SENSITIVE = new Set([
  'authenticate',
  'saslstart',
  'saslcontinue',
  'getnonce',
  'createuser',
  'updateuser',
  'copydbgetnonce',
  'copydbsaslstart',
  'copydb',
]);

export interface RecorderOptions {
  observeEvents: unknown[];
  ignoreCommands: unknown[];
  observeSensitiveCommands: boolean;
  storeEventsAsEntities: unknown[];
}

/** `{ id, events: [PoolCreatedEvent, ...] }` entries: a list entity per id. */
export interface StoredEventList {
  id: string;
  names: Set<string>;
  list: Document[];
}

export class EventRecorder {
  readonly events: ObservedEvent[] = [];
  readonly stored: StoredEventList[];
  connectionsCheckedOut = 0;
  private recording = true;
  private readonly observed: Set<string>;
  private readonly ignored: Set<string>;
  private readonly sensitiveRequests = new Set<unknown>();

  constructor(
    client: MongoClient,
    private readonly options: RecorderOptions,
  ) {
    this.observed = new Set(options.observeEvents.map((type) => asString(type, 'observeEvents')));
    for (const type of this.observed) {
      if (!DRIVER_EVENTS[type])
        throw new RunnerError(`unknown event type ${type} in observeEvents`);
    }
    this.ignored = new Set(
      options.ignoreCommands.map((name) => asString(name, 'ignoreCommandMonitoringEvents')),
    );
    this.stored = options.storeEventsAsEntities.map((entry) => {
      const spec = asDocument(entry, 'storeEventsAsEntities entry');
      const names = asArray(spec.events, 'storeEventsAsEntities.events').map(String);
      return { id: asString(spec.id, 'storeEventsAsEntities.id'), names: new Set(names), list: [] };
    });
    for (const [type, { driver, category }] of Object.entries(DRIVER_EVENTS)) {
      client.on(driver as 'commandStarted', (event: object) =>
        this.record(type, category, event as Document),
      );
    }
    client.on('connectionCheckedOut', () => this.connectionsCheckedOut++);
    client.on('connectionCheckedIn', () => this.connectionsCheckedOut--);
  }

  /**
   * Called once connect() returned: the Node driver checks a connection out in connect(), where
   * drivers that connect lazily do not, so the files' CMAP expectations leave that one out.
   */
  forgetConnectCheckOut(): void {
    const kept = this.events.filter(
      (e) =>
        e.type !== 'connectionCheckOutStartedEvent' &&
        e.type !== 'connectionCheckedOutEvent' &&
        e.type !== 'connectionCheckedInEvent',
    );
    this.events.splice(0, this.events.length, ...kept);
  }

  /** Called once the test's operations are done so cleanup traffic is not asserted on. */
  stop(): void {
    this.recording = false;
  }

  private record(type: string, category: EventCategory, event: Document): void {
    if (!this.recording) return;
    if (category === 'command' && this.isIgnoredCommand(type, event)) return;
    const storedName = type.charAt(0).toUpperCase() + type.slice(1);
    for (const entity of this.stored) {
      if (!entity.names.has(storedName)) continue;
      entity.list.push({ ...plainFields(event), name: storedName, observedAt: Date.now() / 1000 });
    }
    if (this.observed.has(type)) this.events.push({ type, category, event });
  }

  private isIgnoredCommand(type: string, event: Document): boolean {
    const name = String(event.commandName);
    const lower = name.toLowerCase();
    if (lower === 'configurefailpoint' || this.ignored.has(name)) return true;
    if (this.options.observeSensitiveCommands) return false;
    if (type === 'commandStartedEvent') {
      const command = (event.command ?? {}) as Document;
      const redactedHello =
        (lower === 'hello' || lower === 'ismaster') && Object.keys(command).length === 0;
      if (SENSITIVE.has(lower) || redactedHello) this.sensitiveRequests.add(event.requestId);
    }
    return this.sensitiveRequests.has(event.requestId);
  }
}

/** An event's own data fields, for a stored event list (BSON values only). */
function plainFields(event: Document): Document {
  const fields: Document = {};
  for (const [key, value] of Object.entries(event)) {
    if (typeof value === 'function' || key === 'failure') continue;
    fields[key] = value;
  }
  if (event.failure instanceof Error) fields.failure = event.failure.message;
  return fields;
}
