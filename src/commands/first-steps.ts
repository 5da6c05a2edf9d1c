// What a new account sees instead of empty charts and lists: the first commands to run.
import type { Printer } from '../ui/output.js';

const FIRST_STEPS = [
  'career apply add --company ACME --title Engineer',
  'career contact add --name "Grace Hopper"',
  'career learn add --title "..." --type course',
] as const;

/** `intro` ("Nothing to count yet."), then the first commands to run, one a line. */
export function printFirstSteps(out: Printer, intro: string): void {
  out.printLine(`${intro} Start with:`);
  for (const command of FIRST_STEPS) out.printLine(`  ${command}`);
}
