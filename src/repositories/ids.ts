// Ids as people type them: a full 24-character ObjectId or any unique prefix of at least
// 4 hex characters, like git's abbreviated hashes. Always resolved within one user's data.
import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import {
  AmbiguousIdError,
  MalformedIdError,
  RecordNotFoundError,
  UsageError,
  type RecordRef,
} from '../domain/errors.js';
import type { RecordKind as KindName } from '../domain/phrases.js';
import {
  commonPrefixLength,
  idLengthsAmong,
  neededLength,
  prefixRange,
  SHORT_ID_LENGTH,
} from '../domain/short-ids.js';

export const MIN_PREFIX_LENGTH = 4;
const HEX = /^[0-9a-f]+$/;

/**
 * A new ObjectId whose 8 bytes after the timestamp are random. The driver's own ids end in a
 * per-process value and a counter, so a burst of records (an import) would share 18 leading
 * characters; these differ right after the first 8, and listings can show them short.
 */
export function burstObjectId(now: number = Date.now()): Types.ObjectId {
  const bytes = Buffer.alloc(12);
  bytes.writeUInt32BE(Math.floor(now / 1000), 0);
  randomTail().copy(bytes, 4);
  return new Types.ObjectId(bytes);
}

// Random bytes drawn 8 KB at a time: one randomBytes call per id costs more than the rest of
// an imported row's id.
const RANDOM_POOL_SIZE = 8192;
let randomPool = Buffer.alloc(0);
let randomOffset = 0;

function randomTail(): Buffer {
  if (randomOffset + 8 > randomPool.length) {
    randomPool = randomBytes(RANDOM_POOL_SIZE);
    randomOffset = 0;
  }
  randomOffset += 8;
  return randomPool.subarray(randomOffset - 8, randomOffset);
}

/** How a kind of record is named in messages ("application", "contact"...). */
export interface RecordKind {
  noun: KindName;
  /** The id of the record these belong to (a follow-up's connection), if any. */
  within?: string;
}

/**
 * The id of the one record of `model` owned by `userId` whose id is `input` or starts with
 * it. Throws NotFound, Ambiguous (listing the candidates) or Usage for a malformed id.
 */
/** The ids of one user's records of a kind (a repository provides it). */
export type OwnedIds = () => Promise<Types.ObjectId[]>;

export async function resolveOwnedId(
  ownedIds: OwnedIds,
  input: string,
  kind: RecordKind,
): Promise<Types.ObjectId> {
  const text = input.trim().toLowerCase();
  if (!HEX.test(text) || text.length > 24) {
    throw new MalformedIdError(recordRef(input, kind));
  }
  if (text.length < MIN_PREFIX_LENGTH) {
    throw new UsageError(
      `id prefix '${input}' is too short: give at least ${MIN_PREFIX_LENGTH} characters`,
    );
  }
  // Only this user's ids are read: an id or prefix can never match someone else's record.
  const owned = await ownedIds();
  const matches = owned.filter((id) => id.toHexString().startsWith(text));
  if (matches.length === 0) throw notFound(input, kind);
  if (matches.length > 1) {
    const candidates = matches.slice(0, 10).map((id) => id.toHexString());
    throw new AmbiguousIdError(
      `id prefix '${input}' matches ${matches.length} ${plural(kind.noun)}: ${candidates.join(', ')}${matches.length > 10 ? ', ...' : ''}`,
      { hint: 'type more characters of the id' },
    );
  }
  return matches[0] as Types.ObjectId;
}

function recordRef(input: string, kind: RecordKind): RecordRef {
  return {
    kind: kind.noun,
    id: input,
    ...(kind.within === undefined ? {} : { within: kind.within }),
  };
}

function notFound(input: string, kind: RecordKind): RecordNotFoundError {
  return new RecordNotFoundError(recordRef(input, kind));
}

/** English plural of a record noun ("activity" -> "activities", "job" -> "jobs"). */
function plural(noun: string): string {
  return /[^aeiou]y$/.test(noun) ? `${noun.slice(0, -1)}ies` : `${noun}s`;
}

/** This user's ids (hex) from `lo` to `hi` inclusive, at most `limit` of them. */
export type OwnedIdsBetween = (lo: string, hi: string, limit: number) => Promise<string[]>;

/**
 * How many ids of a second, per id of it to print, are read at once: a page of 50 from a
 * second of up to 1,000 records reads them all (one query) instead of probing 50 times, a
 * page of 1,000 from an import's 20,000. Reading an id costs far less than a probe (a query),
 * and what is read stays proportional to what is printed.
 */
const SECOND_READ_FACTOR = 20;

/**
 * How many characters each of `ids` needs to name one of this user's records of its kind
 * (see src/domain/short-ids.ts), from range queries on _id: one per second the ids were made
 * in, reading that second's ids whole when they are at most 20 times as many as the second's
 * share of `ids`; when the second holds more, one more query per id and step
 * towards the prefix no other id shares. Never reads every id of a big account, and
 * linear in the number of ids (a listing of 50,000 must not compare each with each).
 */
export async function idLengthsByRange(
  ids: readonly string[],
  between: OwnedIdsBetween,
): Promise<Map<string, number>> {
  const targets = [...new Set(ids)];
  const lengths = new Map<string, number>();
  const bySecond = new Map<string, string[]>();
  for (const id of targets) {
    const second = id.slice(0, SHORT_ID_LENGTH);
    const group = bySecond.get(second);
    if (group === undefined) bySecond.set(second, [id]);
    else group.push(id);
  }
  await Promise.all(
    [...bySecond].map(async ([second, group]) => {
      const { lo, hi } = prefixRange(second);
      const limit = SECOND_READ_FACTOR * group.length + 1;
      const found = await between(lo, hi, limit);
      if (found.length < limit) {
        // Every id of that second is in hand: the lengths among them are the answer. (A record
        // just removed is among the ids but not found: it is counted among them all the same.)
        const among = idLengthsAmong(group, found);
        for (const id of group) lengths.set(id, among.get(id) ?? SHORT_ID_LENGTH);
        return;
      }
      const amongThemselves = idLengthsAmong(group, group);
      await Promise.all(
        group.map(async (id) => {
          const from = amongThemselves.get(id) ?? SHORT_ID_LENGTH;
          lengths.set(id, await probedLength(id, from, between));
        }),
      );
    }),
  );
  return lengths;
}

/** The length `id` needs, from `from` characters on: longer while another id shares them. */
async function probedLength(id: string, from: number, between: OwnedIdsBetween): Promise<number> {
  let length = Math.max(from, SHORT_ID_LENGTH + 1);
  while (length < id.length) {
    const { lo, hi } = prefixRange(id.slice(0, length));
    const other = (await between(lo, hi, 2)).find((each) => each !== id);
    if (other === undefined) return length;
    length = neededLength(commonPrefixLength(id, other));
  }
  return id.length;
}
