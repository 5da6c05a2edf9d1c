// `career config set KEY VALUE`: store a setting in the config file, checked for its type and
// allowed values first (`dmy` is DMY). session.token and other internal keys are refused.
// A secret (smtp.password, llm.apiKey) may be left out of the command line, where shell
// history and `ps` would keep it: it is then asked for at a terminal, or read from stdin.
import type { Command } from 'commander';
import { UsageError } from '../../domain/errors.js';
import {
  openConfig,
  parseSettingValue,
  settingSpec,
  storeSetting,
  type SettingSpec,
} from '../../db/settings.js';
import type { CommandContext } from '../context.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';
import { readStdin } from '../options/password.js';
import { KEY_ARGUMENT, settingJson, warnIfOverridden, type SettingOutput } from './shared.js';

export interface ConfigSetOptions {
  globals: GlobalOptions;
  key: string;
  /** The value as given; undefined: a secret asked for (or read from stdin). */
  value: string | undefined;
}

/** `career config set --json`: the setting after the change (as `config get --json`). */
export type ConfigSetJson = SettingOutput;

export function setCommand(config: Command, context: CommandContext): Command {
  return config
    .command('set')
    .description('Store a setting in the config file')
    .argument('<key>', KEY_ARGUMENT)
    .argument(
      '[value]',
      'its value (see `career config list`); left out for a secret: asked for, or read from stdin',
    )
    .action((key: string, value: string | undefined, _flags: unknown, command: Command) =>
      run({ globals: globalOptions(command), key, value }, context),
    );
}

export async function run(options: ConfigSetOptions, context: CommandContext): Promise<void> {
  const spec = settingSpec(options.key);
  const text = options.value ?? (await secretValue(spec, context));
  const value = parseSettingValue(spec, text);
  storeSetting(openConfig(context.paths), spec, value);
  const json = settingJson(spec, { key: spec.key, value, source: 'config' });
  if (options.globals.json) context.out.printJson(json);
  else context.out.printSuccess(`Set ${spec.key} to ${String(json.value)}`);
  warnIfOverridden(spec, context);
}

/** A secret left off the command line: a masked prompt at a terminal, else all of stdin. */
async function secretValue(spec: SettingSpec, context: CommandContext): Promise<string> {
  if (spec.secret !== 'whole') {
    throw new UsageError(`missing the value of ${spec.key}`, {
      hint: `career config set ${spec.key} VALUE (see \`career config list\`)`,
    });
  }
  if (context.prompts.canPrompt()) return context.prompts.askPassword(`${spec.key}:`);
  if (context.io.stdinIsTerminal) {
    throw new UsageError(`missing the value of ${spec.key}`, {
      hint: `write it to stdin: career config set ${spec.key} < file`,
    });
  }
  return readStdin(context);
}
