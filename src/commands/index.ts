// The registry of nouns (`career <noun> <verb>`). Each noun's module is imported only
// when that noun is run, so one command never pays for loading the others.
import type { Command } from 'commander';
import type { CommandContext } from './context.js';

/**
 * What every noun's module (src/commands/<noun>/index.ts) exports: it adds the noun and wires
 * its verbs, giving each the context.
 */
export interface NounModule {
  /** Adds `career <noun>` and its verbs to the program. */
  register(program: Command, context: CommandContext): void;
}

export interface NounEntry {
  name: string;
  /** One line for `career --help`, shown without loading the module. */
  summary: string;
  load(): Promise<NounModule>;
  /** Left out of `career --help` (the completion scripts' helper). */
  hidden?: boolean;
}

export const nouns: readonly NounEntry[] = [
  {
    name: 'init',
    summary: 'Set up your profile and account (a guided start)',
    load: () => import('./init/index.js'),
  },
  {
    name: 'auth',
    summary: 'Register, sign in and out, change your password',
    load: () => import('./auth/index.js'),
  },
  {
    name: 'profile',
    summary: 'Show, update or delete your profile',
    load: () => import('./profile/index.js'),
  },
  { name: 'job', summary: 'Track job openings', load: () => import('./job/index.js') },
  {
    name: 'apply',
    summary: 'Track applications, their status, interviews and offers',
    load: () => import('./apply/index.js'),
  },
  {
    name: 'contact',
    summary: 'Keep your professional contacts',
    load: () => import('./contact/index.js'),
  },
  {
    name: 'connect',
    summary: 'Track connections with contacts and their follow-ups',
    load: () => import('./connect/index.js'),
  },
  {
    name: 'learn',
    summary: 'Track courses, certifications, workshops and projects',
    load: () => import('./learn/index.js'),
  },
  {
    name: 'agenda',
    summary: 'What to do next: follow-ups, interviews, stalled applications, late learning, offers',
    load: () => import('./agenda/index.js'),
  },
  {
    name: 'today',
    summary: "Today's agenda (the same as `career agenda --days 0`)",
    load: async () => (await import('./agenda/index.js')).today,
  },
  {
    name: 'search',
    summary: 'Find words in your jobs, applications, contacts, connections and learning',
    load: () => import('./search/index.js'),
  },
  {
    name: 'coach',
    summary: 'Ask the career coach what to do next (offline, or a chat-completions model)',
    load: () => import('./coach/index.js'),
  },
  {
    name: 'remind',
    summary: 'Remind you of what became due, once each (desktop notification or stdout; for cron)',
    load: () => import('./remind/index.js'),
  },
  {
    name: 'digest',
    summary: 'The week at a glance (agenda, targets, applications, offers), printed or mailed',
    load: () => import('./digest/index.js'),
  },
  {
    name: 'stats',
    summary: 'Your funnel, response times, weekly activity and learning, as charts',
    load: () => import('./stats/index.js'),
  },
  {
    name: 'import',
    summary: 'Import records from CSV, JSON, NDJSON or LinkedIn exports',
    load: () => import('./import/index.js'),
  },
  {
    name: 'export',
    summary: 'Export records (CSV, JSON, NDJSON) or a calendar of interviews and follow-ups',
    load: () => import('./export/index.js'),
  },
  {
    name: 'config',
    summary: 'See and change your settings (dates, database, targets, mail, coach model, colour)',
    load: () => import('./config/index.js'),
  },
  {
    name: 'db',
    summary: 'Show the database, choose which one to use, or serve it to other tools',
    load: () => import('./db/index.js'),
  },
  {
    name: 'backup',
    summary: 'Back up the whole database, list, verify and restore archives (cron-safe)',
    load: () => import('./backup/index.js'),
  },
  {
    name: 'completion',
    summary: 'Print a shell completion script (bash, zsh or fish)',
    load: () => import('./completion/index.js'),
  },
  {
    name: '__complete',
    summary: 'What the completion scripts ask: candidates for the words typed so far',
    load: async () => (await import('./completion/index.js')).helper,
    hidden: true,
  },
];

/** The registry's one-line summary, so a noun's help and `career --help` agree. */
export function nounSummary(name: string): string {
  return nouns.find((noun) => noun.name === name)?.summary ?? '';
}
