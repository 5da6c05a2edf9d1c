// Which key each of career's collections would be sharded on (`career db shard-plan`), read
// from the schemas so a collection added later is planned too. Every query of a user's
// records is scoped to that user (repositories add userId to each filter), so userId leads
// every shard key: a query then goes to the one shard holding that user's records.
//
// MongoDB enforces a unique index on a sharded collection only when the shard key is a
// prefix of it; on a hashed shard key it enforces none but _id's. Every per-user collection
// has a unique {userId, naturalKey} (or {userId, contactId}) index, so:
// - {userId: 1} (ranged) is a prefix of each, and the plan takes it;
// - {userId: 1, _id: 1} is not a prefix of {userId: 1, naturalKey: 1}: shardCollection refuses;
// - {userId: "hashed"} would spread new users' writes better, but refuses the unique index.
// A per-user collection without a unique index gets {userId: "hashed"}. A collection with a
// unique index that does not start with userId (users by email, sessions by token hash) stays
// unsharded, on the primary shard: it is small, and its uniqueness must hold across users.
import type { Document } from 'mongodb';
import type { DeclaredIndex } from '../db/backup/index-plan.js';
import { declaredCollections, isPerUserCollection } from '../repositories/declared-indexes.js';

export interface ShardPlanEntry {
  collection: string;
  /** The shard key, or null: left unsharded. */
  shardKey: Document | null;
  /** Why this key (or why none), in a sentence. */
  reason: string;
}

function keyText(key: Document): string {
  return `{${Object.entries(key)
    .map(([field, kind]) => `${field}: ${JSON.stringify(kind)}`)
    .join(', ')}}`;
}

function planFor(collection: string, declared: readonly DeclaredIndex[]): ShardPlanEntry {
  const uniques = declared.filter((index) => index.options.unique === true);
  const notPrefixed = uniques.filter((index) => Object.keys(index.key)[0] !== 'userId');
  if (!isPerUserCollection(collection)) {
    return { collection, shardKey: null, reason: 'not per user: small, kept on the primary shard' };
  }
  if (notPrefixed.length > 0) {
    return {
      collection,
      shardKey: null,
      reason: `the unique index ${notPrefixed.map((index) => keyText(index.key)).join(', ')} does not start with userId (it must hold across users): kept on the primary shard`,
    };
  }
  if (uniques.length > 0) {
    return {
      collection,
      shardKey: { userId: 1 },
      reason: `ranged on userId, a prefix of the unique ${uniques.map((index) => keyText(index.key)).join(', ')} (a hashed key or {userId: 1, _id: 1} is not)`,
    };
  }
  return {
    collection,
    shardKey: { userId: 'hashed' },
    reason: 'no unique index: hashed on userId spreads users evenly over the shards',
  };
}

/** The plan for every collection career declares, in the order of the schemas. */
export function shardPlan(): ShardPlanEntry[] {
  return Object.entries(declaredCollections()).map(([collection, declared]) =>
    planFor(collection, declared),
  );
}

/** The mongosh commands of the plan for database `database`, each with its reason. */
export function shardCommands(database: string, plan: readonly ShardPlanEntry[]): string[] {
  const lines = [`sh.enableSharding(${JSON.stringify(database)});`];
  for (const entry of plan) {
    const namespace = JSON.stringify(`${database}.${entry.collection}`);
    lines.push(
      entry.shardKey === null
        ? `// ${entry.collection}: unsharded: ${entry.reason}`
        : `sh.shardCollection(${namespace}, ${keyText(entry.shardKey)}); // ${entry.reason}`,
    );
  }
  return lines;
}
