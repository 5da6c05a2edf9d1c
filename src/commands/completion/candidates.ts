// What the shell may offer for the word being typed, read from the commander tree itself
// (commands, verbs, flags, arguments) and the enum vocabularies: nothing here lists a command
// or a value by hand. An option or argument takes the values of the vocabulary its help text
// names in full (the help is written from the vocabularies: `one of: ${STATUSES.join(', ')}`),
// or commander's own choices. An ID argument asks for the ids of its kind of record.
import type { Argument, Command, Option } from 'commander';
import type { CompletionIdKind } from '../../services/completion-ids.js';
import { VOCABULARIES } from './vocabularies.js';

export type Candidates =
  | { kind: 'words'; words: Array<{ word: string; description?: string }> }
  | { kind: 'ids'; record: CompletionIdKind }
  /** Nothing known: the shell offers file names. */
  | { kind: 'files' };

/** The record a plain `<id>` argument names, by noun. */
const ID_BY_NOUN: Record<string, CompletionIdKind> = {
  apply: 'application',
  job: 'job',
  contact: 'contact',
  connect: 'connection',
  learn: 'learning activity',
};

/** The record an `<x-id>` argument names. */
const ID_BY_ARGUMENT: Record<string, CompletionIdKind> = {
  'application-id': 'application',
  'interview-id': 'interview',
  'job-id': 'job',
  'contact-id': 'contact',
  'connection-id': 'connection',
  'followup-id': 'follow-up',
  'follow-up-id': 'follow-up',
  'activity-id': 'learning activity',
};

function tokens(text: string): Set<string> {
  return new Set(text.split(/[\s,|()[\]:;]+/).filter((token) => token !== ''));
}

/** The values of the largest vocabulary `description` names every value of. */
function valuesNamedIn(description: string): readonly string[] | undefined {
  const named = tokens(description);
  let best: readonly string[] | undefined;
  for (const vocabulary of VOCABULARIES) {
    if (vocabulary.every((value) => named.has(value))) {
      if (best === undefined || vocabulary.length > best.length) best = vocabulary;
    }
  }
  return best;
}

function valuesOf(item: Option | Argument): Candidates {
  const values = item.argChoices ?? valuesNamedIn(item.description);
  return values === undefined
    ? { kind: 'files' }
    : { kind: 'words', words: values.map((word) => ({ word })) };
}

/** The command's options and its ancestors' (the global ones), visible ones only. */
function optionsInScope(command: Command): Option[] {
  const options: Option[] = [];
  for (let scope: Command | null = command; scope; scope = scope.parent) {
    options.push(...scope.options.filter((option) => !option.hidden));
  }
  return options;
}

function findOption(command: Command, flag: string): Option | undefined {
  return optionsInScope(command).find((option) => option.long === flag || option.short === flag);
}

function subcommands(command: Command): Command[] {
  return command.commands.filter(
    (sub) => !(sub as unknown as { _hidden?: boolean })._hidden && sub.name() !== 'help',
  );
}

function argumentCandidates(command: Command, path: string[], position: number): Candidates {
  const args = command.registeredArguments;
  const last = args.at(-1);
  const argument = args[position] ?? (last?.variadic === true ? last : undefined);
  if (argument === undefined) return { kind: 'words', words: [] };
  const name = argument.name();
  const record = ID_BY_ARGUMENT[name] ?? (name === 'id' ? ID_BY_NOUN[path[0] ?? ''] : undefined);
  if (record !== undefined) return { kind: 'ids', record };
  return valuesOf(argument);
}

/**
 * Candidates for the last of `words` (the words after `career`, the last one being typed,
 * possibly empty). Only the words before it decide; the caller filters by the typed prefix.
 */
export function candidatesFor(program: Command, words: readonly string[]): Candidates {
  const typed = words.at(-1) ?? '';
  let before = words.slice(0, -1);
  if (before[0] === 'help') before = before.slice(1);
  let command = program;
  const path: string[] = [];
  let position = 0;
  let pendingOption: Option | undefined;
  let positionalOnly = false;
  for (const word of before) {
    if (pendingOption !== undefined) pendingOption = undefined;
    else if (word === '--') positionalOnly = true;
    else if (!positionalOnly && word.startsWith('-')) {
      const option = word.includes('=') ? undefined : findOption(command, word);
      if (option?.required === true) pendingOption = option;
    } else {
      const sub = position === 0 ? subcommands(command).find((c) => c.name() === word) : undefined;
      if (sub) {
        command = sub;
        path.push(sub.name());
      } else position++;
    }
  }
  if (pendingOption !== undefined) return valuesOf(pendingOption);
  if (!positionalOnly && typed.startsWith('-')) {
    const flags = optionsInScope(command).flatMap((option) =>
      option.long === undefined ? [] : [{ word: option.long, description: option.description }],
    );
    return { kind: 'words', words: [...flags, { word: '--help', description: 'show help' }] };
  }
  const subs = subcommands(command);
  if (subs.length > 0 && position === 0) {
    return {
      kind: 'words',
      words: subs.map((sub) => ({ word: sub.name(), description: sub.description() })),
    };
  }
  return argumentCandidates(command, path, position);
}
