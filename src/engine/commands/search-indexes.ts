// Atlas Search index commands: MongoDB without Atlas Search (as the engine is) refuses them with
// SearchNotEnabled, which is what drivers' and tools' tests expect of a non-Atlas server.
import { searchNotEnabled } from '../errors.js';
import type { CommandTable } from './context.js';

const refuse = () => {
  throw searchNotEnabled();
};

export const searchIndexCommands: CommandTable = {
  createSearchIndexes: refuse,
  dropSearchIndex: refuse,
  updateSearchIndex: refuse,
};
