// `career apply board`: a kanban view, one column per status.
import type { Command } from 'commander';
import { loadBoard, parseCardLimit, type BoardColumn } from '../../services/board-service.js';
import { coloursFor } from '../../ui/colours.js';
import { renderBoard, type BoardColumnView } from '../../ui/board.js';
import { withPrintedIds } from '../../services/short-ids.js';
import type { CommandContext } from '../context.js';
import type { JsonOf } from '../json.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';

export interface ApplyBoardOptions {
  globals: GlobalOptions;
  /** Cards per column, as given (checked before anything is opened). */
  limit: string | undefined;
}

/** `career apply board --json`: {status: [cards]}, every status present. */
export type ApplyBoardJson = Record<string, JsonOf<BoardColumn['cards']>>;

export function boardCommand(apply: Command, context: CommandContext): Command {
  return apply
    .command('board')
    .description('Your applications as a kanban board, one column per status')
    .option('--limit <n>', 'at most this many cards per column (the newest), then "+K more"')
    .addHelpText(
      'after',
      '\nColumns share the terminal width ($COLUMNS when output is not a terminal) and wrap onto\nfurther rows when the terminal is narrow. --json prints {status: [cards]}.',
    )
    .action((flags: { limit?: string }, command: Command) =>
      run({ globals: globalOptions(command), limit: flags.limit }, context),
    );
}

export async function run(options: ApplyBoardOptions, context: CommandContext): Promise<void> {
  const { out } = context;
  const limit = options.limit === undefined ? undefined : parseCardLimit(options.limit);
  const [columns, ids] = await context.withSignedIn(
    { dbUri: options.globals.dbUri },
    async ({ data }) =>
      withPrintedIds(data, await loadBoard(data, limit), (loaded) => ({
        application: loaded.flatMap((column) => column.cards.map((card) => card._id)),
      })),
  );
  if (options.globals.json) {
    out.printJson(Object.fromEntries(columns.map((column) => [column.status, column.cards])));
    return;
  }
  if (columns.every((column) => column.count === 0)) {
    out.printLine('No applications yet.');
    out.printNote('Add one with `career apply add --company ACME --title "Engineer"`.');
    return;
  }
  const lines = renderBoard(
    columns.map(columnView),
    context.io.columns,
    coloursFor(context.io.stdout),
    ids,
  );
  for (const line of lines) out.printLine(line);
}

function columnView(column: BoardColumn): BoardColumnView {
  return {
    status: column.status,
    count: column.count,
    cards: column.cards.map((card) => ({
      id: card._id.toHexString(),
      company: card.company ?? '',
      title: card.title ?? '',
    })),
  };
}
