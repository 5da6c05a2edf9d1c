// `career apply note`: append a dated line to the notes of an application.
import type { Command } from 'commander';
import { addNote, type ApplicationDocument } from '../../services/application-service.js';
import { shortId } from '../../ui/status-colours.js';
import { withPrintedIds } from '../../services/short-ids.js';
import type { CommandContext } from '../context.js';
import type { JsonOf } from '../json.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';
import { ID_ARGUMENT } from './shared.js';

export interface ApplyNoteOptions {
  globals: GlobalOptions;
  /** An application id or a unique prefix of one. */
  id: string;
  text: string;
}

/** `career apply note --json`: the application with the note added. */
export type ApplyNoteJson = JsonOf<ApplicationDocument>;

export function noteCommand(apply: Command, context: CommandContext): Command {
  return apply
    .command('note')
    .description('Append a dated line to the notes of an application')
    .argument('<id>', ID_ARGUMENT)
    .argument('<text>', 'the note')
    .action((id: string, text: string, _flags: unknown, command: Command) =>
      run({ globals: globalOptions(command), id, text }, context),
    );
}

export async function run(options: ApplyNoteOptions, context: CommandContext): Promise<void> {
  const [updated, ids] = await context.withSignedIn(
    { dbUri: options.globals.dbUri },
    async ({ data }) =>
      withPrintedIds(data, await addNote(data, options.id, options.text), (written) => ({
        application: [written._id],
      })),
  );
  if (options.globals.json) context.out.printJson(updated);
  else context.out.printSuccess(`Added a note to application ${shortId(updated._id, ids)}`);
}
