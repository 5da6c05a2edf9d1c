// Child-process entry: starts the embedded engine on the data directory given as argv[2], prints
// its URI as one JSON line, and closes it when stdin ends (the parent exited or asked it to stop).
// The engine runs out of the runner's process so that an engine stuck in synchronous work cannot
// freeze the runner's per-operation timers.
import { startEngine } from '../../src/engine/index.js';

const dataDir = process.argv[2];
if (dataDir === undefined) {
  console.error('usage: engine-process.ts <dataDir>');
  process.exit(2);
}

// Test commands on, as in mongod test deployments: the spec's failPoint operations need them.
const engine = await startEngine({ dataDir, testCommands: true });
process.stdout.write(`${JSON.stringify({ uri: engine.uri })}\n`);

process.stdin.resume();
process.stdin.on('end', () => {
  engine.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
