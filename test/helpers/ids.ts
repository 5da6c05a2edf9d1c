// Ids in CLI tests: ObjectIds made close in time share a prefix, which tests use to provoke
// an ambiguous-prefix error.

/** The longest prefix any two of the ids share. */
export function sharedPrefix(ids: readonly string[]): string {
  let best = '';
  for (const a of ids) {
    for (const b of ids) {
      if (a === b) continue;
      let length = 0;
      while (length < a.length && a[length] === b[length]) length++;
      if (length > best.length) best = a.slice(0, length);
    }
  }
  return best;
}

/**
 * A prefix of `id` (at least `minLength` long) that no other of `ids` starts with. In-process
 * runs share one ObjectId random part, so ids made in one second differ only in the counter.
 */
export function uniquePrefix(id: string, ids: readonly string[], minLength: number): string {
  return id.slice(0, Math.max(minLength, sharedPrefix([id, ...ids]).length + 1));
}
