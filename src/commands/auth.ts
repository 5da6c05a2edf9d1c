// `career auth ...`: create an account, sign in and out, see who is signed in, change the
// password. Passwords never come from a flag: a masked prompt, --password-stdin or
// CAREER_PASSWORD (and CAREER_NEW_PASSWORD for `passwd`).
import type { Command } from 'commander';
import { changePassword, createAccount, login, logout } from '../services/auth-service.js';
import {
  existingPassword,
  NEW_PASSWORD_ENV,
  newAccountPassword,
  PASSWORD_ENV,
  passwordChange,
} from '../services/password-input.js';
import { publicProfile } from '../services/profile-service.js';
import { withSignedIn, withWorkspace } from '../services/workspace.js';
import { printFields, printJson, printNote, printSuccess } from '../ui/output.js';
import { valueOrPrompt } from '../ui/prompts.js';
import { globalOptions, nounSummary } from './index.js';
import {
  addProfileOptions,
  profileFieldsFromFlags,
  type ProfileFlags,
} from './options/profile-fields.js';

const PASSWORD_HELP =
  `\nThe password is asked at a masked prompt; scripts pass it with --password-stdin or ` +
  `${PASSWORD_ENV}.`;

export function register(program: Command): void {
  const auth = program.command('auth').description(nounSummary('auth'));

  addProfileOptions(
    auth
      .command('register')
      .description('Create an account and sign in')
      .option('--password-stdin', 'read the password from stdin'),
    { identity: true },
  )
    .addHelpText('after', PASSWORD_HELP)
    .action(async (flags: ProfileFlags & { passwordStdin?: boolean }, command: Command) => {
      const globals = globalOptions(command);
      const profile = profileFieldsFromFlags(flags);
      const name = await valueOrPrompt(flags.name, '--name', 'Name');
      const email = await valueOrPrompt(flags.email, '--email', 'Email');
      const password = await newAccountPassword({ passwordStdin: flags.passwordStdin });
      const user = await withWorkspace({ dbUri: globals.dbUri }, (workspace) =>
        createAccount(workspace, { profile: { ...profile, name, email }, password }),
      );
      if (globals.json) printJson(publicProfile(user));
      else printSuccess(`Created the account ${user.email} for ${user.name}; you are signed in`);
    });

  auth
    .command('login')
    .description('Sign in to your account')
    .option('--email <email>', 'your account email')
    .option('--password-stdin', 'read the password from stdin')
    .addHelpText(
      'after',
      `${PASSWORD_HELP}\nAfter 5 failed sign-ins within 15 minutes the account is locked for 15 minutes.`,
    )
    .action(async (flags: { email?: string; passwordStdin?: boolean }, command: Command) => {
      const globals = globalOptions(command);
      const email = await valueOrPrompt(flags.email, '--email', 'Email');
      const password = await existingPassword({ passwordStdin: flags.passwordStdin });
      const user = await withWorkspace({ dbUri: globals.dbUri }, (workspace) =>
        login(workspace, email, password),
      );
      if (globals.json) printJson(publicProfile(user));
      else printSuccess(`Signed in as ${user.name} (${user.email})`);
    });

  auth
    .command('logout')
    .description('Sign out on this machine')
    .action(async (_options: unknown, command: Command) => {
      const globals = globalOptions(command);
      const ended = await withWorkspace({ dbUri: globals.dbUri }, logout);
      if (globals.json) printJson({ signedOut: ended });
      else if (ended) printSuccess('Signed out');
      else printNote('You were not signed in.');
    });

  auth
    .command('whoami')
    .description('Show who is signed in')
    .action(async (_options: unknown, command: Command) => {
      const globals = globalOptions(command);
      const user = await withSignedIn({ dbUri: globals.dbUri }, async ({ user }) => user);
      if (globals.json) printJson({ _id: user._id, name: user.name, email: user.email });
      else
        printFields([
          ['Name', user.name],
          ['Email', user.email],
        ]);
    });

  auth
    .command('passwd')
    .description('Change your password (signs out your other sessions)')
    .option('--password-stdin', 'read two lines from stdin: the current password, then the new one')
    .addHelpText(
      'after',
      `\nThe passwords are asked at masked prompts; scripts set ${PASSWORD_ENV} (current) and ` +
        `${NEW_PASSWORD_ENV} (new), or pass --password-stdin.`,
    )
    .action(async (flags: { passwordStdin?: boolean }, command: Command) => {
      const globals = globalOptions(command);
      const result = await withSignedIn({ dbUri: globals.dbUri }, async ({ user, workspace }) => {
        const { current, next } = await passwordChange({ passwordStdin: flags.passwordStdin });
        return changePassword(workspace, user, current, next);
      });
      if (globals.json) printJson({ changed: true, endedSessions: result.endedSessions });
      else {
        printSuccess('Password changed');
        if (result.endedSessions > 0) {
          printNote(`Signed out ${result.endedSessions} other session(s).`);
        }
      }
    });
}
