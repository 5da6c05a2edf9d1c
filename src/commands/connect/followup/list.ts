// `career connect followup list`: follow-ups by due date, across connections or for one.
import type { Command } from 'commander';
import {
  listFollowUps,
  type FollowUpEntry,
  type FollowUpListOptions,
} from '../../../services/follow-up-service.js';
import { withPrintedIds } from '../../../services/short-ids.js';
import { UsageError } from '../../../domain/errors.js';
import type { CommandContext } from '../../context.js';
import type { JsonOf } from '../../json.js';
import { globalOptions, type GlobalOptions } from '../../options/global.js';
import { WIDE_HELP } from '../../options/list.js';
import { followUpsTable } from '../render.js';

export interface ConnectFollowupListOptions {
  globals: GlobalOptions;
  query: FollowUpListOptions;
}

/** `career connect followup list --json`: the follow-ups with their connection and contact. */
export type ConnectFollowupListJson = Array<JsonOf<FollowUpEntry>>;

interface FollowUpListFlags {
  all?: boolean;
  overdue?: boolean;
  days?: string;
  archived?: boolean;
}

export function listCommand(followUp: Command, context: CommandContext): Command {
  return followUp
    .command('list')
    .description('List open follow-ups by due date, across connections or for one')
    .argument('[connection-id]', 'only this connection (id or unique prefix)')
    .option('--all', 'include completed follow-ups')
    .option('--overdue', 'only open follow-ups past their due date')
    .option('--days <n>', 'only those due within n days (overdue ones included)')
    .option('--archived', "only archived connections' follow-ups")
    .option('--wide', WIDE_HELP)
    .action((connectionId: string | undefined, flags: FollowUpListFlags, command: Command) =>
      run({ globals: globalOptions(command), query: parse(connectionId, flags) }, context),
    );
}

function parseDays(value: string): number {
  const days = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(days)) {
    throw new UsageError(`--days must be a whole number of days, not '${value}'`);
  }
  return days;
}

function parse(connectionId: string | undefined, flags: FollowUpListFlags): FollowUpListOptions {
  const days = flags.days === undefined ? undefined : parseDays(flags.days);
  return {
    ...(connectionId === undefined ? {} : { connection: connectionId }),
    all: flags.all === true,
    overdue: flags.overdue === true,
    ...(days === undefined ? {} : { days }),
    ...(flags.archived === true ? { archived: true } : {}),
  };
}

export async function run(
  options: ConnectFollowupListOptions,
  context: CommandContext,
): Promise<void> {
  const { out } = context;
  const [entries, ids] = await context.withSignedIn(
    { dbUri: options.globals.dbUri },
    async ({ data }) =>
      withPrintedIds(
        data,
        await listFollowUps(data, options.query, context.clock.now()),
        (listed) => ({
          'follow-up': listed.map((entry) => entry._id),
          connection: listed.map((entry) => entry.connectionId),
        }),
      ),
  );
  if (options.globals.json) {
    out.printJson(entries);
    return;
  }
  if (entries.length === 0) {
    out.printNote(
      'No follow-ups to show. Plan one with `career connect followup add CONNECTION_ID --due ... --type ...`.',
    );
    return;
  }
  out.printLine(followUpsTable(entries, true, context.io, options.globals.wide, ids));
}
