// `career config unset KEY`: remove a setting from the config file (back to its default).
import type { Command } from 'commander';
import { openConfig, removeSetting, settingSpec } from '../../db/settings.js';
import type { CommandContext } from '../context.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';
import {
  KEY_ARGUMENT,
  settingJson,
  stateOf,
  warnIfOverridden,
  type SettingOutput,
} from './shared.js';

export interface ConfigUnsetOptions {
  globals: GlobalOptions;
  key: string;
}

/** `career config unset --json`: the setting after the change (as `config get --json`). */
export type ConfigUnsetJson = SettingOutput;

export function unsetCommand(config: Command, context: CommandContext): Command {
  return config
    .command('unset')
    .description('Remove a setting from the config file')
    .argument('<key>', KEY_ARGUMENT)
    .action((key: string, _flags: unknown, command: Command) =>
      run({ globals: globalOptions(command), key }, context),
    );
}

export function run(options: ConfigUnsetOptions, context: CommandContext): Promise<void> {
  const spec = settingSpec(options.key);
  removeSetting(openConfig(context.paths), spec);
  if (options.globals.json) context.out.printJson(settingJson(spec, stateOf(spec, context)));
  else context.out.printSuccess(`Unset ${spec.key}`);
  warnIfOverridden(spec, context);
  return Promise.resolve();
}
