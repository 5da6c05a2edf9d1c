// Keep in touch: a connection's cadence (days between contacts), its default from the profile's
// networking intensity and the connection's type, the last contact and the next due date a
// listing shows, and what completing a follow-up plans next (a recurrence, else the cadence).
import type { UserProfile, UserRepositories } from '../repositories/index.js';
import type {
  ConnectionDocument,
  ConnectionStatus,
  ConnectionType,
  FollowUpDocument,
} from '../repositories/connection-repository.js';
import { addSpan } from '../domain/recurrence.js';
import { TARGET_DEFAULTS, type NetworkingIntensity } from './targets-service.js';

const DAY_MS = 24 * 3600 * 1000;

/**
 * Default days between contacts, by networking intensity and connection type (null: none):
 * a mentor is seen most often, a professional acquaintance least; low intensity leaves
 * professional contacts alone.
 */
export const DEFAULT_CADENCE_DAYS: Readonly<
  Record<NetworkingIntensity, Readonly<Record<ConnectionType, number | null>>>
> = {
  low: { mentor: 60, peer: 90, professional: null },
  moderate: { mentor: 30, peer: 60, professional: 90 },
  high: { mentor: 14, peer: 30, professional: 60 },
};

/** What of the profile the default cadence reads (absent: the targets' default, moderate). */
export type CadenceProfile = Partial<Pick<UserProfile, 'networkingIntensity'>>;

/** The cadence a new connection gets when none is given; rejected ones get none. */
export function defaultCadenceDays(
  user: CadenceProfile,
  type: ConnectionType,
  status: ConnectionStatus,
): number | null {
  if (status === 'rejected') return null;
  const intensity = user.networkingIntensity ?? TARGET_DEFAULTS.networkingIntensity;
  return DEFAULT_CADENCE_DAYS[intensity][type];
}

/** What a listing adds to a connection (`--json`: lastContactAt, nextDueAt, cadenceDays). */
export interface CadenceFacts {
  /** The latest completed follow-up, or the connection's creation if none. */
  lastContactAt: Date;
  /** The earliest open follow-up's due date; else last contact + cadence; else null. */
  nextDueAt: Date | null;
  /** Days between contacts; null: no cadence. */
  cadenceDays: number | null;
}

export function lastContactAt(connection: ConnectionDocument): Date {
  let latest: number | undefined;
  for (const followUp of connection.followUps) {
    const at = followUp.completed ? followUp.completedAt?.getTime() : undefined;
    if (at !== undefined && (latest === undefined || at > latest)) latest = at;
  }
  return latest === undefined ? connection.createdAt : new Date(latest);
}

export function cadenceFacts(connection: ConnectionDocument): CadenceFacts {
  const last = lastContactAt(connection);
  const cadenceDays = connection.cadenceDays ?? null;
  const open = connection.followUps
    .filter((followUp) => !followUp.completed)
    .map((followUp) => followUp.dueDate.getTime());
  const nextDue =
    open.length > 0
      ? Math.min(...open)
      : cadenceDays === null
        ? undefined
        : last.getTime() + cadenceDays * DAY_MS;
  return {
    lastContactAt: last,
    nextDueAt: nextDue === undefined ? null : new Date(nextDue),
    cadenceDays,
  };
}

/** What completing a follow-up planned next, or the open one that made a new one needless. */
export type NextContact =
  | { planned: FollowUpDocument; reason: 'recurrence' | 'cadence' }
  | { alreadyOpen: FollowUpDocument }
  | null;

/** The next occurrence of a recurring follow-up done at `now` (undefined if it does not recur). */
export function nextOccurrence(followUp: FollowUpDocument, now: Date): Date | undefined {
  const every = followUp.every;
  if (!every || ((every.days ?? 0) === 0 && (every.months ?? 0) === 0)) return undefined;
  const span = { days: every.days ?? 0, months: every.months ?? 0 };
  if (!followUp.fromDone) return addSpan(followUp.dueDate, span);
  // From the completion day, at the follow-up's time of day.
  const base = new Date(now);
  base.setHours(followUp.dueDate.getHours(), followUp.dueDate.getMinutes(), 0, 0);
  return addSpan(base, span);
}

/**
 * After `done` (as it was before completion) on `connection`: the next occurrence when it
 * recurs, else a follow-up a cadence after now unless one is open already, else nothing.
 */
export async function planNextContact(
  data: UserRepositories,
  connection: ConnectionDocument,
  done: FollowUpDocument,
  now: Date,
): Promise<NextContact> {
  const recurs = nextOccurrence(done, now);
  const notes = done.notes ?? undefined;
  if (recurs !== undefined) {
    const planned = await data.connections.addFollowUp(connection._id, {
      type: done.type,
      dueDate: recurs,
      ...(notes === undefined ? {} : { notes }),
      every: { days: done.every?.days ?? 0, months: done.every?.months ?? 0 },
      ...(done.fromDone ? { fromDone: true } : {}),
    });
    return planned ? { planned, reason: 'recurrence' } : null;
  }
  const cadenceDays = connection.cadenceDays ?? null;
  if (cadenceDays === null) return null;
  const planned = await data.connections.addFollowUpIfNoneOpen(connection._id, {
    type: done.type,
    dueDate: addSpan(now, { days: cadenceDays, months: 0 }),
    notes: `Keep in touch (every ${cadenceDays} days)`,
  });
  if (planned) return { planned, reason: 'cadence' };
  const fresh = await data.connections.findById(connection._id);
  const open = fresh?.followUps
    .filter((followUp) => !followUp.completed)
    .sort((a, b) => a.dueDate.getTime() - b.dueDate.getTime())[0];
  return open ? { alreadyOpen: open } : null;
}
