// `career config get KEY`: the value in force (a password masked), wherever it comes from.
import type { Command } from 'commander';
import { settingSpec } from '../../db/settings.js';
import type { CommandContext } from '../context.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';
import { KEY_ARGUMENT, settingJson, sourceWords, stateOf, type SettingOutput } from './shared.js';

export interface ConfigGetOptions {
  globals: GlobalOptions;
  key: string;
}

/** `career config get --json`: the key, its value (null when not set) and its source. */
export type ConfigGetJson = SettingOutput;

export function getCommand(config: Command, context: CommandContext): Command {
  return config
    .command('get')
    .description('Print the value of a setting (from the environment or the config file)')
    .argument('<key>', KEY_ARGUMENT)
    .action((key: string, _flags: unknown, command: Command) =>
      run({ globals: globalOptions(command), key }, context),
    );
}

export function run(options: ConfigGetOptions, context: CommandContext): Promise<void> {
  const spec = settingSpec(options.key);
  const state = stateOf(spec, context);
  const json = settingJson(spec, state);
  if (options.globals.json) context.out.printJson(json);
  else if (json.value === null) context.out.printNote(`${spec.key} is not set`);
  else context.out.printLine(String(json.value));
  if (!options.globals.json && json.value !== null && state.source !== 'config') {
    context.out.printNote(`(${sourceWords(state)})`);
  }
  return Promise.resolve();
}
