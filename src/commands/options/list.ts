// The paging and sorting flags every `list` verb shares (checked by parseListQuery).
import type { Command } from 'commander';

export interface ListFlags {
  limit?: string;
  page?: string;
  sort?: string;
}

/** Adds --limit, --page and --sort (over `sortFields`) to a list verb. */
export function addListOptions(command: Command, sortFields: readonly string[]): Command {
  const fields = `${sortFields.slice(0, -1).join(', ')} or ${sortFields.at(-1) ?? ''}`;
  return command
    .option('--limit <n>', 'at most this many (default 50)')
    .option('--page <n>', 'which page of --limit results (from 1)')
    .option('--sort <field>', `${fields}; add :desc to reverse`);
}

/** The list flags out of a verb's parsed flags (only those given). */
export function listFlags(flags: ListFlags): ListFlags {
  const picked: ListFlags = {};
  if (flags.limit !== undefined) picked.limit = flags.limit;
  if (flags.page !== undefined) picked.page = flags.page;
  if (flags.sort !== undefined) picked.sort = flags.sort;
  return picked;
}
