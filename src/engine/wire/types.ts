// What the wire layer hands to the command layer, and what it needs back.
import type { Document } from 'bson';

/** One command as it arrived, whatever the opcode (OP_MSG or legacy OP_QUERY on $cmd). */
export interface CommandRequest {
  /** The database the command runs against ($db for OP_MSG, the namespace's db for OP_QUERY). */
  db: string;
  /**
   * The command body, decoded typed (see ../codec.ts). OP_MSG document-sequence sections are
   * merged in as arrays under their identifier (e.g. `documents` for insert).
   */
  command: Document;
  /**
   * For each document-sequence section, the exact bytes of each document, parallel to the
   * decoded array in `command[identifier]`, so inserts can store what the client sent.
   */
  rawSequences: Map<string, Buffer[]>;
  /** OP_MSG moreToCome: the client expects no reply (unacknowledged write). */
  moreToCome: boolean;
  /** Arrived as a legacy OP_QUERY (answered with OP_REPLY). */
  legacy: boolean;
}

/**
 * Facts about the client connection, for hello/whatsmyuri and cursor ownership. One object for
 * the connection's whole life: the command layer keys its sign-in state on it.
 */
export interface ConnectionInfo {
  readonly id: number;
  /** "host:port" of the peer, or "unix" for a Unix-socket peer. */
  readonly remote: string;
}

/**
 * Runs one command and returns its reply document ({ ok: 1, ... } or { ok: 0, errmsg, code,
 * codeName }). It may throw; the wire layer then answers with the error's shape.
 */
export type CommandHandler = (
  request: CommandRequest,
  connection: ConnectionInfo,
) => Promise<Document> | Document;

/**
 * Thrown by a handler to drop the connection without replying, as mongod does for a
 * failCommand fail point with closeConnection (drivers then see a network error).
 */
export class CloseConnection extends Error {
  constructor() {
    super('connection closed by the server');
    this.name = 'CloseConnection';
  }
}
