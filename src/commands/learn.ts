// `career learn ...`: courses, certifications, workshops and projects (the seed's
// DevelopmentActivity), and the skills they add to the profile once completed.
import type { Command } from 'commander';
import {
  ACTIVITY_STATUSES,
  ACTIVITY_TYPES,
  ACTIVITY_SORT_FIELDS,
  addActivity,
  addSkillsToProfile,
  completeActivity,
  getActivity,
  listActivities,
  removeActivity,
  skillsNotInProfile,
  startActivity,
  updateActivity,
  type ActivityDocument,
  type ActivityStatus,
  type ActivityType,
  type UpdateActivityInput,
} from '../services/learning-service.js';
import { withSignedIn } from '../services/workspace.js';
import { parseChoice, parseList } from '../domain/choices.js';
import { parseDate } from '../domain/dates.js';
import { UsageError } from '../domain/errors.js';
import {
  printFields,
  printJson,
  printLine,
  printNote,
  printSuccess,
  type Field,
} from '../ui/output.js';
import { askYesNo, canPrompt, missingFlag, valueOrPrompt } from '../ui/prompts.js';
import { colourStatus, formatDate, idAbbreviator, shortId } from '../ui/status-colours.js';
import { renderTable } from '../ui/table.js';
import { globalOptions, nounSummary } from './index.js';

interface ActivityFlags {
  title?: string;
  type?: string;
  provider?: string;
  start?: string;
  expectedEnd?: string;
  status?: string;
  skills?: string;
  notes?: string;
  certificate?: string;
}

interface UpdateFlags extends ActivityFlags {
  addSkills?: string;
  removeSkills?: string;
}

interface ListFlags {
  status?: string;
  type?: string;
  skill?: string;
  limit?: string;
  page?: string;
  sort?: string;
}

/** The flags `learn add` and `learn update` share. */
function activityOptions(command: Command): Command {
  return command
    .option('--title <title>', 'what you are learning')
    .option('--type <type>', `one of: ${ACTIVITY_TYPES.join(', ')}`)
    .option('--provider <provider>', 'who offers it (a school, platform, employer)')
    .option('--start <date>', 'when it starts or started (2026-03-01, "next monday")')
    .option('--expected-end <date>', 'when you expect to finish')
    .option('--status <status>', `one of: ${ACTIVITY_STATUSES.join(', ')}`)
    .option('--skills <list>', 'skills it teaches, comma-separated')
    .option('--notes <text>', 'anything worth remembering')
    .option('--certificate <url>', 'link to the certificate');
}

function parseType(value: string): ActivityType {
  return parseChoice(value, ACTIVITY_TYPES, 'type');
}

function parseStatus(value: string): ActivityStatus {
  return parseChoice(value, ACTIVITY_STATUSES, 'status');
}

/** The type given, or one chosen from a list at a terminal. */
async function typeOrPrompt(value: string | undefined): Promise<ActivityType> {
  if (value !== undefined && value !== '') return parseType(value);
  if (!canPrompt()) throw missingFlag('--type', 'the type');
  const { select } = await import('@inquirer/prompts');
  return select({
    message: 'Type:',
    choices: ACTIVITY_TYPES.map((type) => ({ value: type, name: type })),
  });
}

// An empty value clears an optional field on update (`--provider ''`).
function optionalDate(value: string | undefined, flag: string): Date | null | undefined {
  if (value === undefined) return undefined;
  return value.trim() === '' ? null : parseDate(value, flag);
}

function printActivity(activity: ActivityDocument): void {
  const fields: Field[] = [
    ['ID', activity._id.toHexString()],
    ['Title', activity.title],
    ['Type', activity.type],
    ['Status', colourStatus(activity.status)],
    ['Provider', activity.provider ?? ''],
    ['Started', formatDate(activity.startDate)],
    ['Expected end', formatDate(activity.expectedEndDate)],
    ['Completed', formatDate(activity.completionDate)],
    ['Skills', activity.skills.join(', ')],
    ['Certificate', activity.certificateUrl ?? ''],
    ['Notes', activity.notes ?? ''],
    ['Created', formatDate(activity.createdAt, true)],
    ['Updated', formatDate(activity.updatedAt, true)],
  ];
  // Fields never set are left out rather than shown empty.
  printFields(fields.filter(([, value]) => value !== ''));
}

function printActivities(activities: ActivityDocument[]): void {
  if (activities.length === 0) {
    printLine('No learning activities.');
    printNote('Add one with `career learn add --title "..." --type course`.');
    return;
  }
  const short = idAbbreviator(activities.map((activity) => activity._id.toHexString()));
  printLine(
    renderTable(
      ['ID', 'Title', 'Type', 'Status', 'Provider', 'Start', 'Due / done', 'Skills'],
      activities.map((activity) => [
        short(activity._id.toHexString()),
        activity.title,
        activity.type,
        colourStatus(activity.status),
        activity.provider ?? '',
        formatDate(activity.startDate),
        formatDate(activity.completionDate ?? activity.expectedEndDate),
        activity.skills.join(', '),
      ]),
    ),
  );
}

/** Prints a written activity: the document with --json, a success line otherwise. */
function printWritten(command: Command, activity: ActivityDocument, message: string): void {
  if (globalOptions(command).json) printJson(activity);
  else printSuccess(`${message}: ${activity.title} (${shortId(activity._id.toHexString())})`);
}

export function register(program: Command): void {
  const learn = program.command('learn').description(nounSummary('learn'));

  activityOptions(learn.command('add').description('Add a learning activity')).action(
    async (flags: ActivityFlags, command: Command) => {
      // Everything is checked before anything is asked or written.
      const status = flags.status === undefined ? undefined : parseStatus(flags.status);
      if (flags.type !== undefined) parseType(flags.type);
      const startDate = flags.start === undefined ? undefined : parseDate(flags.start, 'start');
      const expectedEndDate =
        flags.expectedEnd === undefined ? undefined : parseDate(flags.expectedEnd, 'expectedEnd');
      const title = await valueOrPrompt(flags.title, '--title', 'Title');
      const type = await typeOrPrompt(flags.type);
      const activity = await withSignedIn({ dbUri: globalOptions(command).dbUri }, ({ data }) =>
        addActivity(data, {
          title,
          type,
          ...(status ? { status } : {}),
          ...(flags.provider !== undefined ? { provider: flags.provider } : {}),
          ...(startDate ? { startDate } : {}),
          ...(expectedEndDate ? { expectedEndDate } : {}),
          ...(flags.skills !== undefined ? { skills: parseList(flags.skills) } : {}),
          ...(flags.notes !== undefined ? { notes: flags.notes } : {}),
          ...(flags.certificate !== undefined ? { certificateUrl: flags.certificate } : {}),
        }),
      );
      printWritten(command, activity, 'Added');
    },
  );

  learn
    .command('list')
    .description('List your learning activities')
    .option('--status <status>', `only this status (${ACTIVITY_STATUSES.join(', ')})`)
    .option('--type <type>', `only this type (${ACTIVITY_TYPES.join(', ')})`)
    .option('--skill <skill>', 'only activities teaching this skill')
    .option('--limit <n>', 'at most this many (default 50)')
    .option('--page <n>', 'which page of --limit results (from 1)')
    .option('--sort <field>', `${ACTIVITY_SORT_FIELDS.join('|')}, add :desc to reverse`)
    .action(async (flags: ListFlags, command: Command) => {
      const filter = {
        ...(flags.status !== undefined ? { status: parseStatus(flags.status) } : {}),
        ...(flags.type !== undefined ? { type: parseType(flags.type) } : {}),
        ...(flags.skill !== undefined ? { skill: flags.skill } : {}),
      };
      const globals = globalOptions(command);
      const activities = await withSignedIn({ dbUri: globals.dbUri }, ({ data }) =>
        listActivities(data, filter, flags),
      );
      if (globals.json) printJson(activities);
      else printActivities(activities);
    });

  learn
    .command('show')
    .description('Show one learning activity')
    .argument('<id>', 'its id or a unique prefix (4+ characters)')
    .action(async (id: string, _flags: unknown, command: Command) => {
      const globals = globalOptions(command);
      const activity = await withSignedIn({ dbUri: globals.dbUri }, ({ data }) =>
        getActivity(data, id),
      );
      if (globals.json) printJson(activity);
      else printActivity(activity);
    });

  learn
    .command('start')
    .description('Mark a learning activity as in progress')
    .argument('<id>', 'its id or a unique prefix (4+ characters)')
    .option('--date <date>', 'when you started (default: now)')
    .action(async (id: string, flags: { date?: string }, command: Command) => {
      const date = flags.date === undefined ? undefined : parseDate(flags.date, 'date');
      const activity = await withSignedIn({ dbUri: globalOptions(command).dbUri }, ({ data }) =>
        startActivity(data, id, date),
      );
      printWritten(command, activity, 'Started');
    });

  learn
    .command('complete')
    .description('Mark a learning activity as completed (and add its skills to your profile)')
    .argument('<id>', 'its id or a unique prefix (4+ characters)')
    .option('--date <date>', 'when you finished (default: now)')
    .option('--certificate <url>', 'link to the certificate')
    .option('--add-skills', "add the activity's skills to your profile without asking")
    .option('--no-add-skills', 'leave your profile as it is (and do not ask)')
    .action(
      async (
        id: string,
        flags: { date?: string; certificate?: string; addSkills?: boolean },
        command: Command,
      ) => {
        const globals = globalOptions(command);
        const date = flags.date === undefined ? undefined : parseDate(flags.date, 'date');
        await withSignedIn({ dbUri: globals.dbUri }, async ({ user, data, workspace }) => {
          const activity = await completeActivity(data, id, {
            ...(date ? { date } : {}),
            ...(flags.certificate !== undefined ? { certificateUrl: flags.certificate } : {}),
          });
          printWritten(command, activity, 'Completed');
          const newSkills = skillsNotInProfile(activity, user);
          if (newSkills.length === 0 || flags.addSkills === false) return;
          const question = `Add ${newSkills.join(', ')} to your profile's skills?`;
          const add = flags.addSkills === true || (canPrompt() && (await askYesNo(question, true)));
          if (!add) {
            printNote(
              `Not added to your profile: ${newSkills.join(', ')}. To add them, run ` +
                `\`career learn complete ${activity._id.toHexString()} --add-skills\`.`,
            );
            return;
          }
          const added = await addSkillsToProfile(workspace.repositories.users, user, activity);
          const message = `Added to your profile's skills: ${added.join(', ')}`;
          // With --json, stdout holds only the document.
          if (globals.json) printNote(message);
          else printSuccess(message);
        });
      },
    );

  activityOptions(
    learn
      .command('update')
      .description('Change a learning activity (an empty value clears an optional field)')
      .argument('<id>', 'its id or a unique prefix (4+ characters)'),
  )
    .option('--add-skills <list>', 'skills to add to the activity, comma-separated')
    .option('--remove-skills <list>', 'skills to remove from the activity, comma-separated')
    .action(async (id: string, flags: UpdateFlags, command: Command) => {
      const input: UpdateActivityInput = {};
      if (flags.title !== undefined) input.title = flags.title;
      if (flags.type !== undefined) input.type = parseType(flags.type);
      if (flags.status !== undefined) input.status = parseStatus(flags.status);
      if (flags.provider !== undefined) input.provider = flags.provider;
      if (flags.notes !== undefined) input.notes = flags.notes;
      if (flags.certificate !== undefined) input.certificateUrl = flags.certificate;
      const startDate = optionalDate(flags.start, 'start');
      if (startDate !== undefined) input.startDate = startDate;
      const expectedEndDate = optionalDate(flags.expectedEnd, 'expectedEnd');
      if (expectedEndDate !== undefined) input.expectedEndDate = expectedEndDate;
      if (flags.skills !== undefined) input.skills = parseList(flags.skills);
      if (flags.addSkills !== undefined) input.addSkills = parseList(flags.addSkills);
      if (flags.removeSkills !== undefined) input.removeSkills = parseList(flags.removeSkills);
      const activity = await withSignedIn({ dbUri: globalOptions(command).dbUri }, ({ data }) =>
        updateActivity(data, id, input),
      );
      printWritten(command, activity, 'Updated');
    });

  learn
    .command('remove')
    .description('Delete a learning activity')
    .argument('<id>', 'its id or a unique prefix (4+ characters)')
    .option('-y, --yes', 'do not ask for confirmation (required without a terminal)')
    .action(async (id: string, flags: { yes?: boolean }, command: Command) => {
      const globals = globalOptions(command);
      if (flags.yes !== true && !canPrompt()) {
        throw new UsageError('removing needs confirmation: pass --yes', {
          hint: `career learn remove ${id} --yes`,
        });
      }
      const removed = await withSignedIn({ dbUri: globals.dbUri }, async ({ data }) => {
        if (flags.yes !== true) {
          const activity = await getActivity(data, id);
          if (!(await askYesNo(`Remove '${activity.title}'?`, false))) return undefined;
        }
        return removeActivity(data, id);
      });
      if (!removed) {
        printNote('Nothing removed.');
        return;
      }
      if (globals.json) printJson(removed);
      else printSuccess(`Removed: ${removed.title} (${shortId(removed._id.toHexString())})`);
    });
}
