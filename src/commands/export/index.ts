// `career export ...`: your data in other formats. `career export --type ... --format ...`
// (the noun's own action, run when no verb is named) writes the signed-in user's records;
// `career export calendar` writes upcoming interviews and open follow-ups as iCalendar.
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { nounSummary } from '../index.js';
import { calendarCommand } from './calendar.js';
import { recordsCommand } from './records.js';

export function register(program: Command, context: CommandContext): void {
  const exportCommand = program.command('export').description(nounSummary('export'));
  recordsCommand(exportCommand, context);
  calendarCommand(exportCommand, context);
}
