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

export class FailPoints {
  private failCommand: FailCommand | undefined;

  configure(command: Document): Document {
    const name = command.configureFailPoint;
    if (name !== 'failCommand') {
      throw new MongoServerError(ErrorCode.BadValue, `unknown fail point: ${String(name)}`);
    }
    const mode = command.mode;
    const data = isDocument(command.data) ? command.data : {};
    let remaining: number;
    if (mode === 'off') remaining = 0;
    else if (mode === 'alwaysOn') remaining = Infinity;
    else if (isDocument(mode) && asNumber(mode.times) !== undefined)
      remaining = asNumber(mode.times) ?? 0;
    else
      throw new MongoServerError(
        ErrorCode.BadValue,
        "fail point mode must be 'off', 'alwaysOn' or {times: n}",
      );
    const commands = Array.isArray(data.failCommands) ? data.failCommands.map(String) : [];
    this.failCommand = remaining > 0 ? { commands: new Set(commands), remaining, data } : undefined;
    return { count: 0, ok: 1 };
  }

  /**
   * Applies the fail point to a command about to run: throws to fail it or drop the
   * connection, or returns a write concern error to attach to its reply.
   */
  intercept(commandName: string): Document | undefined {
    const failCommand = this.failCommand;
    if (!failCommand || !failCommand.commands.has(commandName)) return undefined;
    failCommand.remaining--;
    if (failCommand.remaining <= 0) this.failCommand = undefined;
    const data = failCommand.data;
    if (data.closeConnection === true) throw new CloseConnection();
    const code = asNumber(data.errorCode);
    if (code !== undefined) {
      const labels = Array.isArray(data.errorLabels) ? { errorLabels: data.errorLabels } : {};
      throw new MongoServerError(code, "Failing command via 'failCommand' failpoint", labels);
    }
    return isDocument(data.writeConcernError) ? data.writeConcernError : undefined;
  }
}
