// `career completion bash|zsh|fish` prints a completion script; the script asks the hidden
// `career __complete -- WORDS...` for candidates: verbs, flags and enum values from the
// commander tree (candidates.ts), and the ids of the user's records where an ID is asked for.
// __complete never prompts and never writes to stderr: at worst it offers nothing.
import { Argument, type Command } from 'commander';
import { completionIds, type CompletionIdKind } from '../../services/completion-ids.js';
import type { CommandContext } from '../context.js';
import { nouns, nounSummary } from '../index.js';
import { buildProgram, nounIn } from '../run-cli.js';
import { candidatesFor } from './candidates.js';
import { completionScript, SHELLS, type Shell } from './scripts.js';

const INSTALL_HELP = `
Install it once for your shell:
  bash  echo 'eval "$(career completion bash)"' >> ~/.bashrc
  zsh   echo 'source <(career completion zsh)' >> ~/.zshrc   (after compinit)
  fish  career completion fish > ~/.config/fish/completions/career.fish
Then open a new shell. Tab completes commands, verbs, flags, their values and your records' ids.`;

export function register(program: Command, context: CommandContext): void {
  program
    .command('completion')
    .description(nounSummary('completion'))
    .addArgument(new Argument('<shell>', SHELLS.join(', ')).choices(SHELLS))
    .addHelpText('after', INSTALL_HELP)
    .action((shell: Shell) => void context.io.stdout.stream.write(completionScript(shell)));
}

/** The --db-uri the words being completed give, if any (ids come from that database). */
function dbUriIn(words: readonly string[]): string | undefined {
  const at = words.indexOf('--db-uri');
  return at >= 0 && at < words.length - 2 ? words[at + 1] : undefined;
}

async function ids(
  kind: CompletionIdKind,
  words: readonly string[],
  context: CommandContext,
): Promise<string[]> {
  return context.withSignedIn({ dbUri: dbUriIn(words), checkMigrations: false }, ({ data }) =>
    completionIds(data, kind),
  );
}

/** The candidates for the last of `words`, one a line ("word" or "word\tdescription"). */
export async function complete(
  words: readonly string[],
  context: CommandContext,
): Promise<string[]> {
  const typed = words.at(-1) ?? '';
  // Only the noun being completed is loaded (the others are placeholders with their names).
  const name = nounIn(words.slice(0, -1));
  const noun = nouns.find((entry) => entry.name === name);
  const found = candidatesFor(await buildProgram(noun, context), words);
  if (found.kind === 'files') return [];
  if (found.kind === 'ids') {
    return (await ids(found.record, words, context)).filter((id) => id.startsWith(typed));
  }
  return found.words
    .filter(({ word }) => word.startsWith(typed))
    .map(({ word, description }) =>
      description ? `${word}\t${description.replace(/\s+/g, ' ').trim()}` : word,
    );
}

/** The hidden `career __complete` the scripts call. */
export const helper = {
  register(program: Command, context: CommandContext): void {
    program
      .command('__complete', { hidden: true })
      .description(nounSummary('__complete'))
      .argument('[words...]')
      .helpOption(false)
      .allowUnknownOption()
      .action(async (words: string[]) => {
        try {
          const lines = await complete(words, context);
          context.io.stdout.stream.write(lines.map((line) => `${line}\n`).join(''));
        } catch {
          // Not signed in, no database, anything: offer nothing rather than an error.
        }
      });
  },
};
