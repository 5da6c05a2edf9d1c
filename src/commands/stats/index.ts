// `career stats`: the application funnel, time to a first response, applications and
// follow-ups per week as charts fitted to the terminal, and learning. A noun without verbs.
import type { Command } from 'commander';
import { tracksNothingYet } from '../../services/first-steps.js';
import { computeStats, parseWeeks, type Stats } from '../../services/stats/stats-service.js';
import { coloursFor } from '../../ui/colours.js';
import type { CommandContext } from '../context.js';
import { printFirstSteps } from '../first-steps.js';
import { nounSummary } from '../index.js';
import type { JsonOf } from '../json.js';
import { DATE_FIELDS, optionalDateFlag } from '../options/dates.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';
import { printStats } from './render.js';

export interface StatsOptions {
  globals: GlobalOptions;
  /** Only what happened since this date, as given (checked before anything is opened). */
  since: string | undefined;
  /** How many weeks the per-week charts show, as given. */
  weeks: string | undefined;
}

/** `career stats --json`: everything the charts show. */
export type StatsJson = JsonOf<Stats>;

export function register(program: Command, context: CommandContext): void {
  program
    .command('stats')
    .description(nounSummary('stats'))
    .option('--since <date>', 'only what happened since this date (charts from its week)')
    .option('--weeks <n>', 'how many weeks the per-week charts show (default 12)')
    .addHelpText(
      'after',
      '\nWeeks are ISO weeks, Monday to Sunday in UTC. Charts fit the terminal width ($COLUMNS\nwhen output is not a terminal).',
    )
    .action((flags: { since?: string; weeks?: string }, command: Command) =>
      run({ globals: globalOptions(command), since: flags.since, weeks: flags.weeks }, context),
    );
}

export async function run(options: StatsOptions, context: CommandContext): Promise<void> {
  const since = optionalDateFlag(context, options.since, DATE_FIELDS.since);
  const weeks = options.weeks === undefined ? undefined : parseWeeks(options.weeks);
  const now = context.clock.now();
  const json = options.globals.json;
  const { stats, nothingYet } = await context.withSignedIn(
    { dbUri: options.globals.dbUri, readOnly: true },
    async ({ data, user, workspace }) => ({
      stats: await computeStats(data, user, workspace.config, { since, weeks }, now),
      nothingYet: !json && (await tracksNothingYet(data)),
    }),
  );
  if (json) {
    context.out.printJson(stats);
    return;
  }
  if (nothingYet) {
    printFirstSteps(context.out, 'Nothing to count yet.');
    return;
  }
  printStats(context.out, stats, {
    width: context.io.columns,
    colours: coloursFor(context.io.stdout),
  });
}
