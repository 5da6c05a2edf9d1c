// `career backup ...`: archives of the whole database, made to run from cron (no sign-in,
// --quiet, exit codes) and refused on restore unless every byte checks out. Only wires the
// verbs: each lives in its own module (flags, a typed options object, `run(options, context)`).
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { nounSummary } from '../index.js';
import { createCommand } from './create.js';
import { listCommand } from './list.js';
import { restoreCommand } from './restore.js';
import { verifyCommand } from './verify.js';

export function register(program: Command, context: CommandContext): void {
  const backup = program
    .command('backup')
    .description(nounSummary('backup'))
    .addHelpText(
      'after',
      `\nBackups hold every user's data (no sign-in needed), except sign-in sessions.\nFor cron:  0 3 * * *  career backup create --quiet --keep 14`,
    );
  for (const verb of [createCommand, listCommand, verifyCommand, restoreCommand]) {
    verb(backup, context);
  }
}
