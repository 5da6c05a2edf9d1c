// A Bloom filter of natural keys: which keys may exist (stored before the import, or
// inserted by it), in a fixed 2 MB whatever the number of records. Only rows whose key may
// exist are looked up in the database; a false positive costs one lookup, never a mistake.
// So a fresh import skips the lookups, and memory stays flat (no set of keys is kept).

const BITS = 16 * 1024 * 1024;
const HASHES = 6;
const FIRST_SEED = 0x811c9dc5;
const SECOND_SEED = 0x9747b28c;

function fnv1a(text: string, seed: number): number {
  let hash = seed >>> 0;
  for (let at = 0; at < text.length; at++) {
    hash ^= text.charCodeAt(at);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

export class KeyFilter {
  private readonly bits = new Uint8Array(BITS / 8);
  private empty = true;

  add(key: string): void {
    this.empty = false;
    const first = fnv1a(key, FIRST_SEED);
    const second = fnv1a(key, SECOND_SEED) | 1;
    for (let i = 0; i < HASHES; i++) {
      const position = ((first + Math.imul(i, second)) >>> 0) & (BITS - 1);
      const at = position >>> 3;
      this.bits[at] = (this.bits[at] ?? 0) | (1 << (position & 7));
    }
  }

  mayHave(key: string): boolean {
    if (this.empty) return false;
    // The positions computed in place, not collected: this runs several times per row.
    const first = fnv1a(key, FIRST_SEED);
    const second = fnv1a(key, SECOND_SEED) | 1;
    for (let i = 0; i < HASHES; i++) {
      const position = ((first + Math.imul(i, second)) >>> 0) & (BITS - 1);
      if (((this.bits[position >>> 3] ?? 0) & (1 << (position & 7))) === 0) return false;
    }
    return true;
  }
}
