// testRunner assertions about sessions and clients: transaction state, pinning, dirtiness,
// lsids of the last two commands, connections checked out.
import type { ClientSession } from 'mongodb';
import type { SpecialOperation } from './special-operations.js';
import { AssertionFailure, asString, type Document, RunnerError, toNumber } from './values.js';

/** The driver's transaction states under the spec's names. */
const TRANSACTION_STATES: Record<string, string> = {
  NO_TRANSACTION: 'none',
  STARTING_TRANSACTION: 'starting',
  TRANSACTION_IN_PROGRESS: 'in_progress',
  TRANSACTION_COMMITTED: 'committed',
  TRANSACTION_COMMITTED_EMPTY: 'committed',
  TRANSACTION_ABORTED: 'aborted',
};

function transactionState(session: ClientSession): string {
  const state = (session as unknown as { transaction: { state: string } }).transaction.state;
  return TRANSACTION_STATES[state] ?? state;
}

function isDirty(session: ClientSession): boolean {
  const server = (session as unknown as { serverSession?: { isDirty?: boolean } }).serverSession;
  return server?.isDirty === true;
}

function sessionCheck(
  describeFailure: string,
  holds: (session: ClientSession, args: Document) => boolean,
): SpecialOperation {
  return async (args, context) => {
    const session = context.entities.session(asString(args.session, 'session'));
    if (!holds(session, args)) throw new AssertionFailure(describeFailure);
  };
}

function lsidCheck(same: boolean): SpecialOperation {
  return async (args, context) => {
    const recorder = context.entities.recorder(asString(args.client, 'client'));
    const started = recorder.events.filter((event) => event.type === 'commandStartedEvent');
    const lsids = started.slice(-2).map((event) => (event.event.command as Document)?.lsid);
    if (lsids.length < 2) throw new AssertionFailure('fewer than two commands were observed');
    if (lsids.some((lsid) => lsid === undefined)) {
      throw new AssertionFailure('one of the last two commands has no lsid');
    }
    const [first, second] = lsids.map((lsid) => JSON.stringify(lsid));
    if ((first === second) !== same) {
      throw new AssertionFailure(`lsids should ${same ? '' : 'not '}be equal: ${first}, ${second}`);
    }
  };
}

export const sessionAssertions: Record<string, SpecialOperation> = {
  assertSessionTransactionState: async (args, context) => {
    const session = context.entities.session(asString(args.session, 'session'));
    const wanted = asString(args.state, 'state');
    if (!Object.values(TRANSACTION_STATES).includes(wanted)) {
      throw new RunnerError(`unknown transaction state ${wanted}`);
    }
    const actual = transactionState(session);
    if (actual !== wanted)
      throw new AssertionFailure(`transaction state is ${actual}, not ${wanted}`);
  },
  assertSessionPinned: sessionCheck('the session is not pinned', (session) => session.isPinned),
  assertSessionUnpinned: sessionCheck('the session is pinned', (session) => !session.isPinned),
  assertSessionDirty: sessionCheck('the session is not dirty', (session) => isDirty(session)),
  assertSessionNotDirty: sessionCheck('the session is dirty', (session) => !isDirty(session)),
  assertSameLsidOnLastTwoCommands: lsidCheck(true),
  assertDifferentLsidOnLastTwoCommands: lsidCheck(false),
  assertNumberConnectionsCheckedOut: async (args, context) => {
    const recorder = context.entities.recorder(asString(args.client, 'client'));
    const wanted = toNumber(args.connections, 'connections');
    if (recorder.connectionsCheckedOut !== wanted) {
      throw new AssertionFailure(
        `${recorder.connectionsCheckedOut} connections are checked out, not ${wanted}`,
      );
    }
  },
};
