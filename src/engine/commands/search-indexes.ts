// Atlas Search index commands: MongoDB without Atlas Search (as the engine is) refuses them with
// SearchNotEnabled, which is what drivers' and tools' tests expect of a non-Atlas server.
import { searchNotEnabled } from '../errors.js';
import { defineCommand } from './command-definition.js';
import type { CommandList } from './context.js';

const refuse = () => {
  throw searchNotEnabled();
};

/** Lenient: whatever the index definition, the answer is the same refusal. */
const refusal = (name: string) =>
  defineCommand(name, {
    help: 'Atlas Search only: refused (SearchNotEnabled)',
    strict: false,
    fields: {},
    run: refuse,
  });

export const searchIndexCommands: CommandList = [
  refusal('createSearchIndexes'),
  refusal('dropSearchIndex'),
  refusal('updateSearchIndex'),
];
