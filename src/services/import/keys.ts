// Natural keys: what makes two rows (or a row and a stored record) the same record, so an
// import run twice changes nothing. Compared trimmed and without case.
//   job          company + title
//   application  its job's key + application date (the calendar day, UTC)
//   contact      email, else LinkedIn URL, else name + company
//   connection   its contact's key (one connection per contact)
//   activity     type + title + provider

const SEPARATOR = '\u0000';

export function normaliseKeyPart(value: unknown): string {
  return typeof value === 'string' ? value.trim().toLowerCase() : '';
}

function normaliseUrl(value: unknown): string {
  return normaliseKeyPart(value).replace(/\/+$/, '');
}

export function jobKey(job: Record<string, unknown>): string {
  return ['job', normaliseKeyPart(job.company), normaliseKeyPart(job.title)].join(SEPARATOR);
}

/** The UTC calendar day of a date ('' for none). */
export function dayOf(date: unknown): string {
  return date instanceof Date && !Number.isNaN(date.getTime())
    ? date.toISOString().slice(0, 10)
    : '';
}

export function applicationKey(jobKeyValue: string, applicationDate: unknown): string {
  return [jobKeyValue, dayOf(applicationDate)].join(SEPARATOR);
}

/** A contact's name, email, linkedinUrl and company (any may be missing). */
export type ContactKeyFields = Record<string, unknown>;

/** Every key a stored contact can be found by (a row uses the first it has: contactKey). */
export function contactKeys(contact: ContactKeyFields): string[] {
  const keys: string[] = [];
  const email = normaliseKeyPart(contact.email);
  const url = normaliseUrl(contact.linkedinUrl);
  if (email !== '') keys.push(['email', email].join(SEPARATOR));
  if (url !== '') keys.push(['url', url].join(SEPARATOR));
  keys.push(
    ['name', normaliseKeyPart(contact.name), normaliseKeyPart(contact.company)].join(SEPARATOR),
  );
  return keys;
}

export function contactKey(contact: ContactKeyFields): string {
  return contactKeys(contact)[0] as string;
}

export function activityKey(activity: Record<string, unknown>): string {
  return [
    'activity',
    normaliseKeyPart(activity.type),
    normaliseKeyPart(activity.title),
    normaliseKeyPart(activity.provider),
  ].join(SEPARATOR);
}

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
