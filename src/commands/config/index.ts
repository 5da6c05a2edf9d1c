// `career config ...`: the settings in the config file (environment variables still win).
// Only wires the verbs: each lives in its own module.
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { nounSummary } from '../index.js';
import { getCommand } from './get.js';
import { listCommand } from './list.js';
import { setCommand } from './set.js';
import { unsetCommand } from './unset.js';

export function register(program: Command, context: CommandContext): void {
  const config = program
    .command('config')
    .description(nounSummary('config'))
    .addHelpText(
      'after',
      '\nEnvironment variables (CAREER_DB_URI, CAREER_SMTP_URL, CAREER_LLM_URL...) take precedence\nover the config file; `career config list` says where each value comes from.\nSecrets (smtp.password, llm.apiKey, passwords in URLs) are shown masked.',
    );
  for (const verb of [getCommand, setCommand, unsetCommand, listCommand]) verb(config, context);
}
