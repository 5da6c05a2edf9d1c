// `career apply ...`: applications, their status pipeline, notes, the board and interviews.
// Only wires the verbs: each lives in its own module (flags, typed options, `run`).
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { nounSummary } from '../index.js';
import { addCommand } from './add.js';
import { archiveCommand } from './archive.js';
import { boardCommand } from './board.js';
import { register as registerInterviews } from './interview/index.js';
import { linkCommand } from './link.js';
import { listCommand } from './list.js';
import { noteCommand } from './note.js';
import { offerCommand } from './offer.js';
import { offersCommand } from './offers.js';
import { removeCommand } from './remove.js';
import { showCommand } from './show.js';
import { statusCommand } from './status.js';
import { unlinkCommand } from './unlink.js';
import { unarchiveCommand } from './unarchive.js';
import { updateCommand } from './update.js';

export function register(program: Command, context: CommandContext): void {
  const apply = program.command('apply').description(nounSummary('apply'));
  const verbs = [
    addCommand,
    listCommand,
    showCommand,
    updateCommand,
    statusCommand,
    noteCommand,
    removeCommand,
    boardCommand,
    archiveCommand,
    unarchiveCommand,
    offerCommand,
    offersCommand,
    // People on applications (issue 15).
    linkCommand,
    unlinkCommand,
  ];
  for (const verb of verbs) verb(apply, context);
  registerInterviews(apply, context);
}
