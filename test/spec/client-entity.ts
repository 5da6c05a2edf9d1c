// A client entity: the driver client built from the entity's options, with its event recorder
// and log collector attached before it connects.
import { MongoClient, type MongoClientOptions } from 'mongodb';
import { EventRecorder } from './event-recorder.js';
import { type CollectedLog, logOptions } from './log-messages.js';
import { asDocument, asString, type Document, optionalArray } from './values.js';

/** Clients connect within this long or the test fails instead of hanging. */
const SERVER_SELECTION_TIMEOUT_MS = 10_000;

export interface ClientParts {
  client: MongoClient;
  recorder: EventRecorder;
  logs: CollectedLog[];
}

/** Not yet connected. useMultipleMongoses only matters on a sharded cluster: ignored. */
export function clientEntity(uri: string, spec: Document): ClientParts {
  const logs: CollectedLog[] = [];
  const options: MongoClientOptions = {
    serverSelectionTimeoutMS: SERVER_SELECTION_TIMEOUT_MS,
    ...clientUriOptions(spec.uriOptions),
    ...(spec.serverApi ? { serverApi: serverApiOf(spec.serverApi) } : {}),
    ...(spec.observeLogMessages ? logOptions(spec.observeLogMessages, logs) : {}),
    monitorCommands: true,
  };
  const client = new MongoClient(uri, options);
  const recorder = new EventRecorder(client, {
    observeEvents: optionalArray(spec.observeEvents, 'observeEvents'),
    ignoreCommands: optionalArray(spec.ignoreCommandMonitoringEvents, 'ignoreCommands'),
    observeSensitiveCommands: spec.observeSensitiveCommands === true,
    storeEventsAsEntities: optionalArray(spec.storeEventsAsEntities, 'storeEventsAsEntities'),
  });
  return { client, recorder, logs };
}

/** uriOptions override the connection string; readPreferenceTags come as a list of tag sets. */
function clientUriOptions(value: unknown): MongoClientOptions {
  if (value === undefined) return {};
  const { readPreferenceTags, ...rest } = asDocument(value, 'uriOptions');
  const options = { ...rest } as Document;
  if (Array.isArray(readPreferenceTags)) {
    options.readPreferenceTags = readPreferenceTags.map((tags) =>
      Object.fromEntries(
        String(tags)
          .split(',')
          .filter((pair) => pair !== '')
          .map((pair) => pair.split(':')),
      ),
    );
  }
  return options as MongoClientOptions;
}

function serverApiOf(value: unknown): MongoClientOptions['serverApi'] {
  const spec = asDocument(value, 'serverApi');
  return {
    version: asString(spec.version, 'serverApi.version') as '1',
    ...(typeof spec.strict === 'boolean' ? { strict: spec.strict } : {}),
    ...(typeof spec.deprecationErrors === 'boolean'
      ? { deprecationErrors: spec.deprecationErrors }
      : {}),
  };
}
