// The CLI's words for errors thrown below it. Services and repositories name fields
// ("appliedAt"), record kinds and next steps (src/domain/phrases.ts); here a field becomes
// its flag (`--kebab-case`, unless a command spells it otherwise) and a kind or step becomes
// the command to run. Pure: call it on any error before src/ui/report-error.ts prints it.
import { CareerError, MalformedIdError, RecordNotFoundError } from '../domain/errors.js';
import type { NameRef, NextStep, RecordKind, StepRef } from '../domain/phrases.js';

/** The words after `career` of the command that ran (["apply", "add"]). */
export type CommandPath = readonly string[];

interface KindCommands {
  plural: string;
  list: string;
  show: string;
}

const KIND_COMMANDS: Record<RecordKind, KindCommands> = {
  application: { plural: 'applications', list: 'apply list', show: 'apply show' },
  contact: { plural: 'contacts', list: 'contact list', show: 'contact show' },
  job: { plural: 'jobs', list: 'job list', show: 'job show' },
  connection: { plural: 'connections', list: 'connect list', show: 'connect show' },
  'follow-up': { plural: 'follow-ups', list: 'connect followup list', show: 'connect show' },
  'learning activity': { plural: 'learning activities', list: 'learn list', show: 'learn show' },
  conversation: { plural: 'conversations', list: 'coach history', show: 'coach history' },
  interview: { plural: 'interviews', list: 'apply show', show: 'apply show' },
};

type CommandStep = Exclude<
  NextStep,
  `${RecordKind}.${string}` | 'this-command' | 'this-command-help'
>;

const STEP_COMMANDS: Record<CommandStep, string> = {
  'sign-in': 'auth login',
  'create-account': 'init',
  'list-backups': 'backup list',
  'restore-backup': 'backup restore',
  'serve-database': 'db serve',
  'use-embedded-database': 'db use --embedded',
  'clear-conversation': 'coach clear',
  'update-connection': 'connect update',
  'set-connection-status': 'connect status',
  'add-connection': 'connect add',
  'add-follow-up': 'connect followup add',
  'complete-activity': 'learn complete',
  'update-activity': 'learn update',
  'set-date-order': 'config set date.order',
  'list-undo': 'undo --list',
};

/** Fields whose flag is not `--kebab-case(field)`, for every command. */
const FIELD_FLAGS: Record<string, string> = {
  linkedinUrl: '--linkedin',
  currentTitle: '--title',
  currentCompany: '--company',
  goalType: '--goal',
  networkingIntensity: '--networking',
  startDate: '--start',
  expectedEndDate: '--expected-end',
  completionDate: '--date',
  certificateUrl: '--certificate',
  stalledAfterDays: '--stalled-after',
  applicationsPerWeek: '--applications',
  followUpsPerWeek: '--follow-ups',
  notifications: '--[no-]notifications',
  emailUpdates: '--[no-]email-updates',
};

/** Fields a command spells its own way (a positional argument, not a flag). */
const COMMAND_FIELD_FLAGS: Record<string, Record<string, string>> = {
  'apply status': { status: 'STATUS' },
  'connect status': { status: 'status' },
  'connect followup snooze': { until: 'DURATION' },
  'config get': { key: 'KEY' },
  'config set': { key: 'KEY', value: 'VALUE' },
  'config unset': { key: 'KEY' },
  search: { text: 'TEXT' },
};

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

/** The flag that sets `field` in the command at `path`. */
export function flagFor(field: string, path: CommandPath): string {
  return COMMAND_FIELD_FLAGS[path.join(' ')]?.[field] ?? FIELD_FLAGS[field] ?? `--${kebab(field)}`;
}

function commandOf(ref: StepRef, path: CommandPath): string {
  const dot = ref.step.lastIndexOf('.');
  let words: string;
  if (ref.step === 'this-command') words = path.join(' ');
  else if (ref.step === 'this-command-help') words = `${path.join(' ')} --help`;
  else if (dot > 0) {
    const kind = KIND_COMMANDS[ref.step.slice(0, dot) as RecordKind];
    words = ref.step.endsWith('.list') ? kind.list : kind.show;
  } else words = STEP_COMMANDS[ref.step as CommandStep];
  return ['career', words, ...ref.args].filter((word) => word !== '').join(' ');
}

/** Names fields and steps as the command at `path` spells them. */
export function cliNames(path: CommandPath): NameRef {
  return (ref) => (ref.ref === 'field' ? flagFor(ref.field, path) : commandOf(ref, path));
}

function recordHint(error: CareerError, name: NameRef): string | undefined {
  if (!(error instanceof RecordNotFoundError || error instanceof MalformedIdError)) {
    return undefined;
  }
  const { kind, within } = error.record;
  const list = name({ ref: 'step', step: `${kind}.list`, args: within ? [within] : [] });
  return error instanceof MalformedIdError
    ? `ids are hexadecimal; see them with \`${list}\``
    : `see your ${KIND_COMMANDS[kind].plural} with \`${list}\``;
}

/** Fields the person gave at a prompt, by the question's label ({ email: 'Email' }). */
export type AnsweredFields = Readonly<Record<string, string>>;

/**
 * `error` as the user of the command at `path` reads it: flags instead of fields, commands
 * instead of steps, the hints of not-found ids. Anything else is returned as it is. A field
 * in `answered` was typed at a prompt: the message names its question instead of a flag the
 * person never typed (hints keep flags: they are commands to run).
 */
export function wordError<T>(error: T, path: CommandPath, answered: AnsweredFields = {}): T {
  if (!(error instanceof CareerError)) return error;
  const name = cliNames(path);
  const asked: NameRef = (ref) =>
    ref.ref === 'field' && Object.hasOwn(answered, ref.field)
      ? (answered[ref.field] ?? ref.field)
      : name(ref);
  const message = error.wording.message?.render(asked) ?? error.message;
  const hint = error.wording.hint?.render(name) ?? error.hint ?? recordHint(error, name);
  if (message === error.message && hint === error.hint) return error;
  return error.withText(message, hint);
}
