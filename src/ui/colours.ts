// Colour policy in one place: colour only for a terminal, and never when the user opted
// out (NO_COLOR, --no-color, the `color` setting at never) - piped output and test snapshots
// must stay plain text unless asked for (FORCE_COLOR, `color` at always). The
// level is decided once per run, per stream, when the io is built (see src/cli.ts); there is
// no module-level colour state.
import { Chalk, type ChalkInstance } from 'chalk';
import type { ColourChoice } from '../domain/output-choices.js';
import type { ColourLevel, OutputStream } from './io.js';

export interface ColourInputs {
  env: Readonly<Record<string, string | undefined>>;
  isTerminal: boolean;
  /** The terminal's colour depth in bits (tty.WriteStream.getColorDepth()), when known. */
  colourDepth: number | undefined;
  /** --no-color was given. */
  noColourFlag: boolean;
  /** The `color` setting (auto by default): the flag and the variables above win over it. */
  setting?: ColourChoice;
}

/** The colour level of one stream. */
export function colourLevel(inputs: ColourInputs): ColourLevel {
  const { env } = inputs;
  if (inputs.noColourFlag) return 0;
  // https://no-color.org: any non-empty value disables colour.
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return 1;
  if (inputs.setting === 'never') return 0;
  // always: colour in a pipe too, at the terminal's depth (at least the basic colours).
  if (inputs.setting === 'always') return inputs.isTerminal ? depthLevel(inputs.colourDepth, 1) : 1;
  if (!inputs.isTerminal) return 0;
  return depthLevel(inputs.colourDepth, 0);
}

function depthLevel(colourDepth: number | undefined, least: ColourLevel): ColourLevel {
  const depth = colourDepth ?? 1;
  if (depth >= 24) return 3;
  if (depth >= 8) return 2;
  return depth > 1 ? 1 : least;
}

/** A chalk instance for one stream of an io (cheap: make one where needed). */
export function coloursFor(stream: OutputStream): ChalkInstance {
  return new Chalk({ level: stream.colourLevel });
}
