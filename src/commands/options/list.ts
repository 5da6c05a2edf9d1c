// The paging and sorting flags every `list` verb shares (checked by parseListQuery), and
// --wide, which every verb printing a table takes.
import type { Command } from 'commander';

export interface ListFlags {
  limit?: string;
  page?: string;
  sort?: string;
}

/** Adds --limit, --page and --sort (over `sortFields`) and --wide to a list verb. */
export function addListOptions(command: Command, sortFields: readonly string[]): Command {
  const fields = `${sortFields.slice(0, -1).join(', ')} or ${sortFields.at(-1) ?? ''}`;
  return addWideOption(
    command
      .option('--limit <n>', 'at most this many (default 50)')
      .option('--page <n>', 'which page of --limit results (from 1)')
      .option('--sort <field>', `${fields}; add :desc to reverse`),
  );
}

/** --wide's help: at a terminal, tables show every column whole instead of fitting its width. */
export const WIDE_HELP = 'show every column whole, however wide (at a terminal)';

/** Adds --wide (see WIDE_HELP) to a verb that prints a table. */
export function addWideOption(command: Command): Command {
  return command.option('--wide', WIDE_HELP);
}

/** The list flags out of a verb's parsed flags (only those given). */
export function listFlags(flags: ListFlags): ListFlags {
  const picked: ListFlags = {};
  if (flags.limit !== undefined) picked.limit = flags.limit;
  if (flags.page !== undefined) picked.page = flags.page;
  if (flags.sort !== undefined) picked.sort = flags.sort;
  return picked;
}
