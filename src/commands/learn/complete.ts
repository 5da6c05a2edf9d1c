// `career learn complete`: mark a learning activity as completed, and offer its new skills to
// the profile.
import type { Command } from 'commander';
import {
  addSkillsToProfile,
  completeActivity,
  skillsNotInProfile,
  type ActivityDocument,
} from '../../services/learning-service.js';
import type { SignedIn } from '../../services/workspace.js';
import { withPrintedIds } from '../../services/short-ids.js';
import type { CommandContext } from '../context.js';
import type { JsonOf } from '../json.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';
import {
  confirmLikelyDate,
  DATE_FIELDS,
  optionalDateFlag,
  printDateLines,
} from '../options/dates.js';
import { printWritten } from './fields.js';

export interface LearnCompleteOptions {
  globals: GlobalOptions;
  /** An activity id or a unique prefix of one. */
  id: string;
  /** When you finished (now by default). */
  date: Date | undefined;
  certificate: string | undefined;
  /** true: add the new skills without asking; false: never; undefined: ask at a terminal. */
  addSkills: boolean | undefined;
}

/** `career learn complete --json`: the activity, completed. */
export type LearnCompleteJson = JsonOf<ActivityDocument>;

interface CompleteFlags {
  date?: string;
  certificate?: string;
  addSkills?: boolean;
}

export function completeCommand(learn: Command, context: CommandContext): Command {
  return learn
    .command('complete')
    .description('Mark a learning activity as completed (and add its skills to your profile)')
    .argument('<id>', 'its id or a unique prefix (4+ characters)')
    .option('--date <date>', 'when you finished (default: now)')
    .option('--certificate <url>', 'link to the certificate')
    .option('--add-skills', "add the activity's skills to your profile without asking")
    .option('--no-add-skills', 'leave your profile as it is (and do not ask)')
    .action((id: string, flags: CompleteFlags, command: Command) =>
      run(
        {
          globals: globalOptions(command),
          id,
          date: optionalDateFlag(context, flags.date, DATE_FIELDS.completion),
          certificate: flags.certificate,
          addSkills: flags.addSkills,
        },
        context,
      ),
    );
}

export async function run(options: LearnCompleteOptions, context: CommandContext): Promise<void> {
  await confirmLikelyDate(context, DATE_FIELDS.completion, options.date);
  await context.withSignedIn({ dbUri: options.globals.dbUri }, async (session) => {
    const { date, certificate } = options;
    const activity = await completeActivity(
      session.data,
      options.id,
      {
        ...(date ? { date } : {}),
        ...(certificate !== undefined ? { certificateUrl: certificate } : {}),
      },
      context.clock.now(),
    );
    const [, ids] = await withPrintedIds(session.data, activity, (each) => ({
      activity: [each._id],
    }));
    printWritten(context, options.globals.json, activity, 'Completed', ids);
    if (!options.globals.json) {
      printDateLines(context, [[DATE_FIELDS.completion, activity.completionDate]]);
    }
    await offerSkills(session, activity, options, context);
  });
}

async function offerSkills(
  { user, workspace }: SignedIn,
  activity: ActivityDocument,
  options: LearnCompleteOptions,
  { out, prompts }: CommandContext,
): Promise<void> {
  const newSkills = skillsNotInProfile(activity, user);
  if (newSkills.length === 0 || options.addSkills === false) return;
  const question = `Add ${newSkills.join(', ')} to your profile's skills?`;
  const add =
    options.addSkills === true || (prompts.canPrompt() && (await prompts.askYesNo(question, true)));
  if (!add) {
    out.printNote(
      `Not added to your profile: ${newSkills.join(', ')}. To add them, run ` +
        `\`career learn complete ${activity._id.toHexString()} --add-skills\`.`,
    );
    return;
  }
  const added = await addSkillsToProfile(workspace.repositories.users, user, activity);
  const message = `Added to your profile's skills: ${added.join(', ')}`;
  // With --json, stdout holds only the document.
  if (options.globals.json) out.printNote(message);
  else out.printSuccess(message);
}
