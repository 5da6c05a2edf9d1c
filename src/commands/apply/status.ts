// `career apply status`: move an application to a new status (recorded in its history).
import type { Command } from 'commander';
import {
  changeStatus,
  parseStatus,
  type BackwardMovePolicy,
  type StatusChangeResult,
} from '../../services/application-service.js';
import { coloursFor } from '../../ui/colours.js';
import { safe } from '../../ui/printable.js';
import { colourStatus, shortId } from '../../ui/status-colours.js';
import { withPrintedIds } from '../../services/short-ids.js';
import type { CommandContext } from '../context.js';
import type { JsonOf } from '../json.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';
import { checkedDateFlag, DATE_FIELDS, dateLine } from '../options/dates.js';
import { ID_ARGUMENT, STATUS_LIST } from './shared.js';

export interface ApplyStatusOptions {
  globals: GlobalOptions;
  /** An application id or a unique prefix of one. */
  id: string;
  /** The new status, as given (checked before anything is opened). */
  status: string;
  /** When it changed, as given (default: now). */
  date: string | undefined;
  /** Move back in the pipeline without asking (required for that without a terminal). */
  force: boolean;
}

/** `career apply status --json`: the application after the change (or as it was). */
export type ApplyStatusJson = JsonOf<StatusChangeResult['application']>;

export function statusCommand(apply: Command, context: CommandContext): Command {
  return apply
    .command('status')
    .description('Move an application to a new status (recorded in its history)')
    .argument('<id>', ID_ARGUMENT)
    .argument('<status>', `one of: ${STATUS_LIST}`)
    .option('--date <date>', 'when it changed (default: now)')
    .option('--force', 'move back in the pipeline (e.g. rejected to offer) without asking')
    .action(
      (id: string, status: string, flags: { date?: string; force?: boolean }, command: Command) =>
        run(
          { globals: globalOptions(command), id, status, date: flags.date, force: !!flags.force },
          context,
        ),
    );
}

export async function run(options: ApplyStatusOptions, context: CommandContext): Promise<void> {
  const { out } = context;
  const status = parseStatus(options.status);
  const at = await checkedDateFlag(context, options.date, DATE_FIELDS.statusChange);
  const { prompts } = context;
  const policy: BackwardMovePolicy = {
    force: options.force,
    ...(prompts.canPrompt()
      ? {
          confirm: (from: string, to: string) =>
            prompts.askYesNo(`Move this application back from ${from} to ${to}?`, false),
        }
      : {}),
  };
  const [result, ids] = await context.withSignedIn(
    { dbUri: options.globals.dbUri },
    async ({ data }) =>
      withPrintedIds(
        data,
        await changeStatus(data, options.id, status, at ?? context.clock.now(), policy),
        (changed) => ({ application: [changed.application._id] }),
      ),
  );
  const label = `application ${shortId(result.application._id, ids)}`;
  if (result.declined) {
    out.printNote('Nothing changed.');
    return;
  }
  if (!result.changed) {
    out.printNote(`The ${label} is already ${status}; nothing changed.`);
  }
  if (options.globals.json) {
    out.printJson(result.application);
    return;
  }
  if (!result.changed) return;
  const colours = coloursFor(context.io.stdout);
  out.printSuccess(
    safe`Moved ${label} from ${colourStatus(result.previousStatus, colours)} to ${colourStatus(status, colours)}`,
  );
  if (result.applicationDateSet) {
    out.printLine(dateLine(DATE_FIELDS.applicationDate, result.applicationDateSet));
  } else if (at) out.printLine(dateLine(DATE_FIELDS.statusChange, at));
  if (result.applicationDateCleared) out.printNote('Application date cleared: not sent yet.');
}
