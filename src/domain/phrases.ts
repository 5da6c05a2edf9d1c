// Text that mentions an input field or a next step without knowing how the CLI spells them.
// Services and repositories write `say\`${field('appliedAt')} ...\``; the command layer
// (src/commands/error-wording.ts) renders the field as its flag (`--date`) and the step as
// its command (`career apply list`). Rendered without it, a field is its own name.

/** A field of the input a service was given ("company", "appliedAt"). */
export interface FieldRef {
  readonly ref: 'field';
  readonly field: string;
}

/** What the user can do next: list or show a kind of record, sign in, list the backups... */
export type NextStep =
  | `${RecordKind}.list`
  | `${RecordKind}.show`
  | 'sign-in'
  | 'create-account'
  | 'list-backups'
  | 'restore-backup'
  | 'serve-database'
  | 'use-embedded-database'
  | 'clear-conversation'
  | 'update-connection'
  | 'set-connection-status'
  | 'add-connection'
  | 'add-follow-up'
  | 'complete-activity'
  | 'update-activity'
  /** Setting the order numeric dates are read in (args: the order). */
  | 'set-date-order'
  /** The steps `undo` can reverse. */
  | 'list-undo'
  /** The command that is running ("e.g. career stats --weeks 26"). */
  | 'this-command'
  /** Its help: `career job update --help`. */
  | 'this-command-help';

/** The kinds of records messages name. */
export type RecordKind =
  | 'application'
  | 'contact'
  | 'job'
  | 'connection'
  | 'follow-up'
  | 'learning activity'
  | 'conversation'
  | 'interview';

export interface StepRef {
  readonly ref: 'step';
  readonly step: NextStep;
  /** Arguments after the command (an id). */
  readonly args: readonly string[];
}

export type PhraseRef = FieldRef | StepRef;
export type PhrasePart = string | PhraseRef;

/** How a renderer names what a phrase refers to. */
export type NameRef = (ref: PhraseRef) => string;

export class Phrase {
  constructor(readonly parts: readonly PhrasePart[]) {}

  render(name: NameRef): string {
    return this.parts.map((part) => (typeof part === 'string' ? part : name(part))).join('');
  }

  /** The fields this phrase names, in order. */
  fields(): string[] {
    return this.parts.flatMap((part) =>
      typeof part !== 'string' && part.ref === 'field' ? [part.field] : [],
    );
  }
}

export function field(name: string): FieldRef {
  return { ref: 'field', field: name };
}

export function step(name: NextStep, ...args: string[]): StepRef {
  return { ref: 'step', step: name, args };
}

type PhraseValue = string | number | PhraseRef | Phrase;

function isRef(value: unknown): value is PhraseRef {
  return typeof value === 'object' && value !== null && 'ref' in value;
}

/** A phrase from a template: `say\`missing ${field('company')}\``. */
export function say(strings: TemplateStringsArray, ...values: PhraseValue[]): Phrase {
  const parts: PhrasePart[] = [];
  strings.forEach((text, index) => {
    parts.push(text);
    if (index >= values.length) return;
    const value = values[index];
    if (value instanceof Phrase) parts.push(...value.parts);
    else if (isRef(value)) parts.push(value);
    else parts.push(String(value));
  });
  return new Phrase(parts);
}

/** Several fields joined: `pass at least one of ${fieldList(['date', 'notes'])}`. */
export function fieldList(names: readonly string[], separator = ', '): Phrase {
  const parts: PhrasePart[] = [];
  names.forEach((name, index) => {
    if (index > 0) parts.push(separator);
    parts.push(field(name));
  });
  return new Phrase(parts);
}

/** The wording without the CLI: fields by name, steps by what they do. */
export const plainNames: NameRef = (ref) =>
  ref.ref === 'field' ? ref.field : [ref.step, ...ref.args].join(' ');

/** "1 application", "3 applications" (`many` for a plural that is not `one` + s). */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** The noun after its indefinite article, by its first letter: "an application", "a job". */
export function withArticle(noun: string): string {
  return `${/^[aeio]/i.test(noun) ? 'an' : 'a'} ${noun}`;
}
