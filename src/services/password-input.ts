// Where passwords come from. Never a flag (it would land in shell history and `ps`): a
// masked prompt at a terminal, all of stdin with --password-stdin, or an environment
// variable for scripts. Passwords are never printed or logged.
import { saslprep } from '@mongodb-js/saslprep';
import { canPrompt } from '../ui/prompts.js';
import { UsageError } from '../domain/errors.js';
import { field, say } from '../domain/phrases.js';

export const PASSWORD_ENV = 'CAREER_PASSWORD';
export const NEW_PASSWORD_ENV = 'CAREER_NEW_PASSWORD';
export const MIN_PASSWORD_LENGTH = 8;
/** bcrypt ignores everything after 72 bytes, so longer passwords would be silently cut. */
export const MAX_PASSWORD_BYTES = 72;

export interface PasswordSourceOptions {
  /** --password-stdin was given. */
  passwordStdin?: boolean;
  env?: NodeJS.ProcessEnv;
}

/** All of stdin, without one trailing newline (what `echo secret |` or a file adds). */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  }
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** A UsageError when the password is too short or too long for bcrypt; nothing otherwise. */
export function checkPasswordStrength(password: string, what = 'the password'): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new UsageError(`${what} must be at least ${MIN_PASSWORD_LENGTH} characters long`);
  }
  if (Buffer.byteLength(password, 'utf8') > MAX_PASSWORD_BYTES) {
    throw new UsageError(`${what} must be at most ${MAX_PASSWORD_BYTES} bytes long`);
  }
}

/**
 * A UsageError for a password `db serve` cannot take: too short to resist guessing (as an
 * account's), or with characters SCRAM cannot use (RFC 4013's SASLprep). SCRAM has no length
 * limit, unlike bcrypt.
 */
export function checkServePassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new UsageError(`the password must be at least ${MIN_PASSWORD_LENGTH} characters long`);
  }
  try {
    saslprep(password);
  } catch {
    throw new UsageError('the password holds characters SCRAM cannot use (control characters)', {
      hint: say`choose another password, or leave out ${field('passwordStdin')} to get a random one`,
    });
  }
}

function noPassword(envName: string): UsageError {
  return new UsageError('no password given', {
    hint: say`pass ${field('passwordStdin')} and write it to stdin, or set ${envName} (prompts are only shown at a terminal)`,
  });
}

async function prompt(message: string): Promise<string> {
  const { password } = await import('@inquirer/prompts');
  return password({ message, mask: '*' });
}

/** A new password typed twice at a prompt, checked for length before the second entry. */
export async function promptNewPassword(message = 'Password'): Promise<string> {
  const { password } = await import('@inquirer/prompts');
  const first = await password({
    message: `${message}:`,
    mask: '*',
    validate: (value) => {
      try {
        checkPasswordStrength(value);
        return true;
      } catch (error) {
        return (error as Error).message;
      }
    },
  });
  const second = await password({ message: `${message} again:`, mask: '*' });
  if (first !== second) throw new UsageError('the two passwords do not match');
  return first;
}

/** The password for sign-in (asked once). */
export async function existingPassword(options: PasswordSourceOptions): Promise<string> {
  const env = options.env ?? process.env;
  if (options.passwordStdin) return readStdin();
  const fromEnv = env[PASSWORD_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (canPrompt()) return prompt('Password:');
  throw noPassword(PASSWORD_ENV);
}

/** The password for a new account (typed twice at a prompt), checked for length. */
export async function newAccountPassword(options: PasswordSourceOptions): Promise<string> {
  const env = options.env ?? process.env;
  let password: string;
  if (options.passwordStdin) password = await readStdin();
  else if (env[PASSWORD_ENV] !== undefined && env[PASSWORD_ENV] !== '') {
    password = env[PASSWORD_ENV];
  } else if (canPrompt()) password = await promptNewPassword();
  else throw noPassword(PASSWORD_ENV);
  checkPasswordStrength(password);
  return password;
}

/** The current and the new password for `auth passwd`. */
export async function passwordChange(
  options: PasswordSourceOptions,
): Promise<{ current: string; next: string }> {
  const env = options.env ?? process.env;
  if (options.passwordStdin) {
    const lines = (await readStdin()).split(/\r?\n/);
    if (lines.length !== 2 || lines[0] === undefined || lines[1] === undefined) {
      throw new UsageError(
        say`${field('passwordStdin')} expects two lines: the current password, then the new one`,
      );
    }
    return { current: lines[0], next: lines[1] };
  }
  const current = env[PASSWORD_ENV];
  const next = env[NEW_PASSWORD_ENV];
  if (current !== undefined && current !== '' && next !== undefined && next !== '') {
    return { current, next };
  }
  if (!canPrompt()) {
    throw new UsageError('no passwords given', {
      hint: say`set ${PASSWORD_ENV} (current) and ${NEW_PASSWORD_ENV} (new), or pass ${field('passwordStdin')} with two lines`,
    });
  }
  const currentPassword = await prompt('Current password:');
  return { current: currentPassword, next: await promptNewPassword('New password') };
}
