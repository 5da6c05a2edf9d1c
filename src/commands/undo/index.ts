// `career undo [--list] [--steps N] [--force]`: reverse the last command that changed your
// records (or the last N), or list what can be undone. A noun without verbs.
import type { Command } from 'commander';
import {
  parseSteps,
  stepName,
  undo,
  undoableSteps,
  type JournalStepView,
  type UndoReport,
} from '../../services/undo-service.js';
import { keep, renderTable } from '../../ui/table.js';
import { formatDate } from '../../domain/dates.js';
import type { CommandContext } from '../context.js';
import { nounSummary } from '../index.js';
import type { JsonOf } from '../json.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';
import { addWideOption } from '../options/list.js';

export interface UndoCommandOptions {
  globals: GlobalOptions;
  list: boolean;
  /** How many steps, as given (checked before anything is opened). */
  steps: string | undefined;
  force: boolean;
}

/** `career undo --json`: {undone: the steps undone, newest first; overridden: records changed since, undone anyway with --force}. */
export type UndoJson = JsonOf<Omit<UndoReport, 'transaction'>>;
/** `career undo --list --json`: with --list, the steps that can be undone, newest first, each {id, at, command, records, undoable}. */
export type UndoListJson = JsonOf<JournalStepView[]>;

export function register(program: Command, context: CommandContext): void {
  const command = program
    .command('undo')
    .description(nounSummary('undo'))
    .option('--list', 'list what can be undone, newest first')
    .option('--steps <n>', 'undo the last N steps (default 1)')
    .option('--force', 'undo even records changed since by something undo did not see')
    .addHelpText(
      'after',
      '\nEach command that changes your records is one step. The journal keeps your last 100 steps\nof the last 30 days; it is not in backups, and a restore empties it. Undo itself cannot be undone.',
    );
  addWideOption(command).action(
    (flags: { list?: boolean; steps?: string; force?: boolean }, command: Command) =>
      run(
        {
          globals: globalOptions(command),
          list: flags.list === true,
          steps: flags.steps,
          force: flags.force === true,
        },
        context,
      ),
  );
}

/** "2 applications, 1 job". */
export function describeRecords(records: JournalStepView['records']): string {
  return records
    .map(({ kind, count }) => `${count} ${count === 1 ? kind : plural(kind)}`)
    .join(', ');
}

function plural(kind: string): string {
  return kind.endsWith('y') ? `${kind.slice(0, -1)}ies` : `${kind}s`;
}

export async function run(options: UndoCommandOptions, context: CommandContext): Promise<void> {
  const steps = options.steps === undefined ? 1 : parseSteps(options.steps);
  const { out } = context;
  if (options.list) {
    const views = await context.withSignedIn({ dbUri: options.globals.dbUri }, ({ data }) =>
      undoableSteps(data),
    );
    if (options.globals.json) out.printJson(views);
    else printList(views, options.globals, context);
    return;
  }
  const report = await context.withSignedIn(
    { dbUri: options.globals.dbUri },
    ({ data, workspace }) =>
      undo(workspace.database.connection, data, { steps, force: options.force }),
  );
  if (options.globals.json) {
    out.printJson({ undone: report.undone, overridden: report.overridden });
    return;
  }
  for (const view of report.undone) {
    const records = describeRecords(view.records);
    out.printSuccess(`Undid ${stepName(view)}${records === '' ? '' : `: ${records}`}`);
  }
  if (report.overridden > 0) {
    out.printWarning(
      `${report.overridden} ${report.overridden === 1 ? 'record was' : 'records were'} changed since; those changes are gone`,
    );
  }
}

function printList(views: JournalStepView[], globals: GlobalOptions, context: CommandContext) {
  const { out, io } = context;
  if (views.length === 0) {
    out.printLine('Nothing to undo.');
    out.printNote('Each command that changes your records can be undone with `career undo`.');
    return;
  }
  const rows = views.map((view) => [
    formatDate(view.at, true),
    view.command,
    view.undoable ? describeRecords(view.records) : 'too many to keep: cannot be undone',
  ]);
  out.printLine(
    renderTable([keep('When', 3), keep('Command', 3), keep('Records', 2)], rows, io, {
      wide: globals.wide,
    }),
  );
  out.printNote('`career undo` reverses the newest; `career undo --steps N` the newest N.');
}
