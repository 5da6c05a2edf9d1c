// `career search TEXT`: the user's records holding these words, best first, each with its
// short id, an excerpt around the word found and (at a terminal) the commands that open them.
import type { Command } from 'commander';
import {
  DEFAULT_SEARCH_LIMIT,
  MAX_SEARCH_LIMIT,
  parseSearchLimit,
  parseSearchTypes,
  SEARCH_TYPES,
  searchRecords,
  type SearchKind,
  type SearchResult,
} from '../../services/search-service.js';
import { tracksNothingYet } from '../../services/first-steps.js';
import { withPrintedIds, type IdKind, type IdLengths } from '../../services/short-ids.js';
import type { CommandIO } from '../../ui/io.js';
import { safe, type TerminalText } from '../../ui/printable.js';
import { idShortener } from '../../ui/status-colours.js';
import { idColumn, keep, renderTable, text } from '../../ui/table.js';
import type { CommandContext } from '../context.js';
import { printFirstSteps } from '../first-steps.js';
import type { JsonOf } from '../json.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';
import { WIDE_HELP } from '../options/list.js';

export interface SearchOptions {
  globals: GlobalOptions;
  /** The words to find, as typed (MongoDB's search string: "a phrase", -word). */
  text: string;
  /** --type, as given (undefined: every kind). */
  types: string | undefined;
  /** --limit, as given. */
  limit: string | undefined;
}

/** `career search --json`: the records found, best first, each {type, _id, title, snippet, field, score}. */
export type SearchJson = Array<JsonOf<SearchResult>>;

/** The command that opens a record of each kind (the id follows). */
const OPEN_COMMANDS: Record<SearchKind, string> = {
  job: 'career job show',
  application: 'career apply show',
  contact: 'career contact show',
  connection: 'career connect show',
  activity: 'career learn show',
};

const ID_KINDS: Record<SearchKind, IdKind> = {
  job: 'job',
  application: 'application',
  contact: 'contact',
  connection: 'connection',
  activity: 'activity',
};

interface SearchFlags {
  type?: string;
  limit?: string;
  wide?: boolean;
}

export function searchCommand(command: Command, context: CommandContext): Command {
  return command
    .argument(
      '<words...>',
      'the words to find (any of them; "a phrase" must appear whole; after --, -word must not)',
    )
    .option('--type <types>', `only these, comma-separated: ${SEARCH_TYPES.join(', ')}`)
    .option(
      '--limit <n>',
      `at most this many results (default ${DEFAULT_SEARCH_LIMIT}, at most ${MAX_SEARCH_LIMIT})`,
    )
    .option('--wide', WIDE_HELP)
    .action((words: string[], flags: SearchFlags, actionCommand: Command) =>
      run(
        {
          globals: globalOptions(actionCommand),
          text: words.join(' '),
          types: flags.type,
          limit: flags.limit,
        },
        context,
      ),
    );
}

export async function run(options: SearchOptions, context: CommandContext): Promise<void> {
  const types = parseSearchTypes(options.types);
  const limit = parseSearchLimit(options.limit);
  const { results, ids, nothingYet } = await context.withSignedIn(
    { dbUri: options.globals.dbUri, readOnly: true },
    async ({ data }) => {
      const [found, lengths] = await withPrintedIds(
        data,
        await searchRecords(data, options.text, { types, limit }),
        idsToPrint,
      );
      const empty = found.length === 0 && !options.globals.json;
      return { results: found, ids: lengths, nothingYet: empty && (await tracksNothingYet(data)) };
    },
  );
  const { out, io } = context;
  if (options.globals.json) {
    out.printJson(results);
    return;
  }
  if (nothingYet) {
    printFirstSteps(out, 'Nothing to search yet.');
    return;
  }
  if (results.length === 0) {
    printNoMatch(context, options.text, options.types === undefined ? undefined : types);
    return;
  }
  out.printLine(resultTable(results, ids, options.globals.wide, io));
  if (io.stdout.isTerminal) out.printNote(openHint(results));
}

function idsToPrint(
  results: readonly SearchResult[],
): Partial<Record<IdKind, SearchResult['_id'][]>> {
  const ids: Partial<Record<IdKind, SearchResult['_id'][]>> = {};
  for (const result of results) (ids[ID_KINDS[result.type]] ??= []).push(result._id);
  return ids;
}

function resultTable(
  results: readonly SearchResult[],
  ids: IdLengths,
  wide: boolean,
  io: CommandIO,
): TerminalText {
  const short = idShortener(ids);
  const rows = results.map((result) => [
    short(result._id.toHexString()),
    result.type,
    result.title,
    result.field,
    result.snippet,
  ]);
  const head = [idColumn('ID'), keep('Type', 5), text('Title', 4), keep('In', 1), text('Match', 3)];
  return renderTable(head, rows, io, { wide });
}

/** `Open: career job show ID · career apply show ID`, for the kinds found, in their order. */
function openHint(results: readonly SearchResult[]): string {
  const kinds = [...new Set(results.map((result) => result.type))];
  return `Open one: ${kinds.map((kind) => `${OPEN_COMMANDS[kind]} ID`).join(' · ')}`;
}

function printNoMatch(
  context: CommandContext,
  words: string,
  types: readonly string[] | undefined,
): void {
  const among = types === undefined ? 'your records' : types.join(', ');
  context.out.printLine(safe`Nothing found for "${words.trim()}" in ${among}.`);
  context.out.printNote(
    'Search finds whole words, in any case and form ("interviews" finds "interview"; ' +
      'common words like "the" are left out). Try other or fewer words' +
      (types === undefined ? '.' : ', or leave out --type.'),
  );
}
