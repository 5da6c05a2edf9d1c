// The wizard's questions: every profile field the flags left out, with the current values as
// defaults when a profile is being updated.
import { parseList } from '../../domain/choices.js';
import type { ProfileFields, UserProfile } from '../../repositories/index.js';
import { GOAL_TYPES, NETWORKING_INTENSITIES, TIMEFRAMES } from '../../services/profile-service.js';
import type { CommandContext } from '../context.js';

export async function askProfile(
  given: ProfileFields,
  current: UserProfile | undefined,
  context: CommandContext,
): Promise<ProfileFields> {
  const { prompts } = context;
  const fields: ProfileFields = { ...given };
  if (current && fields.name === undefined) {
    fields.name = await prompts.askWithDefault('Your name:', current.name, { required: true });
  }
  fields.currentTitle ??= optional(
    await prompts.askWithDefault('Current job title (optional):', current?.currentTitle ?? ''),
  );
  fields.currentCompany ??= optional(
    await prompts.askWithDefault('Current company (optional):', current?.currentCompany ?? ''),
  );
  fields.goalType ??= await prompts.choose('Your goal:', GOAL_TYPES, current?.goalType);
  fields.timeframe ??= await prompts.choose('Timeframe:', TIMEFRAMES, current?.timeframe);
  fields.networkingIntensity ??= await prompts.choose(
    'Networking intensity:',
    NETWORKING_INTENSITIES,
    current?.networkingIntensity ?? 'moderate',
  );
  fields.skills ??= parseList(
    await prompts.askWithDefault('Skills (comma-separated):', current?.skills.join(', ') ?? ''),
  );
  fields.preferences = await askPreferences(fields.preferences, current, context);
  return fields;
}

async function askPreferences(
  given: ProfileFields['preferences'],
  current: UserProfile | undefined,
  context: CommandContext,
): Promise<NonNullable<ProfileFields['preferences']>> {
  const preferences = { ...given };
  preferences.notifications ??= await context.prompts.askYesNo(
    'Notifications?',
    current?.preferences?.notifications ?? true,
  );
  preferences.emailUpdates ??= await context.prompts.askYesNo(
    'Email updates?',
    current?.preferences?.emailUpdates ?? true,
  );
  return preferences;
}

/** An optional answer left empty is not set at all. */
function optional(answer: string): string | undefined {
  return answer.trim() === '' ? undefined : answer.trim();
}
