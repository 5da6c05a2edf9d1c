// `career auth ...`: create an account, sign in and out, see who is signed in, change the
// password. Passwords never come from a flag (see ../options/password.ts). Only wires the verbs.
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { nounSummary } from '../index.js';
import { loginCommand } from './login.js';
import { logoutCommand } from './logout.js';
import { passwdCommand } from './passwd.js';
import { registerCommand } from './register.js';
import { whoamiCommand } from './whoami.js';

export function register(program: Command, context: CommandContext): void {
  const auth = program.command('auth').description(nounSummary('auth'));
  for (const verb of [registerCommand, loginCommand, logoutCommand, whoamiCommand, passwdCommand]) {
    verb(auth, context);
  }
}
