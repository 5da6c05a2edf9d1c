// `career apply offers`: the open offers side by side, grouped by currency, with each one's
// yearly total and the best per currency marked (totals in different currencies are never
// compared).
import type { Command } from 'commander';
import { compareOffers, type ComparedOffer } from '../../services/offer-comparison.js';
import { withPrintedIds, type IdLengths } from '../../services/short-ids.js';
import { formatAmount } from '../../ui/amounts.js';
import type { TerminalText } from '../../ui/printable.js';
import { idShortener } from '../../ui/status-colours.js';
import { idColumn, keep, renderTable, text } from '../../ui/table.js';
import type { CommandContext } from '../context.js';
import type { JsonOf } from '../json.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';

export interface ApplyOffersOptions {
  globals: GlobalOptions;
}

/** `career apply offers --json`: each open offer with its `yearlyBase`, `total` and `best`. */
export type ApplyOffersJson = Array<JsonOf<ComparedOffer>>;

export function offersCommand(apply: Command, context: CommandContext): Command {
  return apply
    .command('offers')
    .description('Compare your open offers side by side (yearly totals per currency)')
    .addHelpText(
      'after',
      '\nTotal = the base over a year (a month x 12, an hour x 2,080: 40 hours for 52 weeks)\n+ bonus + equity value. Totals are compared only within one currency.',
    )
    .action((_flags: unknown, command: Command) =>
      run({ globals: globalOptions(command) }, context),
    );
}

export async function run(options: ApplyOffersOptions, context: CommandContext): Promise<void> {
  const { out } = context;
  const [{ offers, withoutOffer }, ids] = await context.withSignedIn(
    { dbUri: options.globals.dbUri },
    async ({ data }) =>
      withPrintedIds(data, await compareOffers(data, context.clock.now()), (compared) => ({
        application: compared.offers.map((offer) => offer.applicationId),
      })),
  );
  if (options.globals.json) {
    out.printJson(offers);
    return;
  }
  const unrecorded =
    withoutOffer === 0
      ? undefined
      : `${withoutOffer === 1 ? '1 application is' : `${withoutOffer} applications are`} in offer with no offer recorded: see \`career apply list --status offer\`, then \`career apply offer APP-ID --base N --currency XXX\`.`;
  if (offers.length === 0) {
    out.printLine('No open offers.');
    out.printNote(
      unrecorded ?? 'Record one with `career apply offer APP-ID --base 120k --currency EUR`.',
    );
    return;
  }
  out.printLine(offerTable(offers, ids, options.globals.wide, context));
  const currencies = new Set(offers.map((offer) => offer.currency));
  out.printNote(
    currencies.size > 1
      ? `* best total per currency; totals in ${[...currencies].join(', ')} are not compared with each other.`
      : '* best total.',
  );
  if (unrecorded) out.printNote(unrecorded);
}

function deadlineText(offer: ComparedOffer): string {
  const days = offer.daysToDeadline;
  if (days === null) return '';
  if (days === 0) return 'today';
  if (days < 0) return `passed ${-days}d ago`;
  return `${days}d`;
}

function offerTable(
  offers: readonly ComparedOffer[],
  ids: IdLengths,
  wide: boolean,
  context: CommandContext,
): TerminalText {
  const short = idShortener(ids);
  return renderTable(
    [
      idColumn(),
      text('Company', 4),
      text('Title', 3),
      keep('Base', 5),
      keep('Per', 2),
      keep('Bonus', 3),
      text('Equity', 1),
      keep('Total/year', 6),
      keep('Cur', 6),
      keep('Deadline', 4),
    ],
    offers.map((offer) => [
      short(offer.applicationId),
      offer.company ?? '',
      offer.title ?? '',
      formatAmount(offer.base),
      offer.period ?? 'year',
      formatAmount(offer.bonus),
      [offer.equity, offer.equityValue ? `(${formatAmount(offer.equityValue)}/yr)` : '']
        .filter(Boolean)
        .join(' '),
      `${formatAmount(offer.total)}${offer.best ? ' *' : ''}`,
      offer.currency,
      deadlineText(offer),
    ]),
    context.io,
    { wide },
  );
}
