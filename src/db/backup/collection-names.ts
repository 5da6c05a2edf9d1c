// Which collection names an archive may hold, and the names a restore keeps for itself.
// MongoDB refuses `$`, NUL, an empty name and `system.` (its own); career also refuses what
// would be a path or a control character anywhere it is printed or used, and its own
// restore machinery, so an archive can never name a collection a restore would create or drop
// for its own purposes.
import { MAX_COLLECTION_NAME_BYTES } from './limits.js';

/** The restore's journal (one document): see switch-journal.ts. */
export const RESTORE_JOURNAL = 'career-restore';
/**
 * Documents of a restore in progress, renamed into place at the end:
 * `career-restore.<token>.<name>`, the token being the restore's own (in its journal), so a
 * restore only ever renames or drops what it loaded itself.
 */
const STAGING_PREFIX = `${RESTORE_JOURNAL}.`;

export function stagingName(token: string, collection: string): string {
  return `${STAGING_PREFIX}${token}.${collection}`;
}

/** The staging collections of the restore with this token (all of them, without one). */
export function isStagingOf(name: string, token?: string): boolean {
  return name.startsWith(token === undefined ? STAGING_PREFIX : `${STAGING_PREFIX}${token}.`);
}

/** A collection a restore uses for itself: never backed up, never counted as data. */
export function isRestoreCollection(name: string): boolean {
  return name === RESTORE_JOURNAL || name.startsWith(STAGING_PREFIX);
}

// Control characters (C0, DEL, C1) and the characters paths and namespaces are made of.
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CHARACTERS = /[\u0000-\u001f\u007f-\u009f$/\\]/;

/** Why `name` may not be a collection in an archive, or undefined when it may. */
export function collectionNameProblem(name: string): string | undefined {
  const shown = JSON.stringify(name.slice(0, 60));
  if (name.length === 0) return 'a collection has an empty name';
  if (Buffer.byteLength(name, 'utf8') > MAX_COLLECTION_NAME_BYTES)
    return `the collection name ${shown}… is longer than ${MAX_COLLECTION_NAME_BYTES} bytes`;
  if (FORBIDDEN_CHARACTERS.test(name))
    return `the collection name ${shown} holds a character collection names may not (a control character, $, / or \\)`;
  if (name.startsWith('.') || name.endsWith('.') || name.includes('..'))
    return `the collection name ${shown} has an empty part between dots`;
  if (name.startsWith('system.')) return `${shown} is one of MongoDB's system collections`;
  if (isRestoreCollection(name)) return `${shown} is a name career's restore keeps for itself`;
  return undefined;
}
