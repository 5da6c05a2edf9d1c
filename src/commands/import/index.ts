// `career import FILE --type ...`: records from CSV, JSON, NDJSON or LinkedIn's exports. A noun
// without verbs: the command itself is in ./import-file.ts.
import type { Command } from 'commander';
import { keepMemoryFlat } from '../../services/import/memory.js';
import type { CommandContext } from '../context.js';
import { importFileCommand } from './import-file.js';

// Before the import's modules load (they are imported in the action): V8 sizes its young
// generation while they load, and an import's memory stays flat only if it stays small.
keepMemoryFlat();

export function register(program: Command, context: CommandContext): void {
  importFileCommand(program, context);
}
