// The profile flags shared by `auth register`, `init`, `profile setup` and `profile update`
// (defined once here), and their parsing (enum values are checked here, before anything is written).
import { Option, type Command } from 'commander';
import type { ProfileFields } from '../../repositories/index.js';
import { GOAL_TYPES, NETWORKING_INTENSITIES, TIMEFRAMES } from '../../services/profile-service.js';
import { matchChoice, parseList } from '../../domain/choices.js';

export interface ProfileFlags {
  name?: string;
  email?: string;
  title?: string;
  company?: string;
  goal?: string;
  timeframe?: string;
  networking?: string;
  skills?: string;
  notifications?: boolean;
  emailUpdates?: boolean;
}

export function addProfileFieldOptions(command: Command, options: { identity: boolean }): Command {
  if (options.identity) {
    command
      .option('--name <name>', 'your name')
      .option('--email <email>', 'your email (also your sign-in)');
  }
  return command
    .option('--title <title>', 'your current job title')
    .option('--company <company>', 'your current company')
    .option('--goal <type>', `your goal: ${GOAL_TYPES.join(', ')}`)
    .option('--timeframe <timeframe>', `your timeframe: ${TIMEFRAMES.join(', ')}`)
    .option(
      '--networking <intensity>',
      `networking intensity: ${NETWORKING_INTENSITIES.join(', ')}`,
    )
    .option('--skills <list>', 'your skills, comma-separated (replaces the list)')
    .addOption(new Option('--notifications', 'turn notifications on').hideHelp())
    .option('--no-notifications', 'turn notifications off')
    .addOption(new Option('--email-updates', 'turn email updates on').hideHelp())
    .option('--no-email-updates', 'turn email updates off');
}

/** The fields the flags set (undefined for flags not given), enum values checked. */
export function profileFieldFlags(flags: ProfileFlags): ProfileFields {
  const fields: ProfileFields = {};
  if (flags.name !== undefined) fields.name = flags.name;
  if (flags.email !== undefined) fields.email = flags.email;
  if (flags.title !== undefined) fields.currentTitle = flags.title;
  if (flags.company !== undefined) fields.currentCompany = flags.company;
  if (flags.goal !== undefined) fields.goalType = matchChoice(flags.goal, GOAL_TYPES, 'goal');
  if (flags.timeframe !== undefined) {
    fields.timeframe = matchChoice(flags.timeframe, TIMEFRAMES, 'timeframe');
  }
  if (flags.networking !== undefined) {
    fields.networkingIntensity = matchChoice(
      flags.networking,
      NETWORKING_INTENSITIES,
      'networking',
    );
  }
  if (flags.skills !== undefined) fields.skills = parseList(flags.skills);
  if (flags.notifications !== undefined || flags.emailUpdates !== undefined) {
    fields.preferences = {};
    if (flags.notifications !== undefined) fields.preferences.notifications = flags.notifications;
    if (flags.emailUpdates !== undefined) fields.preferences.emailUpdates = flags.emailUpdates;
  }
  return fields;
}
