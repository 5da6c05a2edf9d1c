// A flag whose value is one of a fixed list: its help lists them (commander's choices), and
// the value is read as matchChoice reads every choice (case, dashes, a unique start, "did
// you mean"), rather than commander's exact match.
import { Option } from 'commander';
import { matchChoice } from '../../domain/choices.js';

/** `new Option(flags, description)` taking one of `choices`; errors name `field`'s flag. */
export function choiceOption(
  flags: string,
  description: string,
  choices: readonly string[],
  field: string,
): Option {
  return new Option(flags, description)
    .choices(choices)
    .argParser((value: string) => matchChoice(value, choices, field));
}
