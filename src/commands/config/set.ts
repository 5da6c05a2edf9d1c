// `career config set KEY VALUE`: store a setting in the config file, checked for its type and
// allowed values first (`dmy` is DMY). session.token and other internal keys are refused.
import type { Command } from 'commander';
import { openConfig, parseSettingValue, settingSpec, storeSetting } from '../../db/settings.js';
import type { CommandContext } from '../context.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';
import { KEY_ARGUMENT, settingJson, warnIfOverridden, type SettingOutput } from './shared.js';

export interface ConfigSetOptions {
  globals: GlobalOptions;
  key: string;
  value: string;
}

/** `career config set --json`: the setting after the change (as `config get --json`). */
export type ConfigSetJson = SettingOutput;

export function setCommand(config: Command, context: CommandContext): Command {
  return config
    .command('set')
    .description('Store a setting in the config file')
    .argument('<key>', KEY_ARGUMENT)
    .argument('<value>', 'its value (see `career config list` for what each key takes)')
    .action((key: string, value: string, _flags: unknown, command: Command) =>
      run({ globals: globalOptions(command), key, value }, context),
    );
}

export function run(options: ConfigSetOptions, context: CommandContext): Promise<void> {
  const spec = settingSpec(options.key);
  const value = parseSettingValue(spec, options.value);
  storeSetting(openConfig(context.paths), spec, value);
  const json = settingJson(spec, { key: spec.key, value, source: 'config' });
  if (options.globals.json) context.out.printJson(json);
  else context.out.printSuccess(`Set ${spec.key} to ${String(json.value)}`);
  warnIfOverridden(spec, context);
  return Promise.resolve();
}
