// `career apply show`: one application with its job, status history and interviews.
import type { Command } from 'commander';
import type { ChalkInstance } from 'chalk';
import {
  showApplication,
  type ApplicationDocument,
  type ApplicationWithJob,
} from '../../services/application-service.js';
import type { JobDocument } from '../../services/job-service.js';
import { interviewersOf, peopleOn, type PersonOnApplication } from '../../services/link-service.js';
import { coloursFor } from '../../ui/colours.js';
import type { Field, Printer } from '../../ui/output.js';
import { colourStatus, formatDate, idShortener } from '../../ui/status-colours.js';
import { withPrintedIds, type IdLengths } from '../../services/short-ids.js';
import type { CommandIO } from '../../ui/io.js';
import type { UserRepositories } from '../../repositories/index.js';
import { idColumn, keep, renderTable, text } from '../../ui/table.js';
import type { CommandContext } from '../context.js';
import type { JsonOf } from '../json.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';
import { printOffer } from './offer-fields.js';
import { ID_ARGUMENT } from './shared.js';

export interface ApplyShowOptions {
  globals: GlobalOptions;
  /** An application id or a unique prefix of one. */
  id: string;
}

/**
 * `career apply show --json`: the application with its whole job (null if it is gone), and
 * the people on it as `contacts` (each with the contact's `name`).
 */
export type ApplyShowJson = JsonOf<
  Omit<ApplicationDocument, 'contacts'> & {
    job: JobDocument | null;
    contacts: PersonOnApplication[];
  }
>;

type JobSummary = ApplicationWithJob['job'];

export function showCommand(apply: Command, context: CommandContext): Command {
  return apply
    .command('show')
    .description('Show an application with its job, status history and interviews')
    .argument('<id>', ID_ARGUMENT)
    .action((id: string, _flags: unknown, command: Command) =>
      run({ globals: globalOptions(command), id }, context),
    );
}

export async function run(options: ApplyShowOptions, context: CommandContext): Promise<void> {
  const [{ application, job, people }, ids] = await context.withSignedIn(
    { dbUri: options.globals.dbUri },
    async ({ data }) =>
      withPrintedIds(data, await withPeople(data, options.id), (shown) => ({
        interview: shown.application.interviews.map((interview) => interview._id),
        contact: shown.people.map((person) => person.contactId),
      })),
  );
  if (options.globals.json) {
    context.out.printJson({ ...application, job: job ?? null, contacts: people });
    return;
  }
  const summary = job ? { _id: job._id, company: job.company, title: job.title } : null;
  const colours = coloursFor(context.io.stdout);
  printApplication(context.out, application, summary, colours);
  printOffer(context.out, application);
  printPeople(context.out, people, ids, context.io);
  printStatusHistory(context.out, application, context.io);
  printInterviews(context.out, application, interviewersOf(application, people), ids, context.io);
}

async function withPeople(data: UserRepositories, id: string) {
  const shown = await showApplication(data, id);
  return { ...shown, people: await peopleOn(data, shown.application) };
}

function printPeople(
  out: Printer,
  people: readonly PersonOnApplication[],
  ids: IdLengths,
  io: CommandIO,
): void {
  if (people.length === 0) return;
  out.printLine();
  out.printHeading('People');
  const short = idShortener(ids);
  const rows = people.map((person) => [
    short(person.contactId),
    person.name ?? '(removed)',
    person.role,
    person.notes ?? '',
  ]);
  const head = [idColumn(), text('Name', 3), keep('Role', 2), text('Notes')];
  out.printLine(renderTable(head, rows, io));
}

function printApplication(
  out: Printer,
  application: ApplicationDocument,
  job: JobSummary,
  colours: ChalkInstance,
): void {
  const fields: Field[] = [
    ['Id', application._id.toHexString()],
    ['Company', job?.company ?? ''],
    ['Title', job?.title ?? ''],
    ['Job', job ? job._id.toHexString() : application.jobId.toHexString()],
    ['Status', colourStatus(application.status, colours)],
    ['Applied', formatDate(application.applicationDate)],
  ];
  if (application.documents?.resumeUrl) fields.push(['Resume', application.documents.resumeUrl]);
  if (application.documents?.coverLetterUrl) {
    fields.push(['Cover letter', application.documents.coverLetterUrl]);
  }
  fields.push(['Updated', formatDate(application.updatedAt, true)]);
  if (application.archivedAt) fields.push(['Archived', formatDate(application.archivedAt, true)]);
  out.printFields(fields);
  if (application.notes) {
    out.printLine();
    out.printHeading('Notes');
    out.printLine(application.notes);
  }
}

function printStatusHistory(out: Printer, application: ApplicationDocument, io: CommandIO): void {
  const colours = coloursFor(io.stdout);
  if (application.statusHistory.length === 0) return;
  out.printLine();
  out.printHeading('Status history');
  const rows = application.statusHistory.map((change) => [
    formatDate(change.at, true),
    colourStatus(change.status, colours),
  ]);
  out.printLine(renderTable([keep('When'), keep('Status')], rows, io));
}

function printInterviews(
  out: Printer,
  application: ApplicationDocument,
  interviewers: ReadonlyMap<string, string[]>,
  ids: IdLengths,
  io: CommandIO,
): void {
  const colours = coloursFor(io.stdout);
  out.printLine();
  if (application.interviews.length === 0) {
    out.printLine('No interviews yet.');
    return;
  }
  out.printHeading('Interviews');
  const short = idShortener(ids);
  // The "With" column only when someone is on an interview (the table stays as it was).
  const withPeople = application.interviews.some(
    (interview) => (interviewers.get(interview._id.toHexString()) ?? []).length > 0,
  );
  const rows = [...application.interviews]
    .sort((a, b) => a.date.getTime() - b.date.getTime())
    .map((interview) => [
      short(interview._id),
      formatDate(interview.date, true),
      interview.type ?? '',
      colourStatus(interview.status ?? '', colours),
      ...(withPeople ? [(interviewers.get(interview._id.toHexString()) ?? []).join(', ')] : []),
      interview.notes ?? '',
    ]);
  const head = [
    idColumn(),
    keep('When', 4),
    keep('Type', 2),
    keep('Status', 3),
    ...(withPeople ? [text('With', 2)] : []),
    text('Notes'),
  ];
  out.printLine(renderTable(head, rows, io));
}
