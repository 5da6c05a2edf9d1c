// Colour policy in one place: colour only for a terminal, and never when the user opted
// out (NO_COLOR, --no-color) - piped output and test snapshots must stay plain text.
import { Chalk, type ChalkInstance } from 'chalk';

let colourDisabled = false;

/** Called once the global options are parsed (--no-color). */
export function disableColour(): void {
  colourDisabled = true;
}

function colourLevelFor(stream: NodeJS.WriteStream): 0 | 1 | 2 | 3 {
  const env = process.env;
  if (colourDisabled || process.argv.includes('--no-color')) return 0;
  // https://no-color.org: any non-empty value disables colour.
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return 1;
  if (!stream.isTTY) return 0;
  const depth = stream.getColorDepth?.() ?? 1;
  if (depth >= 24) return 3;
  if (depth >= 8) return 2;
  return depth > 1 ? 1 : 0;
}

/** A chalk instance for stdout; ask again after option parsing, it is cheap. */
export function stdoutColours(): ChalkInstance {
  return new Chalk({ level: colourLevelFor(process.stdout) });
}

/** A chalk instance for stderr (errors, warnings), which may be a terminal when stdout is not. */
export function stderrColours(): ChalkInstance {
  return new Chalk({ level: colourLevelFor(process.stderr) });
}
