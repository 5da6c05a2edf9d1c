// `career apply ...`: applications, their status pipeline, notes and interviews.
import type { Command } from 'commander';
import {
  addApplication,
  addNote,
  APPLICATION_STATUSES,
  changeStatus,
  findApplication,
  listApplications,
  parseStatus,
  removeApplication,
  showApplication,
  updateApplication,
  type ApplicationDocument,
  type ApplicationListOptions,
  type ApplicationWithJob,
} from '../services/application-service.js';
import {
  addInterview,
  listInterviews,
  updateInterview,
  type AgendaEntry,
} from '../services/interview-service.js';
import { loadBoard, parseCardLimit, type BoardColumn } from '../services/board-service.js';
import { withSignedIn } from '../services/workspace.js';
import { renderBoard } from '../ui/board.js';
import { parseDate } from '../domain/dates.js';
import {
  printFields,
  printHeading,
  printJson,
  printLine,
  printNote,
  printSuccess,
  type Field,
} from '../ui/output.js';
import { safe } from '../ui/printable.js';
import { confirmOrRequireYes, valueOrPrompt } from '../ui/prompts.js';
import { colourStatus, formatDate, idAbbreviator, shortId } from '../ui/status-colours.js';
import { renderTable } from '../ui/table.js';
import { terminalColumns } from '../ui/terminal-width.js';
import { globalOptions, nounSummary } from './index.js';

const ID_ARGUMENT = 'application id (or a unique prefix of at least 4 characters)';
const STATUS_LIST = APPLICATION_STATUSES.join(', ');

function optionalDate(text: string | undefined, flag: string): Date | undefined {
  return text === undefined ? undefined : parseDate(text, flag);
}

/** --until 2026-03-01 means up to the end of that day. */
function endOfDayIfBare(text: string | undefined, flag: string): Date | undefined {
  const date = optionalDate(text, flag);
  if (date && text !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(text.trim())) {
    date.setHours(23, 59, 59, 999);
  }
  return date;
}

function jobLabel(application: ApplicationWithJob): string {
  return application.job ? `${application.job.title} at ${application.job.company}` : '(no job)';
}

function printApplicationTable(applications: readonly ApplicationWithJob[]): void {
  const short = idAbbreviator(applications.map((application) => application._id));
  printLine(
    renderTable(
      ['Id', 'Company', 'Title', 'Status', 'Applied', 'Interviews', 'Updated'],
      applications.map((application) => [
        short(application._id),
        application.job?.company ?? '',
        application.job?.title ?? '',
        colourStatus(application.status),
        formatDate(application.applicationDate),
        application.interviews.length > 0 ? String(application.interviews.length) : '',
        formatDate(application.updatedAt),
      ]),
    ),
  );
}

function printApplication(application: ApplicationDocument, job: ApplicationWithJob['job']): void {
  const fields: Field[] = [
    ['Id', application._id.toHexString()],
    ['Company', job?.company ?? ''],
    ['Title', job?.title ?? ''],
    ['Job', job ? job._id.toHexString() : application.jobId.toHexString()],
    ['Status', colourStatus(application.status)],
    ['Applied', formatDate(application.applicationDate)],
  ];
  if (application.documents?.resumeUrl) fields.push(['Resume', application.documents.resumeUrl]);
  if (application.documents?.coverLetterUrl) {
    fields.push(['Cover letter', application.documents.coverLetterUrl]);
  }
  fields.push(['Updated', formatDate(application.updatedAt, true)]);
  printFields(fields);
  if (application.notes) {
    printLine();
    printHeading('Notes');
    printLine(application.notes);
  }
  if (application.statusHistory.length > 0) {
    printLine();
    printHeading('Status history');
    printLine(
      renderTable(
        ['When', 'Status'],
        application.statusHistory.map((change) => [
          formatDate(change.at, true),
          colourStatus(change.status),
        ]),
      ),
    );
  }
  printLine();
  if (application.interviews.length === 0) {
    printLine('No interviews yet.');
    return;
  }
  printHeading('Interviews');
  const short = idAbbreviator(application.interviews.map((interview) => interview._id));
  printLine(
    renderTable(
      ['Id', 'When', 'Type', 'Status', 'Notes'],
      [...application.interviews]
        .sort((a, b) => a.date.getTime() - b.date.getTime())
        .map((interview) => [
          short(interview._id),
          formatDate(interview.date, true),
          interview.type ?? '',
          colourStatus(interview.status ?? ''),
          interview.notes ?? '',
        ]),
    ),
  );
}

function agendaJson(entry: AgendaEntry): Record<string, unknown> {
  return {
    ...entry.interview,
    applicationId: entry.applicationId,
    applicationStatus: entry.applicationStatus,
    job: entry.job,
  };
}

interface AddFlags {
  company?: string;
  title?: string;
  job?: string;
  status?: string;
  date?: string;
  notes?: string;
  resume?: string;
  coverLetter?: string;
}

export function register(program: Command): void {
  const apply = program.command('apply').description(nounSummary('apply'));

  apply
    .command('add')
    .description('Record an application (for a job by id, or by company and title)')
    .option('--company <name>', 'the company (the job is found or created)')
    .option('--title <title>', 'the job title')
    .option('--job <id>', 'an existing job (instead of --company and --title)')
    .option('--status <status>', `one of: ${STATUS_LIST} (default toApply)`)
    .option('--date <date>', 'when you applied (default: now, once applied)')
    .option('--notes <text>', 'notes')
    .option('--resume <url>', 'the resume you sent')
    .option('--cover-letter <url>', 'the cover letter you sent')
    .action(async (flags: AddFlags, command: Command) => {
      const globals = globalOptions(command);
      // Checked before any prompt or write.
      if (flags.status !== undefined) parseStatus(flags.status, 'status');
      const date = optionalDate(flags.date, 'date');
      const target =
        flags.job !== undefined
          ? { job: flags.job, company: flags.company, title: flags.title }
          : {
              company: await valueOrPrompt(flags.company, '--company', 'Company'),
              title: await valueOrPrompt(flags.title, '--title', 'Job title'),
            };
      const added = await withSignedIn({ dbUri: globals.dbUri }, ({ data }) =>
        addApplication(data, { ...flags, ...target, date }),
      );
      if (globals.json) {
        printJson(added.application);
        return;
      }
      if (added.jobCreated) {
        printSuccess(
          `Added job ${shortId(added.job._id)}: ${added.job.title} at ${added.job.company}`,
        );
      }
      printSuccess(
        safe`Added application ${shortId(added.application._id)} for ${jobLabel(added.application)} (${colourStatus(added.application.status)})`,
      );
    });

  apply
    .command('list')
    .description('List your applications (most recently changed first)')
    .option('--status <status>', `only this status: ${STATUS_LIST}`)
    .option('--company <text>', 'only companies containing this text (any case)')
    .option('--since <date>', 'applied on or after this date')
    .option('--until <date>', 'applied on or before this date')
    .option('--limit <n>', 'at most this many (default 50)')
    .option('--page <n>', 'which page of --limit results (from 1)')
    .option('--sort <field>', 'applicationDate, updatedAt, status or company; add :desc to reverse')
    .action(
      async (
        flags: Omit<ApplicationListOptions, 'since' | 'until'> & { since?: string; until?: string },
        command: Command,
      ) => {
        const globals = globalOptions(command);
        const options: ApplicationListOptions = {
          ...flags,
          since: optionalDate(flags.since, 'since'),
          until: endOfDayIfBare(flags.until, '--until'),
        };
        const applications = await withSignedIn({ dbUri: globals.dbUri }, ({ data }) =>
          listApplications(data, options),
        );
        if (globals.json) {
          printJson(applications);
          return;
        }
        if (applications.length === 0) {
          printLine('No applications found.');
          printNote('Add one with `career apply add --company ACME --title "Engineer"`.');
          return;
        }
        printApplicationTable(applications);
      },
    );

  apply
    .command('show')
    .description('Show an application with its job, status history and interviews')
    .argument('<id>', ID_ARGUMENT)
    .action(async (id: string, _options: unknown, command: Command) => {
      const globals = globalOptions(command);
      const { application, job } = await withSignedIn({ dbUri: globals.dbUri }, ({ data }) =>
        showApplication(data, id),
      );
      if (globals.json) {
        printJson({ ...application, job: job ?? null });
        return;
      }
      printApplication(
        application,
        job ? { _id: job._id, company: job.company, title: job.title } : null,
      );
    });

  apply
    .command('update')
    .description('Change the date, notes, documents or job of an application')
    .argument('<id>', ID_ARGUMENT)
    .option('--date <date>', 'when you applied')
    .option('--notes <text>', 'replace the notes (an empty value clears them)')
    .option('--resume <url>', 'the resume you sent (an empty value clears it)')
    .option('--cover-letter <url>', 'the cover letter you sent (an empty value clears it)')
    .option('--job <id>', 'move the application to another of your jobs')
    .addHelpText('after', '\nChange the status with `career apply status ID STATUS`.')
    .action(
      async (
        id: string,
        flags: {
          date?: string;
          notes?: string;
          resume?: string;
          coverLetter?: string;
          job?: string;
        },
        command: Command,
      ) => {
        const globals = globalOptions(command);
        const date = optionalDate(flags.date, 'date');
        const updated = await withSignedIn({ dbUri: globals.dbUri }, ({ data }) =>
          updateApplication(data, id, { ...flags, date }),
        );
        if (globals.json) printJson(updated);
        else printSuccess(`Updated application ${shortId(updated._id)} for ${jobLabel(updated)}`);
      },
    );

  apply
    .command('status')
    .description('Move an application to a new status (recorded in its history)')
    .argument('<id>', ID_ARGUMENT)
    .argument('<status>', `one of: ${STATUS_LIST}`)
    .option('--date <date>', 'when it changed (default: now)')
    .action(async (id: string, statusText: string, flags: { date?: string }, command: Command) => {
      const globals = globalOptions(command);
      const status = parseStatus(statusText);
      const at = optionalDate(flags.date, 'date');
      const result = await withSignedIn({ dbUri: globals.dbUri }, ({ data }) =>
        changeStatus(data, id, status, at),
      );
      const label = `application ${shortId(result.application._id)}`;
      if (!result.changed) {
        printNote(`The ${label} is already ${status}; nothing changed.`);
      }
      if (globals.json) {
        printJson(result.application);
        return;
      }
      if (!result.changed) return;
      printSuccess(
        safe`Moved ${label} from ${colourStatus(result.previousStatus)} to ${colourStatus(status)}`,
      );
      if (result.applicationDateSet) {
        printNote(`Application date set to ${formatDate(result.applicationDateSet)}.`);
      }
    });

  apply
    .command('note')
    .description('Append a dated line to the notes of an application')
    .argument('<id>', ID_ARGUMENT)
    .argument('<text>', 'the note')
    .action(async (id: string, text: string, _options: unknown, command: Command) => {
      const globals = globalOptions(command);
      const updated = await withSignedIn({ dbUri: globals.dbUri }, ({ data }) =>
        addNote(data, id, text),
      );
      if (globals.json) printJson(updated);
      else printSuccess(`Added a note to application ${shortId(updated._id)}`);
    });

  apply
    .command('remove')
    .description('Remove an application (its job stays)')
    .argument('<id>', ID_ARGUMENT)
    .option('-y, --yes', 'do not ask for confirmation (required without a terminal)')
    .action(async (id: string, flags: { yes?: boolean }, command: Command) => {
      const globals = globalOptions(command);
      const removed = await withSignedIn({ dbUri: globals.dbUri }, async ({ data }) => {
        const application = await findApplication(data, id);
        const job = await data.jobs.findById(application.jobId);
        const what = job ? ` for ${job.title} at ${job.company}` : '';
        if (!(await confirmOrRequireYes(`Remove the application${what}?`, flags.yes, 'removing'))) {
          return undefined;
        }
        await removeApplication(data, application._id);
        return { application, what };
      });
      if (!removed) {
        printNote('Nothing removed.');
        return;
      }
      if (globals.json) printJson(removed.application);
      else printSuccess(`Removed application ${shortId(removed.application._id)}${removed.what}`);
    });

  registerBoard(apply);
  registerInterviews(apply);
}

/** `career apply board`: a kanban view, one column per status. */
function registerBoard(apply: Command): void {
  apply
    .command('board')
    .description('Your applications as a kanban board, one column per status')
    .option('--limit <n>', 'at most this many cards per column (the newest), then "+K more"')
    .addHelpText(
      'after',
      '\nColumns share the terminal width ($COLUMNS when output is not a terminal) and wrap onto\nfurther rows when the terminal is narrow. --json prints {status: [cards]}.',
    )
    .action(async (flags: { limit?: string }, command: Command) => {
      const globals = globalOptions(command);
      const limit = flags.limit === undefined ? undefined : parseCardLimit(flags.limit);
      const columns = await withSignedIn({ dbUri: globals.dbUri }, ({ data }) =>
        loadBoard(data, limit),
      );
      if (globals.json) {
        printJson(Object.fromEntries(columns.map((column) => [column.status, column.cards])));
        return;
      }
      if (columns.every((column: BoardColumn) => column.count === 0)) {
        printLine('No applications yet.');
        printNote('Add one with `career apply add --company ACME --title "Engineer"`.');
        return;
      }
      const views = columns.map((column) => ({
        status: column.status,
        count: column.count,
        cards: column.cards.map((card) => ({
          id: card._id.toHexString(),
          company: card.company ?? '',
          title: card.title ?? '',
        })),
      }));
      for (const line of renderBoard(views, terminalColumns())) printLine(line);
    });
}

function registerInterviews(apply: Command): void {
  const interview = apply.command('interview').description('Schedule and track interviews');

  interview
    .command('add')
    .description('Add an interview to an application (moves it to interviewing)')
    .argument('<application-id>', ID_ARGUMENT)
    .option('--date <date>', 'when (e.g. 2026-03-01T10:00 or "next friday 10am")')
    .option('--type <type>', 'phone, video, onsite, technical... (free text)')
    .option('--notes <text>', 'notes')
    .option('--status <status>', 'scheduled (default), done, cancelled... (free text)')
    .action(
      async (
        applicationId: string,
        flags: { date?: string; type?: string; notes?: string; status?: string },
        command: Command,
      ) => {
        const globals = globalOptions(command);
        const date = parseDate(await valueOrPrompt(flags.date, '--date', 'Date and time'), 'date');
        const added = await withSignedIn({ dbUri: globals.dbUri }, ({ data }) =>
          addInterview(data, applicationId, { ...flags, date }),
        );
        if (globals.json) {
          printJson({
            ...added.interview,
            applicationId: added.application._id,
            applicationStatus: added.application.status,
          });
          return;
        }
        printSuccess(
          `Added interview ${shortId(added.interview._id)} on ${formatDate(added.interview.date, true)} to application ${shortId(added.application._id)}`,
        );
        if (added.movedFrom !== undefined) {
          printSuccess(
            safe`Moved the application from ${colourStatus(added.movedFrom)} to ${colourStatus('interviewing')}`,
          );
        }
      },
    );

  interview
    .command('list')
    .description('List interviews across your applications (or of one), by date')
    .argument('[application-id]', ID_ARGUMENT)
    .option('--upcoming', 'only interviews from now on')
    .action(
      async (
        applicationId: string | undefined,
        flags: { upcoming?: boolean },
        command: Command,
      ) => {
        const globals = globalOptions(command);
        const entries = await withSignedIn({ dbUri: globals.dbUri }, ({ data }) =>
          listInterviews(data, { application: applicationId, upcoming: flags.upcoming === true }),
        );
        if (globals.json) {
          printJson(entries.map(agendaJson));
          return;
        }
        if (entries.length === 0) {
          printLine(flags.upcoming ? 'No upcoming interviews.' : 'No interviews.');
          return;
        }
        const shortInterview = idAbbreviator(entries.map((entry) => entry.interview._id));
        const shortApplication = idAbbreviator(entries.map((entry) => entry.applicationId));
        printLine(
          renderTable(
            ['Id', 'When', 'Company', 'Title', 'Type', 'Status', 'Application'],
            entries.map((entry) => [
              shortInterview(entry.interview._id),
              formatDate(entry.interview.date, true),
              entry.job?.company ?? '',
              entry.job?.title ?? '',
              entry.interview.type ?? '',
              colourStatus(entry.interview.status ?? ''),
              shortApplication(entry.applicationId),
            ]),
          ),
        );
      },
    );

  interview
    .command('update')
    .description('Change an interview')
    .argument('<application-id>', ID_ARGUMENT)
    .argument('<interview-id>', 'interview id (or a unique prefix within the application)')
    .option('--date <date>', 'when')
    .option('--type <type>', 'phone, video, onsite... (an empty value clears it)')
    .option('--notes <text>', 'notes (an empty value clears them)')
    .option('--status <status>', 'scheduled, done, cancelled... (free text)')
    .action(
      async (
        applicationId: string,
        interviewId: string,
        flags: { date?: string; type?: string; notes?: string; status?: string },
        command: Command,
      ) => {
        const globals = globalOptions(command);
        const date = optionalDate(flags.date, 'date');
        const updated = await withSignedIn({ dbUri: globals.dbUri }, ({ data }) =>
          updateInterview(data, applicationId, interviewId, { ...flags, date }),
        );
        if (globals.json) {
          printJson({ ...updated.interview, applicationId: updated.application._id });
          return;
        }
        printSuccess(
          `Updated interview ${shortId(updated.interview._id)} (${formatDate(updated.interview.date, true)}) of application ${shortId(updated.application._id)}`,
        );
      },
    );
}
