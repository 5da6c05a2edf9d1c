// mongod's failCommand fail point, a test hook: makes chosen commands fail with a given error,
// or drops the connection, a given number of times. Like mongod, the engine accepts
// configureFailPoint only when started with test commands enabled.
import type { Document } from 'bson';
import { ErrorCode, MongoServerError } from '../errors.js';
import { CloseConnection } from '../wire/types.js';
import { asNumber, isDocument } from './arguments.js';

interface FailCommand {
  commands: Set<string>;
  /** Remaining activations; Infinity for mode 'alwaysOn'. */
  remaining: number;
  data: Document;
}

/** Activations a mode asks for: 0 for 'off', Infinity for 'alwaysOn', n for {times: n}. */
function activations(mode: unknown): number {
  if (mode === 'off') return 0;
  if (mode === 'alwaysOn') return Infinity;
  if (isDocument(mode) && asNumber(mode.times) !== undefined) return asNumber(mode.times) ?? 0;
  throw new MongoServerError(
    ErrorCode.BadValue,
    "fail point mode must be 'off', 'alwaysOn' or {times: n}",
  );
}

export class FailPoints {
  private failCommand: FailCommand | undefined;
  /** onPrimaryTransactionalWrite: drops the connection around a retryable write. */
  private transactionalWrite: { remaining: number; skip: number; data: Document } | undefined;

  configure(command: Document): Document {
    const name = command.configureFailPoint;
    const data = isDocument(command.data) ? command.data : {};
    const mode: unknown = command.mode;
    // {skip: n}: passes the first n activations by, then is on for good.
    const skip = isDocument(mode) ? (asNumber(mode.skip) ?? 0) : 0;
    const remaining = skip > 0 ? Infinity : activations(mode);
    if (name === 'onPrimaryTransactionalWrite') {
      this.transactionalWrite = remaining > 0 ? { remaining, skip, data } : undefined;
      return { count: 0, ok: 1 };
    }
    if (name !== 'failCommand') {
      throw new MongoServerError(ErrorCode.BadValue, `unknown fail point: ${String(name)}`);
    }
    const commands = Array.isArray(data.failCommands) ? data.failCommands.map(String) : [];
    this.failCommand = remaining > 0 ? { commands: new Set(commands), remaining, data } : undefined;
    return { count: 0, ok: 1 };
  }

  /**
   * onPrimaryTransactionalWrite, around a retryable write: with failBeforeCommitExceptionCode
   * the write is not applied and the connection drops (before: true); without, the write is
   * applied and recorded and then the connection drops (before: false).
   */
  transactionalWriteHook(before: boolean): void {
    const point = this.transactionalWrite;
    if (!point) return;
    const failsBefore = point.data.failBeforeCommitExceptionCode !== undefined;
    if (failsBefore !== before) return;
    if (point.skip > 0) {
      point.skip--;
      return;
    }
    point.remaining--;
    if (point.remaining <= 0) this.transactionalWrite = undefined;
    if (point.data.closeConnection === false && failsBefore) {
      const code = asNumber(point.data.failBeforeCommitExceptionCode) ?? ErrorCode.InternalError;
      throw new MongoServerError(code, "Failing write via 'onPrimaryTransactionalWrite' failpoint");
    }
    throw new CloseConnection();
  }

  /**
   * Applies the fail point to a command about to run: throws to fail it or drop the
   * connection, or returns what to add to its reply (a write concern error and its labels).
   */
  async intercept(commandName: string): Promise<Document | undefined> {
    const failCommand = this.failCommand;
    if (!failCommand || !failCommand.commands.has(commandName)) return undefined;
    failCommand.remaining--;
    if (failCommand.remaining <= 0) this.failCommand = undefined;
    const data = failCommand.data;
    const blockMs = asNumber(data.blockTimeMS);
    if (data.blockConnection === true && blockMs !== undefined) {
      await new Promise((resolve) => setTimeout(resolve, blockMs));
    }
    if (data.closeConnection === true) throw new CloseConnection();
    const code = asNumber(data.errorCode);
    if (code !== undefined) {
      const labels = Array.isArray(data.errorLabels) ? { errorLabels: data.errorLabels } : {};
      throw new MongoServerError(code, "Failing command via 'failCommand' failpoint", labels);
    }
    if (!isDocument(data.writeConcernError)) return undefined;
    const labels = Array.isArray(data.errorLabels) ? { errorLabels: data.errorLabels } : {};
    return { writeConcernError: data.writeConcernError, ...labels };
  }
}
