// Who a new account is (name, email, password), for `init`, `profile setup` and
// `auth register`: from flags, or at a terminal one question at a time, each answer checked
// at its own prompt and asked again when wrong (the email's form and whether an account has
// it already, the password rules, the two passwords matching), so no answer is lost to an
// error found at the end. A flag's value is checked at once too, before anything is asked.
import { CareerError } from '../../domain/errors.js';
import { checkNewAccountEmail } from '../../services/auth-service.js';
import type { Workspace } from '../../services/workspace.js';
import type { CommandContext } from '../context.js';
import { wordError, type AnsweredFields } from '../error-wording.js';
import { newAccountPassword } from './password.js';

export interface NewAccountGiven {
  name: string | undefined;
  email: string | undefined;
  passwordStdin: boolean;
}

/** The questions' labels, as the prompts show them (and errors about the answers name them). */
export interface NewAccountQuestions {
  name: string;
  email: string;
}

export interface NewAccountIdentity {
  name: string;
  /** Normalised (trimmed, lower case). */
  email: string;
  password: string;
  /** The fields typed at a prompt, by question (for wordError). */
  answered: AnsweredFields;
}

/** An error as the line under a prompt: its message with the fields named by `answered`. */
function promptLine(error: CareerError, answered: AnsweredFields): string {
  const worded = wordError(error, [], answered);
  return worded.hint === undefined ? worded.message : `${worded.message} (${worded.hint})`;
}

/** The email asked at a prompt, checked as it is typed. */
async function askEmail(
  workspace: Workspace,
  label: string,
  context: CommandContext,
): Promise<string> {
  const answered = { email: label };
  const typed = await context.prompts.valueOrPrompt(undefined, '--email', label, {
    validate: async (text) => {
      try {
        await checkNewAccountEmail(workspace, text);
        return true;
      } catch (error) {
        if (error instanceof CareerError) return promptLine(error, answered);
        throw error;
      }
    },
  });
  return checkNewAccountEmail(workspace, typed);
}

const isGiven = (value: string | undefined): value is string => value !== undefined && value !== '';

/** The new account's name, email and password: given, or asked and checked one by one. */
export async function newAccountIdentity(
  workspace: Workspace,
  given: NewAccountGiven,
  questions: NewAccountQuestions,
  context: CommandContext,
): Promise<NewAccountIdentity> {
  // A flag's email is checked before anything is asked, so it costs no typing.
  const flagEmail = isGiven(given.email)
    ? await checkNewAccountEmail(workspace, given.email)
    : undefined;
  const name = await context.prompts.valueOrPrompt(given.name, '--name', questions.name);
  const email = flagEmail ?? (await askEmail(workspace, questions.email, context));
  const password = await newAccountPassword(given.passwordStdin, context);
  const answered: Record<string, string> = {};
  if (!isGiven(given.name)) answered.name = questions.name;
  if (flagEmail === undefined) answered.email = questions.email;
  return { name, email, password, answered };
}
