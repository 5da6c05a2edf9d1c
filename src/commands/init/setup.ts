// The setup wizard (`career init`, `career profile setup`): it asks for what the flags left out
// (at a terminal only), creates the account and signs in; when someone is already signed in it
// updates their profile instead.
import type { Command } from 'commander';
import { NotSignedInError, UsageError } from '../../domain/errors.js';
import type { ProfileFields, UserProfile } from '../../repositories/index.js';
import { createAccount } from '../../services/auth-service.js';
import { publicProfile, updateProfile } from '../../services/profile-service.js';
import { currentUser, type Workspace } from '../../services/workspace.js';
import type { CommandContext } from '../context.js';
import type { JsonOf } from '../json.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';
import { wordError } from '../error-wording.js';
import { newAccountIdentity } from '../options/new-account.js';
import { PASSWORD_ENV } from '../options/password.js';
import {
  addProfileFieldOptions,
  profileFieldFlags,
  type ProfileFlags,
} from '../options/profile-fields.js';
import { askProfile } from './ask-profile.js';

export interface SetupOptions {
  globals: GlobalOptions;
  name: string | undefined;
  email: string | undefined;
  /** The profile fields the flags gave. */
  given: ProfileFields;
  passwordStdin: boolean;
}

/** `career init --json`: the account's public profile, created or updated. */
export type SetupJson = JsonOf<ReturnType<typeof publicProfile>>;

const SETUP_HELP =
  `\nAt a terminal, whatever the flags leave out is asked. Scripts pass --name and --email, ` +
  `the password with --password-stdin or ${PASSWORD_ENV}, and any profile flags.\n` +
  `When you are already signed in, the wizard updates your profile instead.`;

/** The wizard's flags and action on `command` (`init`, or `profile setup`). */
export function setupCommand(command: Command, context: CommandContext): Command {
  return addProfileFieldOptions(command, { identity: true })
    .option('--password-stdin', 'read the password from stdin')
    .addHelpText('after', SETUP_HELP)
    .action((flags: ProfileFlags & { passwordStdin?: boolean }, command: Command) =>
      run(
        {
          globals: globalOptions(command),
          name: flags.name,
          email: flags.email,
          given: profileFieldFlags(flags),
          passwordStdin: flags.passwordStdin === true,
        },
        context,
      ),
    );
}

export async function run(options: SetupOptions, context: CommandContext): Promise<void> {
  const { out } = context;
  await context.withWorkspace({ dbUri: options.globals.dbUri }, async (workspace) => {
    const signedIn = await signedInUser(workspace);
    const user = signedIn
      ? await updateExisting(workspace, signedIn, options.given, context)
      : await createNew(workspace, options, context);
    if (options.globals.json) out.printJson(publicProfile(user));
    else if (signedIn) out.printSuccess(`Updated the profile of ${user.name} (${user.email})`);
    else {
      out.printSuccess(`Created the account ${user.email} for ${user.name}; you are signed in`);
      out.printNote('Next: add a job opening with `career job add`, or see `career --help`.');
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
  options: SetupOptions,
  context: CommandContext,
): Promise<UserProfile> {
  const identity = await newAccountIdentity(
    workspace,
    { name: options.name, email: options.email, passwordStdin: options.passwordStdin },
    { name: 'Your name', email: 'Email (you sign in with it)' },
    context,
  );
  const { name, email, password, answered } = identity;
  const profile = context.prompts.canPrompt()
    ? await askProfile(options.given, undefined, context)
    : options.given;
  try {
    return await createAccount(workspace, { profile: { ...profile, name, email }, password });
  } catch (error) {
    // Still possible (another process took the email meanwhile): worded for the question.
    throw wordError(error, [], answered);
  }
}

async function updateExisting(
  workspace: Workspace,
  user: UserProfile,
  given: ProfileFields,
  context: CommandContext,
): Promise<UserProfile> {
  const { prompts } = context;
  if (anyGiven(given)) return updateProfile(workspace, user, given);
  if (!prompts.canPrompt()) {
    throw new UsageError(`already signed in as ${user.email}; nothing to update`, {
      hint: 'pass profile flags (see `career init --help`), or sign out first with `career auth logout`',
    });
  }
  const proceed = await prompts.askYesNo(
    `You are signed in as ${user.name} (${user.email}). Update your profile?`,
    true,
  );
  if (!proceed) throw new UsageError('nothing changed');
  return updateProfile(workspace, user, await askProfile({}, user, context));
}
