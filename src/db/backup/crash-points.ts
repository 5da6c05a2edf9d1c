// TEST-ONLY: named points in a restore where the tests kill the process, to prove that a
// kill -9 at any moment leaves the data wholly old or wholly new. With CAREER_TEST_CRASH_AT
// set to a point's name, the process sends itself SIGKILL there (no cleanup, no finally, no
// exit handlers: exactly a kill -9). Unset, which is every real run, this does nothing.
//
//   load          the first batch is in a staging collection
//   switch-start  the journal says "switching"; nothing renamed yet
//   switch-middle one collection renamed into place, the others not yet
//   switch-end    every collection renamed and the others dropped; the journal still there
//   update        the journal says "updating": indexes and migrations not run yet
export type CrashPoint = 'load' | 'switch-start' | 'switch-middle' | 'switch-end' | 'update';

const CRASH_AT_VARIABLE = 'CAREER_TEST_CRASH_AT';

export function crashPoint(point: CrashPoint): void {
  if (process.env[CRASH_AT_VARIABLE] === point) process.kill(process.pid, 'SIGKILL');
}
