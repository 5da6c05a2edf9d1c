// Mongoose tests that fail against the engine, each with why: a MongoDB feature the engine does
// not implement, or an engine bug not fixed yet. Keys are `file: full test title`. This list must
// only shrink; `npm run compat:mongoose -- --verbose` marks the failures it explains.
export const KNOWN_FAILURES: Readonly<Record<string, string>> = {};

export function knownFailureReason(file: string, title: string): string | undefined {
  return KNOWN_FAILURES[`${file}: ${title}`];
}
