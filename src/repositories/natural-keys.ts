// Natural keys: what makes two records the same record. Each keyed record stores its key in
// `naturalKey`, unique together with userId (see src/models/natural-key.ts), and `career
// import` matches rows with the very same functions, so the database and the import can
// never disagree. Parts are compared trimmed and without case:
//   job           company + title
//   application   its job + the UTC day of its application date ('' when it has none: one
//                 undated application per job)
//   contact       email, else LinkedIn URL, else name + company ('' when it has none)
//   activity      type + title + provider
//   conversation  the user alone (one conversation each)
// A connection's key is its contact: the unique { userId, contactId } index holds it.
//
// A key is the JSON array of its parts (unambiguous whatever the parts hold); a very long one
// keeps a readable start and a SHA-256 of the whole, so index entries stay small.
import { createHash } from 'node:crypto';

/** The stored field. */
export const NATURAL_KEY = 'naturalKey';

/** What a user's single conversation is keyed by (with userId, by the unique index). */
export const CONVERSATION_KEY = 'conversation';

const MAX_KEY_LENGTH = 512;
const DIGEST_PREFIX = '…sha256:';

/**
 * A part as compared: trimmed, in lower case, and well formed (a lone surrogate becomes
 * U+FFFD, as it is stored: UTF-8 has no lone surrogates), so the key of a value as written
 * and the key of the same value read back are one.
 */
function normaliseKeyPart(value: unknown): string {
  return typeof value === 'string' ? value.toWellFormed().trim().toLowerCase() : '';
}

function normaliseUrlPart(value: unknown): string {
  return normaliseKeyPart(value).replace(/\/+$/, '');
}

function keyOf(parts: readonly string[]): string {
  const text = JSON.stringify(parts);
  if (text.length <= MAX_KEY_LENGTH) return text;
  const digest = createHash('sha256').update(text).digest('hex');
  let end = MAX_KEY_LENGTH - DIGEST_PREFIX.length - digest.length;
  // Never cut a surrogate pair in two (a lone half would not survive UTF-8).
  if (/[\udc00-\udfff]/.test(text.charAt(end))) end--;
  return text.slice(0, end) + DIGEST_PREFIX + digest;
}

/** The UTC calendar day of a date ('' for none). */
export function dayOf(date: unknown): string {
  return date instanceof Date && !Number.isNaN(date.getTime())
    ? date.toISOString().slice(0, 10)
    : '';
}

/** Anything with a toHexString (an ObjectId), as hex; '' otherwise. */
function hexOf(id: unknown): string {
  const hex = (id as { toHexString?: unknown } | null | undefined)?.toHexString;
  return typeof hex === 'function' ? String(hex.call(id)) : '';
}

export function jobKey(job: Record<string, unknown>): string {
  return keyOf([normaliseKeyPart(job.company), normaliseKeyPart(job.title)]);
}

export function applicationKey(application: Record<string, unknown>): string {
  return keyOf([idText(application.jobId), dayOf(application.applicationDate)]);
}

export type ContactKeyKind = 'email' | 'url' | 'name';

interface ContactKeyEntry {
  kind: ContactKeyKind;
  key: string;
}

/**
 * Every key a contact can be found by, in order of preference: by email and by LinkedIn URL
 * (when it has them), by name and company (always, so never none). The first is its own.
 */
function contactKeyEntries(contact: Record<string, unknown>): ContactKeyEntry[] {
  const entries: ContactKeyEntry[] = [];
  const email = normaliseKeyPart(contact.email);
  const url = normaliseUrlPart(contact.linkedinUrl);
  if (email !== '') entries.push({ kind: 'email', key: keyOf(['email', email]) });
  if (url !== '') entries.push({ kind: 'url', key: keyOf(['url', url]) });
  const name = [normaliseKeyPart(contact.name), normaliseKeyPart(contact.company)];
  entries.push({ kind: 'name', key: keyOf(['name', ...name]) });
  return entries;
}

const ownContactKey = (contact: Record<string, unknown>) =>
  contactKeyEntries(contact)[0] as ContactKeyEntry;

/** Every key a contact can be found by, its own (stored) key (contactKey) first. */
export function contactKeys(contact: Record<string, unknown>): string[] {
  return contactKeyEntries(contact).map((entry) => entry.key);
}

/** A contact's own key: its email, else its LinkedIn URL, else its name and company. */
export function contactKey(contact: Record<string, unknown>): string {
  return ownContactKey(contact).key;
}

/** Which of its keys a contact is stored under. */
export function contactKeyKind(contact: Record<string, unknown>): ContactKeyKind {
  return ownContactKey(contact).kind;
}

export function activityKey(activity: Record<string, unknown>): string {
  return keyOf([
    normaliseKeyPart(activity.type),
    normaliseKeyPart(activity.title),
    normaliseKeyPart(activity.provider),
  ]);
}

/** How a collection's records are keyed: the fields the key is made of, and the key. */
export interface NaturalKeyDefinition {
  /** Top-level fields: a write that changes one of them recomputes the key. */
  fields: readonly string[];
  /** Those of them every record has (the schema requires them). */
  required: readonly string[];
  of(record: Record<string, unknown>): string;
}

export const JOB_KEY: NaturalKeyDefinition = {
  fields: ['company', 'title'],
  required: ['company', 'title'],
  of: jobKey,
};
export const APPLICATION_KEY: NaturalKeyDefinition = {
  fields: ['jobId', 'applicationDate'],
  required: ['jobId'],
  of: applicationKey,
};
export const CONTACT_KEY: NaturalKeyDefinition = {
  fields: ['email', 'linkedinUrl', 'name', 'company'],
  required: ['name'],
  of: contactKey,
};
export const ACTIVITY_KEY: NaturalKeyDefinition = {
  fields: ['type', 'title', 'provider'],
  required: ['type', 'title'],
  of: activityKey,
};
export const CONVERSATION_KEY_DEFINITION: NaturalKeyDefinition = {
  fields: [],
  required: [],
  of: () => CONVERSATION_KEY,
};

// ---- duplicates kept by the key migration ----

/**
 * The key of a record kept as a duplicate of another (by the key migration, which never
 * deletes what it cannot merge): its own key, marked with its id, so both fit the index.
 * Kept while its key fields mean the same; a change to them gives it its plain key again
 * (a conflict if the other record still has it).
 */
export function markedDuplicateKey(key: string, id: unknown): string {
  return `${key}#dup-${idText(id)}`;
}

/**
 * An id as text: an ObjectId's hex, anything else (an id stored by another tool) as JSON
 * ('' for none).
 */
export function idText(id: unknown): string {
  const hex = hexOf(id);
  return hex === '' ? (JSON.stringify(id) ?? '') : hex;
}
