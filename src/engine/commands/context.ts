// What every command handler gets: the engine's shared state plus this request's facts.
import type { Document } from 'bson';
import type { EngineLog } from '../log.js';
import type { StorageBackend } from '../storage/backend.js';
import type { CommandRequest, ConnectionInfo } from '../wire/types.js';
import type { CommandDefinition } from './command-definition.js';
import type { Authenticator } from './authentication.js';
import type { TimeBudget } from './budget.js';
import type { CursorRegistry } from './cursors.js';
import type { FailPoints } from './fail-points.js';
import type { PipelineThread } from './pipeline-thread.js';
import type { SessionRegistry } from './sessions.js';
import type { ReplicaSetIdentity } from '../sessions/replica-set.js';
import type { TransactionCoordinator } from '../transactions/coordinator.js';

/** State shared by all connections of one running engine. */
export interface EngineState {
  readonly storage: StorageBackend;
  readonly cursors: CursorRegistry;
  readonly sessions: SessionRegistry;
  /**
   * The single-node replica set the engine runs as, with sessions, retryable writes and
   * transactions; absent (tests of the command layer alone), it answers as a standalone.
   */
  readonly replicaSet?: ReplicaSetIdentity;
  readonly transactions?: TransactionCoordinator;
  /** Present only when test commands are enabled (configureFailPoint). */
  readonly failPoints?: FailPoints;
  /** Who may sign in; absent only when the engine was started without authentication. */
  readonly authentication?: Authenticator;
  readonly startedAt: Date;
  /** The MongoDB version the engine answers as (buildInfo, hello's wire version). */
  readonly version: string;
  readonly connectionCount: () => number;
  /** The largest message the wire layer accepts, told to drivers in hello (default 48 MB). */
  readonly maxMessageBytes?: number;
  /**
   * Replies go straight to the wire encoder, so whole-collection finds may put stored bytes
   * (RawDocument) in their batches. Off for callers that read replies as documents.
   */
  readonly rawReplies?: boolean;
  /** The opt-in log (log.ts): failed and slow commands; absent, nothing is logged. */
  readonly log?: EngineLog;
  /** Where big pipelines run (see pipeline-thread.ts); without it, on the engine's thread. */
  readonly pipelines?: PipelineThread;
}

export interface CommandContext {
  readonly engine: EngineState;
  readonly db: string;
  readonly request: CommandRequest;
  readonly connection: ConnectionInfo;
  /** The command's maxTimeMS and slices (see budget.ts); running while the handler runs. */
  readonly budget: TimeBudget;
}

export type CommandImplementation = (
  command: Document,
  context: CommandContext,
) => Document | Promise<Document>;

/** The commands one module declares (command-definition.ts), as the dispatcher takes them. */
export type CommandList = readonly CommandDefinition[];
