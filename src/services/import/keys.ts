// Natural keys: what makes two rows (or a row and a stored record) the same record, so an
// import run twice changes nothing. They are the keys the records are stored under (one
// definition, in src/repositories/natural-keys.ts); here, the spellings lookups ask for.
export {
  activityKey,
  applicationKey,
  contactKey,
  contactKeyKind,
  contactKeys,
  dayOf,
  jobKey,
  normaliseKeyPart,
} from '../../repositories/natural-keys.js';

function capitalised(text: string): string {
  return text.replace(
    /(^|[\s\-(/&.])(\p{L})/gu,
    (_, before: string, letter: string) => before + letter.toUpperCase(),
  );
}

/**
 * The spellings a stored value equal to `value` (ignoring case) most likely has: as given,
 * lower case, upper case and Capitalised Words. Lookups ask the database for these exactly
 * (an index can answer that), then compare ignoring case.
 */
export function caseVariants(
  value: string,
  transform: (text: string) => string = (text) => text,
): string[] {
  const trimmed = value.trim();
  const lower = trimmed.toLowerCase();
  return [...new Set([trimmed, lower, trimmed.toUpperCase(), capitalised(lower)].map(transform))];
}

/** URL spellings: as given, lower case, each with and without a trailing slash. */
export function urlVariants(value: string): string[] {
  const bare = value.trim().replace(/\/+$/, '');
  return [...new Set([bare, `${bare}/`, bare.toLowerCase(), `${bare.toLowerCase()}/`])];
}
