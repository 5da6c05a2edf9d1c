// Who a connection is signed in as: SCRAM-SHA-256 through saslStart/saslContinue (or hello's
// speculativeAuthenticate, which saves drivers a round trip), logout, and the gate that
// answers Unauthorized (13) to every other command until then, as mongod with --auth does.
import { Binary, type Document } from 'bson';
import { ErrorCode, MongoServerError } from '../errors.js';
import { SCRAM_SHA_256, ScramConversation, type ScramCredential } from '../auth/scram.js';
import type { ConnectionInfo } from '../wire/types.js';
import { asNumber, isDocument } from './arguments.js';
import { defineCommand } from './command-definition.js';
import type { CommandContext, CommandList } from './context.js';
import { extractFields, optional } from './parameters.js';

const SASL_OPTION_FIELDS = { skipEmptyExchange: optional('bool') } as const;

/** The database users live in (the `authSource` of a connection string). */
export const AUTHENTICATION_DATABASE = 'admin';

/**
 * What mongod runs before authentication (their requiresAuth() is false): the handshake,
 * ping, buildInfo (7.0 answers it; 8.0 made it configurable), the SASL steps, logout and
 * connectionStatus. Everything else answers Unauthorized.
 */
const OPEN_COMMANDS: ReadonlySet<string> = new Set([
  'hello',
  'isMaster',
  'ismaster',
  'ping',
  'buildInfo',
  'buildinfo',
  'saslStart',
  'saslContinue',
  'logout',
  'connectionStatus',
]);

/** mongod's only answer to a failed step, whatever went wrong: nothing for a guesser to learn. */
function authenticationFailed(): MongoServerError {
  return new MongoServerError(ErrorCode.AuthenticationFailed, 'Authentication failed.');
}

interface Conversation {
  readonly scram: ScramConversation;
  /** Which step comes next: the client's proof, or (without skipEmptyExchange) an empty one. */
  step: 'proof' | 'empty';
  readonly skipEmptyExchange: boolean;
  /** Payloads arrive as binary or as base64 text (legacy clients); answered in kind. */
  readonly base64: boolean;
  pendingUser?: string;
}

interface ConnectionState {
  user?: string;
  conversation?: Conversation;
}

function payloadOf(command: Document): { bytes: Buffer; base64: boolean } {
  const payload: unknown = command.payload;
  if (payload instanceof Binary) return { bytes: Buffer.from(payload.buffer), base64: false };
  if (typeof payload === 'string') return { bytes: Buffer.from(payload, 'base64'), base64: true };
  throw authenticationFailed();
}

function payloadReply(bytes: Buffer, base64: boolean): Binary | string {
  return base64 ? bytes.toString('base64') : new Binary(bytes);
}

/** The one user an engine accepts, and each connection's sign-in state. */
export class Authenticator {
  // Keyed on the connection's info object, which the wire layer keeps for the connection's
  // life: the state goes when the connection does.
  private readonly connections = new WeakMap<ConnectionInfo, ConnectionState>();

  constructor(private readonly credential: ScramCredential) {}

  get username(): string {
    return this.credential.username;
  }

  private state(connection: ConnectionInfo): ConnectionState {
    let state = this.connections.get(connection);
    if (!state) {
      state = {};
      this.connections.set(connection, state);
    }
    return state;
  }

  /** Throws Unauthorized when `name` needs a signed-in connection and this one is not. */
  check(name: string, connection: ConnectionInfo): void {
    if (OPEN_COMMANDS.has(name) || this.connections.get(connection)?.user !== undefined) return;
    throw new MongoServerError(ErrorCode.Unauthorized, `command ${name} requires authentication`);
  }

  signedInUser(connection: ConnectionInfo): string | undefined {
    return this.connections.get(connection)?.user;
  }

  private credentialFor(database: string) {
    return (username: string): ScramCredential | undefined =>
      database === AUTHENTICATION_DATABASE && username === this.credential.username
        ? this.credential
        : undefined;
  }

  saslStart(command: Document, database: string, connection: ConnectionInfo): Document {
    const mechanism: unknown = command.mechanism;
    if (mechanism !== SCRAM_SHA_256) {
      throw new MongoServerError(
        ErrorCode.MechanismUnavailable,
        `Received authentication for mechanism ${String(mechanism)} which is unknown or not enabled`,
      );
    }
    const state = this.state(connection);
    delete state.conversation;
    const { bytes, base64 } = payloadOf(command);
    const options: unknown = command.options;
    const skipEmptyExchange =
      isDocument(options) &&
      extractFields(options, SASL_OPTION_FIELDS, 'saslStart.options', { strict: false })
        .skipEmptyExchange === true;
    const scram = new ScramConversation(this.credentialFor(database));
    let serverFirst: Buffer;
    try {
      serverFirst = scram.start(bytes);
    } catch {
      throw authenticationFailed();
    }
    state.conversation = { scram, step: 'proof', skipEmptyExchange, base64 };
    return { conversationId: 1, done: false, payload: payloadReply(serverFirst, base64), ok: 1 };
  }

  saslContinue(command: Document, connection: ConnectionInfo): Document {
    const state = this.state(connection);
    const conversation = state.conversation;
    if (!conversation) {
      throw new MongoServerError(ErrorCode.ProtocolError, 'No SASL session state found');
    }
    if (asNumber(command.conversationId) !== 1) {
      delete state.conversation;
      throw new MongoServerError(ErrorCode.ProtocolError, 'sasl: Mismatched conversation id');
    }
    try {
      if (conversation.step === 'empty') return this.succeed(state, conversation, Buffer.alloc(0));
      const { serverFinal, username } = conversation.scram.finish(payloadOf(command).bytes);
      conversation.pendingUser = username;
      if (conversation.skipEmptyExchange) return this.succeed(state, conversation, serverFinal);
      conversation.step = 'empty';
      return {
        conversationId: 1,
        done: false,
        payload: payloadReply(serverFinal, conversation.base64),
        ok: 1,
      };
    } catch {
      delete state.conversation;
      throw authenticationFailed();
    }
  }

  private succeed(state: ConnectionState, conversation: Conversation, payload: Buffer): Document {
    delete state.conversation;
    if (conversation.pendingUser === undefined) throw authenticationFailed();
    state.user = conversation.pendingUser;
    return {
      conversationId: 1,
      done: true,
      payload: payloadReply(payload, conversation.base64),
      ok: 1,
    };
  }

  /**
   * hello's extra fields: saslSupportedMechs for `db.user` (only for a user that exists, as
   * mongod does), and the first SCRAM step when the driver sent it along. A failed
   * speculative step is left out of the reply, as mongod does; the driver then runs saslStart.
   */
  helloFields(command: Document, connection: ConnectionInfo): Document {
    const fields: Document = {};
    const mechanismsFor: unknown = command.saslSupportedMechs;
    if (mechanismsFor === `${AUTHENTICATION_DATABASE}.${this.credential.username}`) {
      fields.saslSupportedMechs = [SCRAM_SHA_256];
    }
    const speculative: unknown = command.speculativeAuthenticate;
    if (isDocument(speculative) && typeof speculative.db === 'string') {
      try {
        fields.speculativeAuthenticate = this.saslStart(speculative, speculative.db, connection);
        delete fields.speculativeAuthenticate.ok;
      } catch {
        // Treated as if the driver had never asked.
      }
    }
    return fields;
  }

  logout(database: string, connection: ConnectionInfo): void {
    if (database === AUTHENTICATION_DATABASE) this.connections.delete(connection);
  }
}

function authenticator(context: CommandContext): Authenticator {
  const auth = context.engine.authentication;
  // Without authentication, mongod has no SASL mechanism enabled to answer with.
  if (!auth) {
    throw new MongoServerError(
      ErrorCode.MechanismUnavailable,
      'Received authentication for mechanism SCRAM-SHA-256 which is unknown or not enabled',
    );
  }
  return auth;
}

/** Whether mongod runs this command before sign-in (listCommands' requiresAuth is the opposite). */
export function isOpenCommand(name: string): boolean {
  return OPEN_COMMANDS.has(name);
}

export const authenticationCommands: CommandList = [
  defineCommand('saslStart', {
    help: 'the first step of a SASL sign-in',
    strict: false,
    fields: {},
    run: (_args, context, command) =>
      authenticator(context).saslStart(command, context.db, context.connection),
  }),
  defineCommand('saslContinue', {
    help: 'the next step of a SASL sign-in',
    strict: false,
    fields: {},
    run: (_args, context, command) =>
      authenticator(context).saslContinue(command, context.connection),
  }),
  defineCommand('logout', {
    help: 'sign out of this database',
    strict: false,
    fields: {},
    run: (_args, context) => {
      context.engine.authentication?.logout(context.db, context.connection);
      return { ok: 1 };
    },
  }),
  defineCommand('connectionStatus', {
    help: 'who this connection is signed in as',
    strict: false,
    fields: {},
    run: (_args, context) => {
      const user = context.engine.authentication?.signedInUser(context.connection);
      return {
        authInfo: {
          authenticatedUsers: user === undefined ? [] : [{ user, db: AUTHENTICATION_DATABASE }],
          authenticatedUserRoles:
            user === undefined ? [] : [{ role: 'root', db: AUTHENTICATION_DATABASE }],
        },
        ok: 1,
      };
    },
  }),
];
