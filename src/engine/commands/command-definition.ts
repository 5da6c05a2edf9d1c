// One command as the dispatcher, listCommands and help know it: its name and aliases, what it
// does, its declared fields (parameters.ts), and the handler that gets them typed.
import type { Document } from 'bson';
import type { CommandContext, CommandImplementation } from './context.js';
import { GENERIC_FIELDS } from './generic-fields.js';
import { extractFields, type ArgumentsOf, type Fields } from './parameters.js';

export interface CommandSpec<F extends Fields> {
  /** One line, for help and listCommands. */
  readonly help: string;
  /** Other names it answers to (isMaster's ismaster, findAndModify's findandmodify...). */
  readonly aliases?: readonly string[];
  /** mongod runs it only against the admin database (reported by listCommands). */
  readonly adminOnly?: boolean;
  /**
   * Fields outside the table (and the generic ones) are refused with 40415, as mongod's
   * strict commands do; off for commands that take arbitrary fields (hello, getParameter).
   */
  readonly strict?: boolean;
  /** The command's own field (find: 'coll') may be declared; undeclared, its value is free. */
  readonly fields: F;
  readonly run: (
    args: ArgumentsOf<F>,
    context: CommandContext,
    command: Document,
  ) => Document | Promise<Document>;
}

export interface CommandDefinition {
  readonly name: string;
  readonly help: string;
  readonly aliases: readonly string[];
  readonly adminOnly: boolean;
  readonly strict: boolean;
  readonly fields: Fields;
  readonly implementation: CommandImplementation;
}

export function defineCommand<const F extends Fields>(
  name: string,
  spec: CommandSpec<F>,
): CommandDefinition {
  const strict = spec.strict ?? true;
  return {
    name,
    help: spec.help,
    aliases: spec.aliases ?? [],
    adminOnly: spec.adminOnly ?? false,
    strict,
    fields: spec.fields,
    implementation: (command, context) => {
      const sent = Object.keys(command)[0] ?? name;
      const args = extractFields(command, spec.fields, sent, {
        strict,
        generic: GENERIC_FIELDS,
        sequences: new Set(context.request.rawSequences.keys()),
        commandField: { sent, declared: name },
      });
      return spec.run(args, context, command);
    },
  };
}
