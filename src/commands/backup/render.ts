// What the backup verbs share: the --dir flag, and sizes, counts and dates for people.
import { Option } from 'commander';
import type { CareerPaths } from '../../db/paths.js';
import type { CommandContext } from '../context.js';

export const dirOption = (): Option =>
  new Option('--dir <dir>', 'the backups directory (default: backups under CAREER_HOME)');

/** Which database and paths a backup verb works on: the context's, with --db-uri. */
export function databaseChoice(
  dbUri: string | undefined,
  context: CommandContext,
): { dbUri: string | undefined; env: NodeJS.ProcessEnv; paths: CareerPaths } {
  return { dbUri, env: context.env as NodeJS.ProcessEnv, paths: context.paths };
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

export function formatCreated(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}
