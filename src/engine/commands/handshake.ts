// Connection-level commands drivers send on their own: the hello handshake, ping, version and
// parameter queries, session bookkeeping.
import { Long, UUID, type Document } from 'bson';
import { MAX_BSON_OBJECT_SIZE, MAX_MESSAGE_SIZE_BYTES, MAX_WRITE_BATCH_SIZE } from '../codec.js';
import { SCRAM_SHA_256 } from '../auth/scram.js';
import { ErrorCode, MongoServerError } from '../errors.js';
import { ENGINE_MAX_WIRE_VERSION, ENGINE_MIN_WIRE_VERSION } from '../version.js';
import { defineCommand, type CommandDefinition } from './command-definition.js';
import type { CommandContext, CommandList } from './context.js';

function hello(legacyName: boolean) {
  return (command: Document, context: CommandContext): Document => ({
    ...(legacyName ? { ismaster: true } : { isWritablePrimary: true }),
    helloOk: true,
    maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
    // What this server accepts (db serve --max-message-mb may lower it), so drivers split batches.
    maxMessageSizeBytes: context.engine.maxMessageBytes ?? MAX_MESSAGE_SIZE_BYTES,
    maxWriteBatchSize: MAX_WRITE_BATCH_SIZE,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: 30,
    connectionId: context.connection.id,
    minWireVersion: ENGINE_MIN_WIRE_VERSION,
    maxWireVersion: ENGINE_MAX_WIRE_VERSION,
    readOnly: false,
    ...context.engine.replicaSet?.helloFields(),
    ...context.engine.authentication?.helloFields(command, context.connection),
    ok: 1,
  });
}

function buildInfo(_command: Document, context: CommandContext): Document {
  const parts = context.engine.version.split('.').map(Number);
  return {
    version: context.engine.version,
    gitVersion: 'career-embedded-engine',
    versionArray: [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0, 0],
    bits: 64,
    debug: false,
    maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
    storageEngines: ['sqlite'],
    javascriptEngine: 'none',
    modules: [],
    ok: 1,
  };
}

const parameters: Record<string, (context: CommandContext) => unknown> = {
  featureCompatibilityVersion: (context) => ({
    version: context.engine.version.split('.').slice(0, 2).join('.'),
  }),
  authenticationMechanisms: (context) => (context.engine.authentication ? [SCRAM_SHA_256] : []),
  requireApiVersion: () => false,
  enableTestCommands: (context) => context.engine.failPoints !== undefined,
  transactionLifetimeLimitSeconds: (context) => context.engine.transactions?.lifetimeSeconds ?? 60,
  maxBSONDepth: () => 100,
};

function getParameter(command: Document, context: CommandContext): Document {
  const all = command.getParameter === '*';
  const reply: Document = {};
  for (const [name, read] of Object.entries(parameters)) {
    if (all || name in command) reply[name] = read(context);
  }
  if (!all && Object.keys(reply).length === 0) {
    throw new MongoServerError(ErrorCode.InvalidOptions, 'no option found to get');
  }
  return { ...reply, ok: 1 };
}

function serverStatus(_command: Document, context: CommandContext): Document {
  const uptimeMs = Date.now() - context.engine.startedAt.getTime();
  return {
    host: 'localhost',
    version: context.engine.version,
    process: 'career-engine',
    pid: Long.fromNumber(process.pid),
    uptime: Math.floor(uptimeMs / 1000),
    uptimeMillis: Long.fromNumber(uptimeMs),
    localTime: new Date(),
    connections: { current: context.engine.connectionCount(), available: 1000 },
    storageEngine: { name: 'sqlite', location: context.engine.storage.location },
    ok: 1,
  };
}

/** startSession: a new logical session id (the driver makes its own; mongo shells ask). */
function startSession(command: Document, context: CommandContext): Document {
  if (!context.engine.replicaSet) return transactionsUnsupported();
  return { id: { id: new UUID() }, timeoutMinutes: 30, ok: 1 };
}

function replSetGetStatus(_command: Document, context: CommandContext): Document {
  const replicaSet = context.engine.replicaSet;
  if (!replicaSet)
    throw new MongoServerError(ErrorCode.NoReplicationEnabled, 'not running with --replSet');
  return replicaSet.status();
}

function transactionsUnsupported(): Document {
  throw new MongoServerError(
    ErrorCode.IllegalOperation,
    'Transaction numbers are only allowed on a replica set member or mongos',
  );
}

type Handler = (command: Document, context: CommandContext) => Document;

/** A command that reads its few fields itself and takes any others (as mongod's do). */
function lenient(
  name: string,
  help: string,
  run: Handler,
  extra: { aliases?: string[]; adminOnly?: boolean } = {},
): CommandDefinition {
  return defineCommand(name, {
    help,
    ...extra,
    strict: false,
    fields: {},
    run: (_args, context, command) => run(command, context),
  });
}

const ok: Handler = () => ({ ok: 1 });

export const handshakeCommands: CommandList = [
  lenient('hello', 'the handshake: what this server is and accepts', hello(false)),
  lenient('isMaster', 'the legacy handshake', hello(true), { aliases: ['ismaster'] }),
  lenient('ping', 'answers ok', ok),
  lenient('buildInfo', 'the version this server answers as', buildInfo, {
    aliases: ['buildinfo'],
  }),
  lenient('getParameter', 'server parameters drivers and shells ask for', getParameter, {
    adminOnly: true,
  }),
  lenient('whatsmyuri', "the client's own address", (_command, context) => ({
    you: context.connection.remote,
    ok: 1,
  })),
  lenient('endSessions', 'forget sessions', (command, context) => {
    if (Array.isArray(command.endSessions)) context.engine.sessions.end(command.endSessions);
    return { ok: 1 };
  }),
  lenient('killSessions', 'end sessions (nothing to kill here)', ok),
  lenient('killAllSessions', 'end all sessions (nothing to kill here)', ok),
  lenient('refreshSessions', 'keep sessions alive', ok),
  lenient('startSession', 'a new logical session id', startSession),
  lenient('commitTransaction', "commits the session's transaction", transactionsUnsupported),
  lenient('abortTransaction', "aborts the session's transaction", transactionsUnsupported),
  lenient('replSetGetStatus', 'the replica set: one primary', replSetGetStatus, {
    adminOnly: true,
  }),
  lenient('serverStatus', 'uptime, connections and storage', serverStatus),
  lenient('hostInfo', 'the host this server runs on', () => ({
    system: { currentTime: new Date(), hostname: 'localhost' },
    os: { type: process.platform },
    ok: 1,
  })),
  lenient(
    'getCmdLineOpts',
    "the server's command line",
    () => ({
      argv: ['career-engine'],
      parsed: {},
      ok: 1,
    }),
    { adminOnly: true },
  ),
  lenient(
    'getLog',
    'recent log lines (none are kept in memory)',
    () => ({
      totalLinesWritten: 0,
      log: [],
      ok: 1,
    }),
    { adminOnly: true },
  ),
  lenient('getFreeMonitoringStatus', 'free monitoring: disabled', () => ({
    state: 'disabled',
    ok: 1,
  })),
];
