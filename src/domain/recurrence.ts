// Rhythms as people type them: `2w`, `30d`, `1m` (`m` is a month here: nothing recurs by the
// minute), or the long forms parseDuration knows ("2 weeks", "a month"); `none` clears one.
// Month steps are calendar months that stop at the month's end: Jan 31 + 1m = Feb 28 (29).
// Neutral: no app imports.
import { FieldError } from './field-error.js';
import { laterBy, parseDuration, type Duration } from './durations.js';
import { field as fieldRef, say } from './phrases.js';

/** The longest rhythm accepted (a guard against typos like 300w). */
export const MAX_SPAN_DAYS = 3 * 365;

const SHORT = /^(\d{1,3})\s*([dwm])$/i;
const SHORT_UNITS: Readonly<Record<string, Duration>> = {
  d: { days: 1, months: 0 },
  w: { days: 7, months: 0 },
  m: { days: 0, months: 1 },
};

function notASpan(field: string, text: string): FieldError {
  return new FieldError(
    { field, problem: 'must-be', detail: 'a span like 2w, 30d or 1m, or none', value: text },
    { hint: say`e.g. ${fieldRef(field)} 2w (weeks), 30d (days), 1m (months), or none to clear` },
  );
}

/** The span `text` names; null for `none`; a FieldError naming `field` otherwise. */
export function parseSpan(text: string, field: string): Duration | null {
  const trimmed = text.trim();
  if (/^none$/i.test(trimmed)) return null;
  const short = SHORT.exec(trimmed);
  const unit = short ? SHORT_UNITS[(short[2] ?? '').toLowerCase()] : undefined;
  const count = short ? Number(short[1]) : 0;
  const span = unit
    ? { days: unit.days * count, months: unit.months * count }
    : parseDuration(trimmed);
  if (!span) throw notASpan(field, text);
  const approxDays = span.days + span.months * 30;
  if (approxDays < 1 || approxDays > MAX_SPAN_DAYS) throw notASpan(field, text);
  return span;
}

/** A span as days only: a month counts 30 days (for rhythms stored in days). */
export function spanDays(span: Duration): number {
  return span.days + span.months * 30;
}

/** `date` plus `span`: calendar months first (clamped to the month's last day), then days. */
export const addSpan = laterBy;

/** "2w", "30d", "1m", "1m 3d": the short form a table shows. */
export function formatSpan(span: Duration): string {
  const parts: string[] = [];
  if (span.months !== 0) parts.push(`${span.months}m`);
  if (span.days !== 0) {
    parts.push(span.days % 7 === 0 ? `${span.days / 7}w` : `${span.days}d`);
  }
  return parts.join(' ') || '0d';
}
