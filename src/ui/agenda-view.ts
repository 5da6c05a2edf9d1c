// How the agenda and the weekly targets look in a terminal: items grouped as overdue (red),
// today (yellow) and coming up, each with the command to run next (with full ids: records
// made in the same second share their first 8 hex digits); progress as small bars.
// The shapes are declared here structurally so the ui layer needs nothing from services.
// The items' text comes from data: it is escaped (see printable.ts) before it is coloured.
import type { ChalkInstance } from 'chalk';
import { paint, printable, safe, TerminalText } from './printable.js';
import { displayWidth, truncateToWidth } from './terminal-width.js';
import { formatDate } from './status-colours.js';

export interface AgendaLine {
  kind: string;
  due: Date;
  overdue: boolean;
  dueToday: boolean;
  what: string;
  detail?: string;
  command: string;
}

export interface ProgressLine {
  perWeek: number;
  done: number;
}

export interface WeekLine {
  weekStart: Date;
  applications: ProgressLine;
  followUps: ProgressLine;
}

const BAR_WIDTH = 10;

/** `[████░░░░░░]`: how much of the target is done (full once reached). */
export function progressBar(
  done: number,
  target: number,
  width = BAR_WIDTH,
  colours: ChalkInstance,
): TerminalText {
  const share = target <= 0 ? 1 : Math.min(1, done / target);
  const filled = Math.round(share * width);
  const style = share >= 1 ? colours.green : colours.cyan;
  return safe`[${paint(style, '█'.repeat(filled))}${paint(colours.dim, '░'.repeat(width - filled))}]`;
}

function progressText(label: string, progress: ProgressLine, colours: ChalkInstance): TerminalText {
  if (progress.perWeek === 0) return safe`${label} ${progress.done} (no target)`;
  const bar = progressBar(progress.done, progress.perWeek, BAR_WIDTH, colours);
  return safe`${label} ${progress.done}/${progress.perWeek} ${bar}`;
}

/** "This week: applications 2/5 [████░░░░░░], follow-ups 1/3 [███░░░░░░░]". */
export function weekSummaryLine(
  week: WeekLine,
  colours: ChalkInstance,
  /** At a terminal: its width; narrower than the line, each target goes on a line of its own. */
  width?: number,
): TerminalText {
  const line = safe`This week: ${weekProgressText(week, colours)}`;
  if (width === undefined || displayWidth(line.toString()) <= width) return line;
  return safe`This week:\n  ${progressText('applications', week.applications, colours)}\n  ${progressText('follow-ups', week.followUps, colours)}`;
}

/** "applications 2/5 [████░░░░░░], follow-ups 1/3 [███░░░░░░░]". */
export function weekProgressText(week: WeekLine, colours: ChalkInstance): TerminalText {
  return safe`${progressText('applications', week.applications, colours)}, ${progressText('follow-ups', week.followUps, colours)}`;
}

function dueText(item: AgendaLine): string {
  const withTime = item.kind === 'interview' || item.kind === 'follow-up';
  return formatDate(item.due, withTime).padEnd(16);
}

/** The agenda as lines: sections Overdue, Today and Coming up, in the items' order. */
export function agendaLines(
  items: readonly AgendaLine[],
  comingUpTitle: string,
  colours: ChalkInstance,
  /** At a terminal: its width, which every line fits (text cut with …, commands wrapped). */
  width?: number,
): TerminalText[] {
  const sections: Array<[string, (item: AgendaLine) => boolean, (text: string) => string]> = [
    ['Overdue', (item) => item.overdue, (text) => colours.red(text)],
    ['Today', (item) => item.dueToday, (text) => colours.yellow(text)],
    [comingUpTitle, (item) => !item.overdue && !item.dueToday, (text) => text],
  ];
  const kindWidth = Math.max(...items.map((item) => item.kind.length), 0);
  const lines: TerminalText[] = [];
  for (const [title, belongs, style] of sections) {
    const chosen = items.filter(belongs);
    if (chosen.length === 0) continue;
    if (lines.length > 0) lines.push(new TerminalText(''));
    lines.push(paint(colours.bold, title));
    for (const item of chosen) {
      const lead = 2 + 16 + 2 + kindWidth + 2;
      const fit = (text: string, used: number): string =>
        width === undefined ? text : truncateToWidth(printable(text), width - used);
      lines.push(
        safe`  ${paint(style, dueText(item))}  ${item.kind.padEnd(kindWidth)}  ${fit(item.what, lead)}`,
      );
      // Narrow terminals get a shallower indent, so a command's full ids still fit a line.
      const indent = ' '.repeat(width !== undefined && width - lead < 40 ? 4 : lead);
      if (item.detail) {
        const detail = fit(item.detail.replace(/\s*\n\s*/g, ' '), indent.length);
        lines.push(safe`${indent}${paint(colours.dim, detail)}`);
      }
      commandLines(
        item.command,
        width === undefined ? undefined : width - indent.length - 2,
      ).forEach((part, index) => {
        const arrow = index === 0 ? paint(colours.dim, '→') : ' ';
        lines.push(safe`${indent}${arrow} ${part}`);
      });
    }
  }
  return lines;
}

/**
 * A command to run, as lines of at most `room` columns, broken between words (never inside
 * one) and continued with ` \\` as a shell reads it, so the lines still paste as one
 * command; one line when there is no limit.
 */
function commandLines(command: string, room: number | undefined): string[] {
  if (room === undefined || displayWidth(printable(command)) <= room) return [command];
  const lines: string[] = [];
  let current = '';
  for (const word of command.split(' ')) {
    const joined = current === '' ? word : `${current} ${word}`;
    if (current !== '' && displayWidth(printable(joined)) > room - 2) {
      lines.push(`${current} \\`);
      current = word;
    } else current = joined;
  }
  if (current !== '') lines.push(current);
  return lines;
}
