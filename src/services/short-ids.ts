// How long each printed id must be to name one record: every id a command prints (in a
// listing, a success line, a hint) is a prefix no other record of its kind of this user's
// shares, at the moment it is printed, however many records there are (see
// src/domain/short-ids.ts and OwnedRepository.idLengths).
import type { Types } from 'mongoose';
import type { IdLengths } from '../domain/short-ids.js';
import type { UserRepositories } from '../repositories/index.js';

export type { IdLengths };

/** The kinds of record an id can name. */
export type IdKind =
  'job' | 'application' | 'contact' | 'connection' | 'activity' | 'interview' | 'follow-up';

/** The ids to print, by kind. */
export type IdsToPrint = Partial<Record<IdKind, readonly Types.ObjectId[]>>;

function lengthsOf(
  data: UserRepositories,
  kind: IdKind,
  ids: readonly Types.ObjectId[],
): Promise<IdLengths> {
  switch (kind) {
    case 'job':
      return data.jobs.idLengths(ids);
    case 'application':
      return data.applications.idLengths(ids);
    case 'contact':
      return data.contacts.idLengths(ids);
    case 'connection':
      return data.connections.idLengths(ids);
    case 'activity':
      return data.activities.idLengths(ids);
    case 'interview':
      return data.applications.interviewIdLengths(ids);
    case 'follow-up':
      return data.connections.followUpIdLengths(ids);
  }
}

/** How many characters each of these ids needs (one map for all kinds: ids never repeat). */
export async function idLengths(data: UserRepositories, ids: IdsToPrint): Promise<IdLengths> {
  const maps = await Promise.all(
    Object.entries(ids).map(([kind, list]) => lengthsOf(data, kind as IdKind, list ?? [])),
  );
  return new Map(maps.flatMap((map) => [...map]));
}

/** `result` with the lengths of the ids it prints (worked out in the same session). */
export async function withPrintedIds<T>(
  data: UserRepositories,
  result: T,
  ids: (result: T) => IdsToPrint,
): Promise<[T, IdLengths]> {
  return [result, await idLengths(data, ids(result))];
}
