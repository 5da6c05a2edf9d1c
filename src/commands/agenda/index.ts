// `career agenda` and `career today`: what needs doing, most urgent first (overdue, then
// soonest), and this week's progress against the targets. One module, two entries in the
// registry: `today` is the agenda looking no further than today.
import type { Command } from 'commander';
import { DEFAULT_AGENDA_DAYS, DEFAULT_TODAY_DAYS } from '../../services/agenda-service.js';
import type { CommandContext } from '../context.js';
import { nounSummary, type NounModule } from '../index.js';
import { agendaCommand } from './report.js';

export function register(program: Command, context: CommandContext): void {
  const agenda = program.command('agenda').description(nounSummary('agenda'));
  agendaCommand(agenda, DEFAULT_AGENDA_DAYS, context);
}

/** `career today`: the same agenda, looking no further than the end of today by default. */
export const today: NounModule = {
  register(program: Command, context: CommandContext): void {
    const command = program.command('today').description(nounSummary('today'));
    agendaCommand(command, DEFAULT_TODAY_DAYS, context);
  },
};
