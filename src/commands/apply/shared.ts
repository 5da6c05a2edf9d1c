// What the `apply` verbs share: argument texts, date flags and the job label.
import {
  APPLICATION_STATUSES,
  type ApplicationWithJob,
} from '../../services/application-service.js';
import type { CommandContext } from '../context.js';
import { optionalDateFlag, type DateField } from '../options/dates.js';

export const ID_ARGUMENT = 'application id (or a unique prefix of at least 4 characters)';
export const STATUS_LIST = APPLICATION_STATUSES.join(', ');

/** --until 2026-03-01 means up to the end of that day. */
export function endOfDayIfBare(
  context: CommandContext,
  text: string | undefined,
  field: DateField,
): Date | undefined {
  const date = optionalDateFlag(context, text, field);
  if (date && text !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(text.trim())) {
    date.setHours(23, 59, 59, 999);
  }
  return date;
}

export function jobLabel(application: ApplicationWithJob): string {
  return application.job ? `${application.job.title} at ${application.job.company}` : '(no job)';
}
