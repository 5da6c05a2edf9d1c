// `career db shard-plan`: the mongosh commands that shard career's collections on a sharded
// cluster, each with why its key (see services/shard-plan.ts). Prints, never runs them: a
// shard key is chosen once per collection, by whoever runs the cluster.
import type { Command } from 'commander';
import { chooseBackend } from '../../db/connect.js';
import { DEFAULT_DATABASE_NAME, databaseNameOf } from '../../db/uri.js';
import { shardCommands, shardPlan, type ShardPlanEntry } from '../../services/shard-plan.js';
import type { CommandContext } from '../context.js';
import type { JsonOf } from '../json.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';

export interface DbShardPlanOptions {
  globals: GlobalOptions;
}

/** the database, each collection's shard key (null: unsharded) and why, and the mongosh commands. */
export type DbShardPlanJson = JsonOf<{
  database: string;
  collections: ShardPlanEntry[];
  commands: string[];
}>;

export function shardPlanCommand(db: Command, context: CommandContext): Command {
  return db
    .command('shard-plan')
    .description('Print the sh.shardCollection(...) commands for a sharded cluster')
    .action((_flags: unknown, command: Command) =>
      run({ globals: globalOptions(command) }, context),
    );
}

export function run(options: DbShardPlanOptions, context: CommandContext): void {
  // Only the database's name is needed: nothing is connected to.
  const backend = chooseBackend({
    dbUri: options.globals.dbUri,
    env: context.env as NodeJS.ProcessEnv,
    paths: context.paths,
  });
  const database = backend.kind === 'mongodb' ? databaseNameOf(backend.uri) : DEFAULT_DATABASE_NAME;
  const collections = shardPlan();
  const commands = shardCommands(database, collections);
  if (options.globals.json) {
    context.out.printJson({ database, collections, commands } satisfies DbShardPlanJson);
    return;
  }
  context.out.printLine(
    `// Shard plan for database "${database}": run in mongosh against a mongos.`,
  );
  for (const line of commands) context.out.printLine(line);
}
