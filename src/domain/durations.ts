// Spans of time as people type them for "later by": 3d, 1w, 2 days, a week, 1 month.
// Neutral: no app imports, so a service or a command may read one.

/** A span of whole days or months (months kept apart: they differ in length). */
export interface Duration {
  days: number;
  months: number;
}

const UNIT_DAYS: Readonly<Record<string, { days: number; months: number }>> = {
  d: { days: 1, months: 0 },
  day: { days: 1, months: 0 },
  days: { days: 1, months: 0 },
  w: { days: 7, months: 0 },
  wk: { days: 7, months: 0 },
  wks: { days: 7, months: 0 },
  week: { days: 7, months: 0 },
  weeks: { days: 7, months: 0 },
  mo: { days: 0, months: 1 },
  month: { days: 0, months: 1 },
  months: { days: 0, months: 1 },
};

// "3d", "2 days", "a week", "in 2 weeks"; at most 3 digits, so a year like 2026 is a date.
const DURATION = /^(?:in\s+)?(\d{1,3}|an?)\s*([a-z]+)$/i;

/** The span `text` names, or undefined when it is not one (it may still be a date). */
export function parseDuration(text: string): Duration | undefined {
  const match = DURATION.exec(text.trim());
  if (!match) return undefined;
  const [, countText = '', unitText = ''] = match;
  const unit = UNIT_DAYS[unitText.toLowerCase()];
  if (!unit) return undefined;
  const count = /^an?$/i.test(countText) ? 1 : Number(countText);
  return { days: unit.days * count, months: unit.months * count };
}

/**
 * `date` moved later by `span`, keeping its local time of day: calendar months first, stopping
 * at the month's last day (Jan 31 + 1 month is Feb 28, not Mar 3), then days.
 */
export function laterBy(date: Date, span: Duration): Date {
  const later = new Date(date);
  if (span.months !== 0) {
    const day = later.getDate();
    later.setDate(1);
    later.setMonth(later.getMonth() + span.months);
    const lastDay = new Date(later.getFullYear(), later.getMonth() + 1, 0).getDate();
    later.setDate(Math.min(day, lastDay));
  }
  if (span.days !== 0) later.setDate(later.getDate() + span.days);
  return later;
}
