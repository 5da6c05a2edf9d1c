// The offline coach: answers from the user's own data, by the intent of the message (see
// intents.ts). Plain text, and the same text for the same data on the same day.
import type { UserRepositories } from '../../repositories/index.js';
import { formatDate } from '../../domain/dates.js';
import type { AgendaItem } from '../agenda-service.js';
import type { CoachContext } from './context.js';
import { recogniseIntent, type Intent } from './intents.js';
import { interviewPreparation } from './interview-prep.js';
import { daysFromNow, plural } from './wording.js';

/** How many items a list in an answer shows. */
const TOP = 5;

export const HELP_TEXT = [
  'I am your career coach. I answer from your own data, and I understand questions about:',
  '- next steps: "what should I do next?" (the most urgent items of your agenda)',
  '- follow-ups: "which follow-ups are due?"',
  '- stalled applications: "which applications are stalled?"',
  '- interview preparation: "how do I prepare for my interview at ACME?"',
  '- skill gaps: "which skills am I missing?"',
  '- progress: "how am I doing against my weekly targets?"',
].join('\n');

function itemLine(item: AgendaItem, index: number, now: Date): string[] {
  const withTime = item.kind === 'interview' || item.kind === 'follow-up';
  const state = item.overdue ? 'overdue' : item.dueToday ? 'today' : daysFromNow(item.due, now);
  const due =
    item.kind === 'stalled'
      ? `stalled since ${formatDate(item.due)}`
      : `${item.kind === 'interview' ? 'on' : 'due'} ${formatDate(item.due, withTime)}`;
  return [
    `${index + 1}. [${state}] ${item.kind}: ${item.what} - ${due}`,
    `   next: ${item.command}`,
  ];
}

/** "in the next 7 days", "in the next day", "today". */
function withinDays(days: number): string {
  if (days === 0) return 'today';
  return days === 1 ? 'in the next day' : `in the next ${days} days`;
}

function itemList(items: readonly AgendaItem[], now: Date): string[] {
  const lines = items.slice(0, TOP).flatMap((item, index) => itemLine(item, index, now));
  if (items.length > TOP) lines.push(`...and ${items.length - TOP} more: see \`career agenda\`.`);
  return lines;
}

function weekLine(context: CoachContext): string {
  const { applications, followUps, weekStart } = context.week;
  return (
    `This week (since Monday ${formatDate(weekStart)}): ` +
    `${applications.done} of ${plural(applications.perWeek, 'application')}, ` +
    `${followUps.done} of ${plural(followUps.perWeek, 'follow-up')}.`
  );
}

function toReachTargets(context: CoachContext): string | undefined {
  const { applications, followUps } = context.week;
  const todo = [
    applications.remaining > 0 ? `send ${plural(applications.remaining, 'more application')}` : '',
    followUps.remaining > 0 ? `do ${plural(followUps.remaining, 'more follow-up')}` : '',
  ].filter((part) => part !== '');
  if (todo.length === 0) return 'You have reached both weekly targets. Well done.';
  return `To reach your weekly targets, ${todo.join(' and ')}.`;
}

function nextSteps(context: CoachContext): string {
  const { items } = context.agenda;
  const lines =
    items.length === 0
      ? [`Nothing is overdue or due ${withinDays(context.agenda.days)}.`]
      : ['Here is what to do next, most urgent first:', ...itemList(items, context.now)];
  lines.push(weekLine(context));
  const reach = toReachTargets(context);
  if (reach) lines.push(reach);
  const gap = context.gaps[0];
  if (gap && gap.jobs > 0) {
    lines.push(
      `The skill your jobs ask for most that you do not list yet: ${gap.skill} (${plural(gap.jobs, 'job')}).`,
    );
  }
  return lines.join('\n');
}

function followUps(context: CoachContext): string {
  const items = context.agenda.items.filter((item) => item.kind === 'follow-up');
  const overdue = items.filter((item) => item.overdue).length;
  const lines: string[] = [];
  if (items.length === 0) {
    lines.push(`No follow-ups are due ${withinDays(context.agenda.days)}.`);
  } else {
    lines.push(
      `${plural(items.length, 'follow-up')} due ${withinDays(context.agenda.days)}` +
        (overdue > 0 ? `, ${overdue} of them overdue:` : ':'),
      ...itemList(items, context.now),
    );
  }
  const { followUps: target } = context.week;
  lines.push(`This week you have done ${target.done} of ${plural(target.perWeek, 'follow-up')}.`);
  if (target.remaining > 0 && items.length < target.remaining) {
    lines.push(
      'Plan more with `career connect followup add CONNECTION_ID --due ... --type ...` (see `career connect list`).',
    );
  }
  return lines.join('\n');
}

function stalled(context: CoachContext): string {
  const items = context.agenda.items.filter((item) => item.kind === 'stalled');
  const days = context.agenda.stalledAfterDays;
  if (items.length === 0) {
    return `None of your applications is stalled: each applied or interviewing one had activity in the last ${plural(days, 'day')}.`;
  }
  return [
    `${plural(items.length, 'application')} had no activity for ${plural(days, 'day')} or more:`,
    ...itemList(items, context.now),
    'Send a short, friendly follow-up to the recruiter or hiring manager, then note it',
    '(`career apply note ID "..."`). After two follow-ups without an answer, move on:',
    '`career apply status ID rejected`.',
  ].join('\n');
}

function skills(context: CoachContext): string {
  if (context.jobs.length === 0 && context.gaps.length === 0) {
    return 'You track no jobs yet, so I cannot tell which skills they ask for. Add jobs with tags: `career job add --company ... --title ... --tags a,b`.';
  }
  if (context.gaps.length === 0) {
    return `Your profile and learning cover every skill your ${plural(context.jobs.length, 'tracked job')} and your goal ask for.`;
  }
  const lines = [
    'Skills your goal and tracked jobs ask for that your profile and learning do not cover yet:',
  ];
  for (const gap of context.gaps.slice(0, TOP)) {
    const why = [
      gap.jobs > 0
        ? `${plural(gap.jobs, 'job')} ${gap.jobs === 1 ? 'asks' : 'ask'} for it (${gap.companies.join(', ')})`
        : '',
      gap.goal ? 'your goal asks for it' : '',
      gap.planned ? 'planned in your learning' : '',
    ].filter((part) => part !== '');
    lines.push(`- ${gap.skill}: ${why.join('; ')}`);
  }
  if (context.gaps.length > TOP) lines.push(`...and ${context.gaps.length - TOP} more.`);
  const first = context.gaps.find((gap) => !gap.planned) ?? context.gaps[0];
  if (first) {
    lines.push(
      first.planned
        ? `Start what you planned: \`career learn list --status planned\`.`
        : `Plan it: \`career learn add --title "..." --type course --skills "${first.skill}"\`.`,
    );
  }
  return lines.join('\n');
}

function progress(context: CoachContext): string {
  const { applications, followUps } = context.week;
  const lines = [weekLine(context)];
  lines.push(
    `Targets: ${plural(applications.perWeek, 'application')} a week (${applications.reason}), ` +
      `${plural(followUps.perWeek, 'follow-up')} a week (${followUps.reason}).`,
  );
  const reach = toReachTargets(context);
  if (reach) lines.push(reach);
  lines.push('Change the targets with `career profile targets --applications N --follow-ups N`.');
  return lines.join('\n');
}

export interface OfflineAnswer {
  intent: Intent;
  reply: string;
}

/** The offline coach's answer to `message`. */
export async function answerOffline(
  data: UserRepositories,
  message: string,
  context: CoachContext,
): Promise<OfflineAnswer> {
  const intent = recogniseIntent(message);
  switch (intent) {
    case 'interview':
      return { intent, reply: await interviewPreparation(data, message, context) };
    case 'stalled':
      return { intent, reply: stalled(context) };
    case 'follow-ups':
      return { intent, reply: followUps(context) };
    case 'skills':
      return { intent, reply: skills(context) };
    case 'progress':
      return { intent, reply: progress(context) };
    case 'next-steps':
      return { intent, reply: nextSteps(context) };
    case 'help':
      return { intent, reply: HELP_TEXT };
  }
}
