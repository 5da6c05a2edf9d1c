// A contact's fields as flags, shared by `contact add`, `contact update` and `connect add
// --name ...` (a new person): the same names, descriptions and parsing everywhere.
import type { Command } from 'commander';
import { parseList } from '../../domain/choices.js';
import type { ContactChanges, ContactFields } from '../../services/contact-service.js';

/** The contact flags as commander parses them. */
export interface ContactFlags {
  name?: string;
  email?: string;
  phone?: string;
  company?: string;
  title?: string;
  linkedin?: string;
  tags?: string;
  notes?: string;
}

/** `contact update`'s flags: the contact flags and the tag edits. */
export interface ContactUpdateFlags extends ContactFlags {
  addTags?: string;
  removeTags?: string;
}

// Flag name -> contact field, for the optional details (also `connect add --name ...`).
const DETAIL_FIELDS = [
  ['email', 'email'],
  ['phone', 'phone'],
  ['company', 'company'],
  ['title', 'title'],
  ['linkedin', 'linkedinUrl'],
] as const;

// `--notes` is the contact's on `contact add/update`, but the connection's on `connect add`.
const TEXT_FIELDS = [...DETAIL_FIELDS, ['notes', 'notes']] as const;

/** The flags `contact add`, `contact update` and `connect add --name` share. */
export function addContactFieldOptions(command: Command): Command {
  return command
    .option('--email <email>', 'email address')
    .option('--phone <phone>', 'phone number')
    .option('--company <company>', 'where they work')
    .option('--title <title>', 'their job title')
    .option('--linkedin <url>', 'LinkedIn profile URL')
    .option('--tags <list>', 'tags, comma-separated (e.g. mentor,recruiter)');
}

/** The contact details given as flags, without notes (empty values skipped on add). */
export function contactFieldFlags(flags: ContactFlags): ContactFields {
  const fields: ContactFields = {};
  for (const [flag, field] of DETAIL_FIELDS) {
    const value = flags[flag];
    if (value !== undefined && value.trim() !== '') fields[field] = value;
  }
  if (flags.tags !== undefined) fields.tags = parseList(flags.tags);
  return fields;
}

/** The changes `contact update` asks for; an empty value clears an optional field. */
export function contactChangeFlags(flags: ContactUpdateFlags): ContactChanges {
  const changes: ContactChanges = { clear: [] };
  if (flags.name !== undefined) changes.name = flags.name;
  for (const [flag, field] of TEXT_FIELDS) {
    const value = flags[flag];
    if (value === undefined) continue;
    if (value.trim() === '') changes.clear?.push(field);
    else changes[field] = value;
  }
  if (flags.tags !== undefined) changes.tags = parseList(flags.tags);
  if (flags.addTags !== undefined) changes.addTags = parseList(flags.addTags);
  if (flags.removeTags !== undefined) changes.removeTags = parseList(flags.removeTags);
  return changes;
}
