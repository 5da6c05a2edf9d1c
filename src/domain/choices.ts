// Flags whose value must be one of a fixed list (statuses, types): checked before anything
// is written, with the allowed values in the message.
import { UsageError } from './errors.js';

export function parseChoice<T extends string>(
  value: string,
  allowed: readonly T[],
  flag: string,
): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag}: '${value}' is not allowed`, {
    hint: `use one of: ${allowed.join(', ')}`,
  });
}

/** Comma-separated lists ("--skills ts,sql"), trimmed, without empties or duplicates. */
export function parseList(value: string): string[] {
  return [
    ...new Set(
      value
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== ''),
    ),
  ];
}
