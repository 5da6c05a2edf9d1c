// `npm run test:replset`: a chosen subset of the suite against a one-member MongoMemoryReplSet
// (CAREER_TEST_BACKEND=mongodb-memory-replset): a real mongod with transactions, as a
// production replica set has them. mongodb-memory-server downloads no binary here (its install
// script is off, see package.json allowScripts), so this runs only with MONGOMS_SYSTEM_BINARY
// naming a mongod; without one it says so plainly and succeeds, so CI shows which it was.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** The files that talk to their database through a URI (isolatedDatabase), so can run on one. */
const SUITES = [
  'test/engine/driver.test.ts',
  'test/engine/mongodb-semantics-driver.test.ts',
  'test/engine/bulk-write.test.ts',
  'test/cli/concurrent-keys.test.ts',
  'test/cli/db-indexes.test.ts',
];

const binary = process.env.MONGOMS_SYSTEM_BINARY;
if (binary === undefined || binary === '') {
  console.log('MongoMemoryReplSet path: skipped: MONGOMS_SYSTEM_BINARY not set');
  process.exit(0);
}
if (!existsSync(binary)) {
  console.error(`MongoMemoryReplSet path: failed: MONGOMS_SYSTEM_BINARY ${binary} does not exist`);
  process.exit(1);
}
const result = spawnSync(
  'npx',
  ['vitest', 'run', '--maxWorkers=1', '--testTimeout=180000', '--hookTimeout=180000', ...SUITES],
  { stdio: 'inherit', env: { ...process.env, CAREER_TEST_BACKEND: 'mongodb-memory-replset' } },
);
const passed = result.status === 0;
console.log(
  `MongoMemoryReplSet path: ran (${binary}): ${passed ? 'passed' : `failed (exit ${result.status})`}`,
);
process.exit(passed ? 0 : 1);
