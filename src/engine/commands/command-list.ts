// Every command the engine answers, from the modules' declarations: the dispatcher's lookup,
// listCommands and `{ <command>: 1, help: true }` all read this one list.
import type { Document } from 'bson';
import { aggregateCommands } from './aggregate.js';
import { authenticationCommands, isOpenCommand } from './authentication.js';
import { bulkWriteCommands } from './bulk-write.js';
import { defineCommand, type CommandDefinition } from './command-definition.js';
import { countDistinctCommands } from './count-distinct.js';
import { deleteCommands } from './delete.js';
import { findAndModifyCommands } from './find-and-modify.js';
import { findCommands } from './find.js';
import { handshakeCommands } from './handshake.js';
import { indexCommands } from './indexes.js';
import { insertCommands } from './insert.js';
import { namespaceCommands } from './namespaces.js';
import { searchIndexCommands } from './search-indexes.js';
import { updateCommands } from './update.js';
import { validateCommands } from './validate.js';

function listCommandsReply(): Document {
  const commands: Document = {};
  for (const [name, definition] of [...byName].sort(([a], [b]) => a.localeCompare(b))) {
    commands[name] = {
      help: definition.help,
      requiresAuth: !isOpenCommand(name),
      secondaryOk: true,
      adminOnly: definition.adminOnly,
      apiVersions: [],
      deprecatedApiVersions: [],
    };
  }
  return { commands, ok: 1 };
}

const listCommands = defineCommand('listCommands', {
  help: 'every command this server answers, with its help',
  strict: false,
  fields: {},
  run: () => listCommandsReply(),
});

const definitions: readonly CommandDefinition[] = [
  ...handshakeCommands,
  ...authenticationCommands,
  ...namespaceCommands,
  ...indexCommands,
  ...insertCommands,
  ...findCommands,
  ...updateCommands,
  ...deleteCommands,
  ...bulkWriteCommands,
  ...searchIndexCommands,
  ...findAndModifyCommands,
  ...countDistinctCommands,
  ...aggregateCommands,
  ...validateCommands,
  listCommands,
];

const byName = new Map<string, CommandDefinition>();
for (const definition of definitions) {
  for (const name of [definition.name, ...definition.aliases]) {
    if (byName.has(name)) throw new Error(`command ${name} is declared twice`);
    byName.set(name, definition);
  }
}

/** The command answering to `name` (or an alias), if any. */
export function commandNamed(name: string): CommandDefinition | undefined {
  return byName.get(name);
}

/** Every name the engine answers to, aliases included. */
export const supportedCommands: readonly string[] = [...byName.keys()];

/** The reply to `{ <command>: 1, help: true }`, as mongod gives it. */
export function helpReply(name: string, definition: CommandDefinition): Document {
  return { help: `help for: ${name} ${definition.help}`, lockType: 0, ok: 1 };
}
