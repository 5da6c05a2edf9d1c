// Values that must be one of a fixed list (statuses, types): checked before anything is
// written, with the allowed values in the message.
import { FieldError } from './field-error.js';

/** `value` if it is one of `allowed`, else a FieldError naming `field` (not a flag). */
export function parseChoice<T extends string>(
  value: string,
  allowed: readonly T[],
  field: string,
): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new FieldError({ field, problem: 'not-allowed', value, allowed });
}

/** Comma-separated lists ("ts, sql"), trimmed, without empties or duplicates. */
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
