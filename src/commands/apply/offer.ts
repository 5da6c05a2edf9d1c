// `career apply offer`: record an application's offer (or change it: only the fields given)
// and move the application to offer, recorded in its history as `apply status` records it.
import type { Command } from 'commander';
import type {
  ApplicationDocument,
  BackwardMovePolicy,
} from '../../services/application-service.js';
import {
  parseOfferFlags,
  recordOffer,
  type OfferChange,
  type OfferFlags,
} from '../../services/offer-service.js';
import { withPrintedIds } from '../../services/short-ids.js';
import { formatPay } from '../../ui/amounts.js';
import { coloursFor } from '../../ui/colours.js';
import { safe } from '../../ui/printable.js';
import { colourStatus, shortId } from '../../ui/status-colours.js';
import type { CommandContext } from '../context.js';
import type { JsonOf } from '../json.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';
import { checkedDateFlag, DATE_FIELDS, dateLine } from '../options/dates.js';
import { ID_ARGUMENT } from './shared.js';

export type ApplyOfferFlags = OfferFlags & { deadline?: string; force?: boolean };

export interface ApplyOfferOptions {
  globals: GlobalOptions;
  /** An application id or a unique prefix of one. */
  id: string;
  flags: ApplyOfferFlags;
}

/** `career apply offer --json`: the application after the change, with its `offer`. */
export type ApplyOfferJson = JsonOf<ApplicationDocument>;

export function offerCommand(apply: Command, context: CommandContext): Command {
  return apply
    .command('offer')
    .description('Record an offer (or change it) and move the application to offer')
    .argument('<id>', ID_ARGUMENT)
    .option('--base <amount>', 'the base salary: 120000, 120,000 or 120k (required at first)')
    .option('--currency <code>', 'an ISO 4217 code: EUR, USD, GBP... (required at first)')
    .option('--period <period>', 'what the base is paid for: year (default), month or hour')
    .option('--bonus <amount>', 'a yearly bonus')
    .option('--equity <text>', 'the equity as offered, e.g. "0.1% over 4 years"')
    .option('--equity-value <amount>', "the equity's value for a year, counted in the total")
    .option('--benefits <text>', 'benefits, in words')
    .option('--deadline <date>', 'when you must answer by')
    .option('--notes <text>', 'notes on the offer')
    .option('--force', 'move back to offer (e.g. from rejected) without asking')
    .addHelpText(
      'after',
      '\nRun it again to change the offer: only the fields given change; an empty value clears\nan optional one. Compare open offers with `career apply offers`.',
    )
    .action((id: string, flags: ApplyOfferFlags, command: Command) =>
      run({ globals: globalOptions(command), id, flags }, context),
    );
}

function movePolicy(context: CommandContext, force: boolean): BackwardMovePolicy {
  const { prompts } = context;
  if (!prompts.canPrompt()) return { force };
  return {
    force,
    confirm: (from: string, to: string) =>
      prompts.askYesNo(`Move this application back from ${from} to ${to}?`, false),
  };
}

export async function run(options: ApplyOfferOptions, context: CommandContext): Promise<void> {
  const { globals, flags } = options;
  const change: OfferChange = parseOfferFlags(flags);
  if (flags.deadline !== undefined) {
    change.deadline =
      flags.deadline.trim() === ''
        ? null
        : await checkedDateFlag(context, flags.deadline, DATE_FIELDS.offerDeadline);
  }
  const now = context.clock.now();
  const policy = movePolicy(context, flags.force === true);
  const [result, ids] = await context.withSignedIn({ dbUri: globals.dbUri }, async ({ data }) =>
    withPrintedIds(
      data,
      await recordOffer(data, options.id, change, { at: now, now, policy }),
      (recorded) => ({ application: [recorded.application._id] }),
    ),
  );
  if (result.declined) {
    context.out.printNote('Nothing changed.');
    return;
  }
  if (globals.json) {
    context.out.printJson(result.application);
    return;
  }
  const { application } = result;
  const label = `application ${shortId(application._id, ids)}`;
  const colours = coloursFor(context.io.stdout);
  context.out.printSuccess(
    result.moved
      ? safe`Recorded the offer on ${label}; moved it from ${colourStatus(result.previousStatus, colours)} to ${colourStatus('offer', colours)}`
      : safe`${result.created ? 'Recorded' : 'Updated'} the offer on ${label}`,
  );
  const offer = application.offer;
  if (!offer) return;
  context.out.printLine(`Base: ${formatPay(offer.base, offer.currency, offer.period)}`);
  if (offer.deadline) context.out.printLine(dateLine(DATE_FIELDS.offerDeadline, offer.deadline));
}
