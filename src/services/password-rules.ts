// What a password must be. Where it comes from (a prompt, stdin, the environment) is the
// command layer's business: src/commands/options/password.ts.
import { saslprep } from '@mongodb-js/saslprep';
import { UsageError } from '../domain/errors.js';
import { field, say } from '../domain/phrases.js';

export const MIN_PASSWORD_LENGTH = 8;
/** bcrypt ignores everything after 72 bytes, so longer passwords would be silently cut. */
export const MAX_PASSWORD_BYTES = 72;

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
