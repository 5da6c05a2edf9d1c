// `career init` (also `career profile setup`): a guided start. It asks for what the flags
// left out (at a terminal only), creates the account and signs in; when someone is already
// signed in it updates their profile instead.
import type { Command } from 'commander';
import type { ProfileFields, UserProfile } from '../repositories/index.js';
import { createAccount } from '../services/auth-service.js';
import { newAccountPassword, PASSWORD_ENV } from '../services/password-input.js';
import {
  GOAL_TYPES,
  NETWORKING_INTENSITIES,
  publicProfile,
  TIMEFRAMES,
  updateProfile,
} from '../services/profile-service.js';
import { currentUser, withWorkspace, type Workspace } from '../services/workspace.js';
import { parseList } from '../domain/choices.js';
import { NotSignedInError, UsageError } from '../domain/errors.js';
import { printJson, printNote, printSuccess } from '../ui/output.js';
import { askWithDefault, askYesNo, canPrompt, valueOrPrompt } from '../ui/prompts.js';
import { globalOptions, nounSummary } from './index.js';
import {
  addProfileOptions,
  profileFieldsFromFlags,
  type ProfileFlags,
} from './options/profile-fields.js';

type SetupFlags = ProfileFlags & { passwordStdin?: boolean };

const SETUP_HELP =
  `\nAt a terminal, whatever the flags leave out is asked. Scripts pass --name and --email, ` +
  `the password with --password-stdin or ${PASSWORD_ENV}, and any profile flags.\n` +
  `When you are already signed in, the wizard updates your profile instead.`;

export function register(program: Command): void {
  addSetupOptions(program.command('init').description(nounSummary('init'))).action(setupAction);
}

/** The wizard's flags (shared with `career profile setup`). */
export function addSetupOptions(command: Command): Command {
  return addProfileOptions(command, { identity: true })
    .option('--password-stdin', 'read the password from stdin')
    .addHelpText('after', SETUP_HELP);
}

export async function setupAction(flags: SetupFlags, command: Command): Promise<void> {
  const globals = globalOptions(command);
  const given = profileFieldsFromFlags(flags);
  await withWorkspace({ dbUri: globals.dbUri }, async (workspace) => {
    const signedIn = await signedInUser(workspace);
    const user = signedIn
      ? await updateExisting(workspace, signedIn, given)
      : await createNew(workspace, given, flags);
    if (globals.json) printJson(publicProfile(user));
    else if (signedIn) printSuccess(`Updated the profile of ${user.name} (${user.email})`);
    else {
      printSuccess(`Created the account ${user.email} for ${user.name}; you are signed in`);
      printNote('Next: add a job opening with `career job add`, or see `career --help`.');
    }
  });
}

async function signedInUser(workspace: Workspace): Promise<UserProfile | undefined> {
  try {
    return await currentUser(workspace);
  } catch (error) {
    if (error instanceof NotSignedInError) return undefined;
    throw error;
  }
}

function anyGiven(fields: ProfileFields): boolean {
  return Object.values(fields).some((value) => value !== undefined);
}

async function createNew(
  workspace: Workspace,
  given: ProfileFields,
  flags: SetupFlags,
): Promise<UserProfile> {
  const name = await valueOrPrompt(flags.name, '--name', 'Your name');
  const email = await valueOrPrompt(flags.email, '--email', 'Email (you sign in with it)');
  const password = await newAccountPassword({ passwordStdin: flags.passwordStdin });
  const profile = canPrompt() ? await askProfile(given) : given;
  return createAccount(workspace, { profile: { ...profile, name, email }, password });
}

async function updateExisting(
  workspace: Workspace,
  user: UserProfile,
  given: ProfileFields,
): Promise<UserProfile> {
  if (anyGiven(given)) return updateProfile(workspace, user, given);
  if (!canPrompt()) {
    throw new UsageError(`already signed in as ${user.email}; nothing to update`, {
      hint: 'pass profile flags (see `career init --help`), or sign out first with `career auth logout`',
    });
  }
  const proceed = await askYesNo(
    `You are signed in as ${user.name} (${user.email}). Update your profile?`,
    true,
  );
  if (!proceed) throw new UsageError('nothing changed');
  return updateProfile(workspace, user, await askProfile({}, user));
}

/** Asks for every profile field the flags left out (defaults: the current values). */
async function askProfile(given: ProfileFields, current?: UserProfile): Promise<ProfileFields> {
  const { select } = await import('@inquirer/prompts');
  const fields: ProfileFields = { ...given };
  if (current && fields.name === undefined) {
    fields.name = await askWithDefault('Your name:', current.name, { required: true });
  }
  fields.currentTitle ??= optional(
    await askWithDefault('Current job title (optional):', current?.currentTitle ?? ''),
  );
  fields.currentCompany ??= optional(
    await askWithDefault('Current company (optional):', current?.currentCompany ?? ''),
  );
  fields.goalType ??= await select({
    message: 'Your goal:',
    choices: GOAL_TYPES.map((value) => ({ value })),
    default: current?.goalType ?? undefined,
  });
  fields.timeframe ??= await select({
    message: 'Timeframe:',
    choices: TIMEFRAMES.map((value) => ({ value })),
    default: current?.timeframe ?? undefined,
  });
  fields.networkingIntensity ??= await select({
    message: 'Networking intensity:',
    choices: NETWORKING_INTENSITIES.map((value) => ({ value })),
    default: current?.networkingIntensity ?? 'moderate',
  });
  fields.skills ??= parseList(
    await askWithDefault('Skills (comma-separated):', current?.skills.join(', ') ?? ''),
  );
  const preferences = { ...fields.preferences };
  preferences.notifications ??= await askYesNo(
    'Notifications?',
    current?.preferences?.notifications ?? true,
  );
  preferences.emailUpdates ??= await askYesNo(
    'Email updates?',
    current?.preferences?.emailUpdates ?? true,
  );
  fields.preferences = preferences;
  return fields;
}

/** An optional answer left empty is not set at all. */
function optional(answer: string): string | undefined {
  return answer.trim() === '' ? undefined : answer.trim();
}
