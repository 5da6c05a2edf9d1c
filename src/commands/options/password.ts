// Where passwords come from. Never a flag (it would land in shell history and `ps`): a
// masked prompt at a terminal, all of stdin with --password-stdin, or an environment
// variable for scripts. Passwords are never printed or logged.
import { UsageError } from '../../domain/errors.js';
import { checkPasswordStrength } from '../../services/password-rules.js';
import type { CommandContext } from '../context.js';

export const PASSWORD_ENV = 'CAREER_PASSWORD';
export const NEW_PASSWORD_ENV = 'CAREER_NEW_PASSWORD';

/** What a password-reading command needs of its context. */
export type PasswordContext = Pick<CommandContext, 'io' | 'env' | 'prompts' | 'out'>;

/** All of stdin, without one trailing newline (what `echo secret |` or a file adds). */
export async function readStdin(context: Pick<CommandContext, 'io'>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of context.io.stdin) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  }
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

function noPassword(envName: string): UsageError {
  return new UsageError('no password given', {
    hint: `pass --password-stdin and write it to stdin, or set ${envName} (prompts are only shown at a terminal)`,
  });
}

function fromEnv(context: PasswordContext, name: string): string | undefined {
  const value = context.env[name];
  return value === undefined || value === '' ? undefined : value;
}

/**
 * A new password typed twice at a prompt: the rules are checked at the first entry (asked
 * again until it passes), and when the two differ both are asked again.
 */
async function promptNewPassword(context: PasswordContext, message = 'Password'): Promise<string> {
  for (;;) {
    const first = await context.prompts.askPassword(`${message}:`, (value) => {
      try {
        checkPasswordStrength(value);
        return true;
      } catch (error) {
        return (error as Error).message;
      }
    });
    const second = await context.prompts.askPassword(`${message} again:`);
    if (first === second) return first;
    context.out.printWarning('the two passwords do not match; type both again');
  }
}

/** The password for sign-in (asked once). */
export async function existingPassword(
  passwordStdin: boolean,
  context: PasswordContext,
): Promise<string> {
  if (passwordStdin) return readStdin(context);
  const given = fromEnv(context, PASSWORD_ENV);
  if (given !== undefined) return given;
  if (context.prompts.canPrompt()) return context.prompts.askPassword('Password:');
  throw noPassword(PASSWORD_ENV);
}

/** The password for a new account (typed twice at a prompt), checked for length. */
export async function newAccountPassword(
  passwordStdin: boolean,
  context: PasswordContext,
): Promise<string> {
  let password = passwordStdin ? await readStdin(context) : fromEnv(context, PASSWORD_ENV);
  if (password === undefined) {
    if (!context.prompts.canPrompt()) throw noPassword(PASSWORD_ENV);
    password = await promptNewPassword(context);
  }
  checkPasswordStrength(password);
  return password;
}

/** The current and the new password for `auth passwd`. */
export async function passwordChange(
  passwordStdin: boolean,
  context: PasswordContext,
): Promise<{ current: string; next: string }> {
  if (passwordStdin) {
    const lines = (await readStdin(context)).split(/\r?\n/);
    if (lines.length !== 2 || lines[0] === undefined || lines[1] === undefined) {
      throw new UsageError(
        '--password-stdin expects two lines: the current password, then the new one',
      );
    }
    return { current: lines[0], next: lines[1] };
  }
  const current = fromEnv(context, PASSWORD_ENV);
  const next = fromEnv(context, NEW_PASSWORD_ENV);
  if (current !== undefined && next !== undefined) return { current, next };
  if (!context.prompts.canPrompt()) {
    throw new UsageError('no passwords given', {
      hint: `set ${PASSWORD_ENV} (current) and ${NEW_PASSWORD_ENV} (new), or pass --password-stdin with two lines`,
    });
  }
  const currentPassword = await context.prompts.askPassword('Current password:');
  return { current: currentPassword, next: await promptNewPassword(context, 'New password') };
}
