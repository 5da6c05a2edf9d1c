// The settings of how output looks (`color`, `table.layout`), read when the io is built for
// every command, `--help` included. So this reads config.json with node:fs alone: conf (the
// config file's library, src/db/config.ts) takes a few hundred milliseconds to load, and a
// command that never opens the data should not pay for it. A missing or unreadable file, or a
// value a hand edit got wrong, means the defaults.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  COLOUR_CHOICES,
  TABLE_LAYOUTS,
  type ColourChoice,
  type TableLayout,
} from '../domain/output-choices.js';
import type { CareerPaths } from './paths.js';

export interface OutputSettings {
  colour: ColourChoice;
  tableLayout: TableLayout;
}

export const DEFAULT_OUTPUT_SETTINGS: OutputSettings = { colour: 'auto', tableLayout: 'fit' };

function choiceOf<T extends string>(value: unknown, choices: readonly T[], fallback: T): T {
  if (typeof value !== 'string') return fallback;
  const wanted = value.trim().toLowerCase();
  return choices.find((choice) => choice === wanted) ?? fallback;
}

/** The output settings in the config file of `paths` (the defaults when there are none). */
export function readOutputSettings(paths: CareerPaths): OutputSettings {
  let stored: unknown;
  try {
    stored = JSON.parse(readFileSync(path.join(paths.configDir, 'config.json'), 'utf8'));
  } catch {
    return DEFAULT_OUTPUT_SETTINGS;
  }
  if (typeof stored !== 'object' || stored === null) return DEFAULT_OUTPUT_SETTINGS;
  // conf stores dotted keys nested: { table: { layout } }.
  const record = stored as { color?: unknown; table?: { layout?: unknown } };
  return {
    colour: choiceOf(record.color, COLOUR_CHOICES, DEFAULT_OUTPUT_SETTINGS.colour),
    tableLayout: choiceOf(record.table?.layout, TABLE_LAYOUTS, DEFAULT_OUTPUT_SETTINGS.tableLayout),
  };
}
