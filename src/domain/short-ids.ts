// How many leading hex characters of an id to print so that it names one record: the
// shortest prefix, of at least 8 characters, that no other id of the same kind shares (git
// shortens hashes the same way). An ObjectId's first 8 characters are the second it was
// made, so records made in the same second (an import, two quick adds) need more.

/** Id (24 hex characters) -> how many of its characters to print. */
export type IdLengths = ReadonlyMap<string, number>;

/** The fewest characters an id is printed with. */
export const SHORT_ID_LENGTH = 8;

const FULL_LENGTH = 24;

export function commonPrefixLength(a: string, b: string): number {
  let length = 0;
  while (length < a.length && a[length] === b[length]) length++;
  return length;
}

/** The length `id` needs when `sharedWithOthers` characters are the most another id shares. */
export function neededLength(sharedWithOthers: number): number {
  return Math.min(FULL_LENGTH, Math.max(SHORT_ID_LENGTH, sharedWithOthers + 1));
}

/**
 * The length each of `targets` needs among `all` (which holds the targets too, or not): the
 * longest prefix it shares with its neighbours in sorted order, plus one.
 */
export function idLengthsAmong(
  targets: Iterable<string>,
  all: Iterable<string>,
): Map<string, number> {
  const sorted = [...new Set([...all, ...targets])].sort();
  const position = new Map(sorted.map((id, index) => [id, index]));
  const lengths = new Map<string, number>();
  for (const id of targets) {
    const index = position.get(id) as number;
    const previous = sorted[index - 1];
    const next = sorted[index + 1];
    const shared = Math.max(
      previous === undefined ? 0 : commonPrefixLength(id, previous),
      next === undefined ? 0 : commonPrefixLength(id, next),
    );
    lengths.set(id, neededLength(shared));
  }
  return lengths;
}

/** The range of ids that start with `prefix` (hex): from prefix 00... to prefix ff.... */
export function prefixRange(prefix: string): { lo: string; hi: string } {
  return {
    lo: prefix.padEnd(FULL_LENGTH, '0'),
    hi: prefix.padEnd(FULL_LENGTH, 'f'),
  };
}
