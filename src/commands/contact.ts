// `career contact ...`: the people in your network (the records connections point at).
import type { Command } from 'commander';
import {
  addContact,
  CONTACT_SORT_FIELDS,
  findContact,
  listContacts,
  removeContact,
  showContact,
  updateContact,
  type ContactChanges,
  type ContactDetails,
  type ContactDocument,
  type ContactFields,
} from '../services/contact-service.js';
import { withSignedIn } from '../services/workspace.js';
import { parseList } from '../domain/choices.js';
import {
  printFields,
  printHeading,
  printJson,
  printLine,
  printNote,
  printSuccess,
  type Field,
} from '../ui/output.js';
import { confirmOrRequireYes, valueOrPrompt } from '../ui/prompts.js';
import { colourStatus, formatDate, idAbbreviator, shortId } from '../ui/status-colours.js';
import { renderTable } from '../ui/table.js';
import { globalOptions, nounSummary } from './index.js';

interface ContactFlags {
  name?: string;
  email?: string;
  phone?: string;
  company?: string;
  title?: string;
  linkedin?: string;
  tags?: string;
  notes?: string;
}

interface UpdateFlags extends ContactFlags {
  addTags?: string;
  removeTags?: string;
}

interface ListFlags {
  company?: string;
  tag?: string;
  search?: string;
  limit?: string;
  page?: string;
  sort?: string;
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
export function contactOptions(command: Command): Command {
  return command
    .option('--email <email>', 'email address')
    .option('--phone <phone>', 'phone number')
    .option('--company <company>', 'where they work')
    .option('--title <title>', 'their job title')
    .option('--linkedin <url>', 'LinkedIn profile URL')
    .option('--tags <list>', 'tags, comma-separated (e.g. mentor,recruiter)');
}

/** The contact details given as flags, without notes (empty values skipped on add). */
export function contactFieldsFromFlags(flags: ContactFlags): ContactFields {
  const fields: ContactFields = {};
  for (const [flag, field] of DETAIL_FIELDS) {
    const value = flags[flag];
    if (value !== undefined && value.trim() !== '') fields[field] = value;
  }
  if (flags.tags !== undefined) fields.tags = parseList(flags.tags);
  return fields;
}

function changesFromFlags(flags: UpdateFlags): ContactChanges {
  const changes: ContactChanges = { clear: [] };
  if (flags.name !== undefined) changes.name = flags.name;
  // An empty value clears an optional field (`--company ''`).
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

/** The contact's fields for `contact show`, leaving out the empty ones. */
function contactFields(contact: ContactDocument): Field[] {
  const fields: Field[] = [
    ['ID', contact._id.toHexString()],
    ['Name', contact.name],
    ['Email', contact.email ?? ''],
    ['Phone', contact.phone ?? ''],
    ['Company', contact.company ?? ''],
    ['Title', contact.title ?? ''],
    ['LinkedIn', contact.linkedinUrl ?? ''],
    ['Tags', contact.tags.join(', ')],
    ['Notes', contact.notes ?? ''],
    ['Created', formatDate(contact.createdAt, true)],
    ['Updated', formatDate(contact.updatedAt, true)],
  ];
  return fields.filter(([, value]) => value !== '');
}

function printDetails(details: ContactDetails): void {
  printFields(contactFields(details.contact));
  printLine();
  const { connection, openFollowUps } = details;
  if (!connection) {
    printLine(
      `No connection yet: \`career connect add ${shortId(details.contact._id.toHexString())}\``,
    );
    return;
  }
  printHeading('Connection');
  printFields([
    ['ID', connection._id.toHexString()],
    ['Status', colourStatus(connection.status)],
    ['Type', connection.type],
    ...(connection.notes ? [['Notes', connection.notes] as const] : []),
  ]);
  printLine();
  if (openFollowUps.length === 0) {
    printLine('No open follow-ups.');
    return;
  }
  printHeading('Open follow-ups');
  const short = idAbbreviator(openFollowUps.map((followUp) => followUp._id.toHexString()));
  printLine(
    renderTable(
      ['ID', 'Due', 'Type', 'Notes'],
      openFollowUps.map((followUp) => [
        short(followUp._id.toHexString()),
        formatDate(followUp.dueDate, true),
        followUp.type,
        followUp.notes ?? '',
      ]),
    ),
  );
}

function confirmRemoval(contact: ContactDocument, yes: boolean | undefined): Promise<boolean> {
  return confirmOrRequireYes(
    `Remove ${contact.name} and your connection with them?`,
    yes,
    `removing ${contact.name}`,
  );
}

export function register(program: Command): void {
  const contact = program.command('contact').description(nounSummary('contact'));

  contactOptions(
    contact
      .command('add')
      .description('Add a contact (the name is asked for at a terminal if missing)')
      .option('--name <name>', 'full name'),
  )
    .option('--notes <text>', 'anything worth remembering')
    .action(async (flags: ContactFlags, command: Command) => {
      const globals = globalOptions(command);
      const fields = contactFieldsFromFlags(flags);
      if (flags.notes !== undefined && flags.notes.trim() !== '') fields.notes = flags.notes;
      const name = await valueOrPrompt(flags.name, '--name', 'Name');
      const added = await withSignedIn({ dbUri: globals.dbUri }, ({ data }) =>
        addContact(data, { ...fields, name }),
      );
      if (globals.json) printJson(added);
      else printSuccess(`Added ${added.name} (${shortId(added._id.toHexString())})`);
    });

  contact
    .command('list')
    .description('List contacts')
    .option('--company <text>', 'company contains this text (any case)')
    .option('--tag <tag>', 'has this tag')
    .option('--search <text>', 'name, email or company contains this text (any case)')
    .option('--limit <n>', 'at most this many (default 50)')
    .option('--page <n>', 'page number, from 1')
    .option(
      '--sort <field>',
      `${CONTACT_SORT_FIELDS.join('|')}, add :desc to reverse (default name)`,
    )
    .action(async (flags: ListFlags, command: Command) => {
      const globals = globalOptions(command);
      const contacts = await withSignedIn({ dbUri: globals.dbUri }, ({ data }) =>
        listContacts(
          data,
          {
            ...(flags.company === undefined ? {} : { company: flags.company }),
            ...(flags.tag === undefined ? {} : { tag: flags.tag }),
            ...(flags.search === undefined ? {} : { search: flags.search }),
          },
          flags,
        ),
      );
      if (globals.json) {
        printJson(contacts);
        return;
      }
      if (contacts.length === 0) {
        printNote('No contacts found. Add one with `career contact add --name "..."`.');
        return;
      }
      const shortContact = idAbbreviator(contacts.map((item) => item._id.toHexString()));
      printLine(
        renderTable(
          ['ID', 'Name', 'Company', 'Title', 'Email', 'Tags'],
          contacts.map((item) => [
            shortContact(item._id.toHexString()),
            item.name,
            item.company ?? '',
            item.title ?? '',
            item.email ?? '',
            item.tags.join(', '),
          ]),
        ),
      );
    });

  contact
    .command('show')
    .description('Show a contact with its connection and open follow-ups')
    .argument('<id>', 'contact id or unique prefix')
    .action(async (id: string, _flags: unknown, command: Command) => {
      const globals = globalOptions(command);
      const details = await withSignedIn({ dbUri: globals.dbUri }, ({ data }) =>
        showContact(data, id),
      );
      if (globals.json) {
        printJson({
          ...details.contact,
          connection: details.connection,
          openFollowUps: details.openFollowUps,
        });
      } else printDetails(details);
    });

  contactOptions(
    contact
      .command('update')
      .description("Change a contact's details (an empty value clears a field)")
      .argument('<id>', 'contact id or unique prefix')
      .option('--name <name>', 'full name'),
  )
    .option('--add-tags <list>', 'tags to add, comma-separated')
    .option('--remove-tags <list>', 'tags to remove, comma-separated')
    .option('--notes <text>', 'anything worth remembering')
    .action(async (id: string, flags: UpdateFlags, command: Command) => {
      const globals = globalOptions(command);
      const changes = changesFromFlags(flags);
      const updated = await withSignedIn({ dbUri: globals.dbUri }, ({ data }) =>
        updateContact(data, id, changes),
      );
      if (globals.json) printJson(updated);
      else printSuccess(`Updated ${updated.name} (${shortId(updated._id.toHexString())})`);
    });

  contact
    .command('remove')
    .description('Remove a contact and your connection with them')
    .argument('<id>', 'contact id or unique prefix')
    .option('--yes', 'do not ask for confirmation (required without a terminal)')
    .action(async (id: string, flags: { yes?: boolean }, command: Command) => {
      const globals = globalOptions(command);
      const outcome = await withSignedIn({ dbUri: globals.dbUri }, async ({ data }) => {
        const found = await findContact(data, id);
        if (!(await confirmRemoval(found, flags.yes))) return undefined;
        return removeContact(data, found);
      });
      if (!outcome) {
        printNote('Nothing removed.');
        return;
      }
      if (globals.json) {
        printJson({ ...outcome.contact, removedConnectionId: outcome.removedConnectionId ?? null });
        return;
      }
      const connectionNote = outcome.removedConnectionId ? ' and your connection with them' : '';
      printSuccess(
        `Removed ${outcome.contact.name} (${shortId(outcome.contact._id.toHexString())})${connectionNote}`,
      );
    });
}
