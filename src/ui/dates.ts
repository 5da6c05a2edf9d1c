// Dates as people type them: ISO (2026-03-01, 2026-03-01T09:30) or natural language
// ("tomorrow", "in 3 days", "next friday 10am") through chrono-node.
import * as chrono from 'chrono-node';
import { UsageError } from './errors.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Parses a date given on the command line; `flag` names it in the error. */
export function parseDate(text: string, flag: string, reference: Date = new Date()): Date {
  const trimmed = text.trim();
  if (ISO_DATE.test(trimmed)) {
    // A bare date means that day at local midnight, as people mean it.
    const date = new Date(trimmed.length === 10 ? `${trimmed}T00:00:00` : trimmed);
    if (!Number.isNaN(date.getTime())) return date;
  }
  const parsed = chrono.parseDate(trimmed, reference, { forwardDate: true });
  if (!parsed) {
    throw new UsageError(`${flag}: cannot read '${text}' as a date`, {
      hint: 'use a date like 2026-03-01, or words like "tomorrow", "in 3 days", "next friday"',
    });
  }
  return parsed;
}
