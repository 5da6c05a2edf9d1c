// What the `config` verbs share: a key's state as JSON and as a line, and the config file.
import {
  openConfig,
  resolveSetting,
  shownValue,
  type SettingSpec,
  type SettingState,
} from '../../db/settings.js';
import type { CommandContext } from '../context.js';

export const KEY_ARGUMENT =
  'a setting: db.uri, date.order, targets.*, smtp.*, llm.*, color, table.layout, remind.via (see list)';

/** One setting in `--json`: the value in force (a password masked) and where it comes from. */
export interface SettingOutput {
  key: string;
  value: string | number | null;
  /** env:NAME (an environment variable), config (the config file) or default (not set). */
  source: SettingState['source'];
  description: string;
  allowed?: readonly string[];
}

export function stateOf(spec: SettingSpec, context: CommandContext): SettingState {
  return resolveSetting(spec, context.env, openConfig(context.paths));
}

export function settingJson(spec: SettingSpec, state: SettingState): SettingOutput {
  const value = spec.type === 'number' ? state.value : shownValue(spec, state.value);
  return {
    key: spec.key,
    value: value ?? null,
    source: state.source,
    description: spec.description,
    ...(spec.allowed ? { allowed: spec.allowed } : {}),
  };
}

/** "from CAREER_DB_URI", "from the config file", "not set". */
export function sourceWords(state: SettingState): string {
  if (state.source === 'config') return 'from the config file';
  if (state.source === 'default') return 'not set';
  return `from ${state.source.slice('env:'.length)}`;
}

/** A warning when an environment variable wins over what the config file holds. */
export function warnIfOverridden(spec: SettingSpec, context: CommandContext): void {
  const state = stateOf(spec, context);
  if (state.source.startsWith('env:')) {
    context.out.printWarning(
      `${state.source.slice('env:'.length)} is set and takes precedence over the config file`,
    );
  }
}
