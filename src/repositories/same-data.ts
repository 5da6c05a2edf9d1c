// Whether two values hold the same data, compared in a canonical form: dates and ids as text,
// object keys sorted, missing and null alike, and what the caller says never makes a
// difference left out. The import (is a row's value a change?) and the key migration (is a
// record an exact copy of another?) compare with it, each leaving out its own bookkeeping.

/** What a comparison leaves out. */
export interface Ignored {
  /** Keys left out at any depth (`_id`: an entry's id is made up when a row has none). */
  keys: ReadonlySet<string>;
  /** Dotted paths from the top left out (an array's items share its path: statusHistory.at). */
  paths?: ReadonlySet<string>;
}

function canonical(value: unknown, ignored: Ignored, path: string): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item) => canonical(item, ignored, path));
  if (typeof value !== 'object' || value === null) return value;
  const hex = (value as { toHexString?: unknown }).toHexString;
  if (typeof hex === 'function') return String(hex.call(value));
  const entries: Array<[string, unknown]> = [];
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    if (item === undefined || item === null || ignored.keys.has(key)) continue;
    // Paths are only followed when some are left out (the import's comparisons need none).
    const at = ignored.paths === undefined ? '' : path === '' ? key : `${path}.${key}`;
    if (ignored.paths?.has(at) === true) continue;
    entries.push([key, canonical(item, ignored, at)]);
  }
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries);
}

/** Whether `a` and `b` hold the same data, leaving out what `ignored` names. */
export function sameData(a: unknown, b: unknown, ignored: Ignored): boolean {
  if (a === b) return true;
  if ((a === undefined || a === null) && (b === undefined || b === null)) return true;
  return JSON.stringify(canonical(a, ignored, '')) === JSON.stringify(canonical(b, ignored, ''));
}
