// `career db ...`: which database career uses and what is in it. Only wires the verbs: each
// lives in its own module (flags, a typed options object, `run(options, context)`).
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { nounSummary } from '../index.js';
import { indexesCommand } from './indexes.js';
import { migrateCommand } from './migrate.js';
import { serveCommand } from './serve.js';
import { shardPlanCommand } from './shard-plan.js';
import { statusCommand } from './status.js';
import { useCommand } from './use.js';

export function register(program: Command, context: CommandContext): void {
  const db = program.command('db').description(nounSummary('db'));
  for (const verb of [
    statusCommand,
    useCommand,
    serveCommand,
    migrateCommand,
    indexesCommand,
    shardPlanCommand,
  ]) {
    verb(db, context);
  }
}
