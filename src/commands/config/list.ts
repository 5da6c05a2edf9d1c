// `career config list`: every setting, its value in force (passwords masked) and its source.
import type { Command } from 'commander';
import { SETTINGS } from '../../db/settings.js';
import type { CommandContext } from '../context.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';
import { settingJson, sourceWords, stateOf, type SettingOutput } from './shared.js';

export interface ConfigListOptions {
  globals: GlobalOptions;
}

/** `career config list --json`: each setting as `config get --json` gives it. */
export type ConfigListJson = SettingOutput[];

export function listCommand(config: Command, context: CommandContext): Command {
  return config
    .command('list')
    .description('List the settings, their values and where each comes from')
    .action((_flags: unknown, command: Command) =>
      run({ globals: globalOptions(command) }, context),
    );
}

export function run(options: ConfigListOptions, context: CommandContext): Promise<void> {
  const rows = SETTINGS.map((spec) => {
    const state = stateOf(spec, context);
    return { json: settingJson(spec, state), source: sourceWords(state) };
  });
  if (options.globals.json) {
    context.out.printJson(rows.map((row) => row.json));
    return Promise.resolve();
  }
  const width = Math.max(...rows.map((row) => row.json.key.length));
  for (const { json, source } of rows) {
    const value = json.value === null ? '' : `${String(json.value)}  `;
    context.out.printLine(`${json.key.padEnd(width)}  ${value}(${source})`);
    const allowed = json.allowed ? ` (${json.allowed.join(', ')})` : '';
    context.out.printLine(`${''.padEnd(width)}  ${json.description}${allowed}`);
  }
  return Promise.resolve();
}
