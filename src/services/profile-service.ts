// The profile: changing its fields (with the rules for name, email and skills) and deleting
// the whole account with every record that belongs to it.
import type { ProfileFields, UserProfile, UserRepositories } from '../repositories/index.js';
import { inTransactionIfSupported } from '../db/transactions.js';
import { ConflictError, UsageError } from '../domain/errors.js';
import { FieldError } from '../domain/field-error.js';
import { field, fieldList, say } from '../domain/phrases.js';
import { normaliseEmail } from './auth-service.js';
import type { Workspace } from './workspace.js';

export { GOAL_TYPES, NETWORKING_INTENSITIES, TIMEFRAMES } from '../repositories/index.js';

export interface SkillChanges {
  add?: string[];
  remove?: string[];
}

/** Trims the name and normalises the email; UsageError for an empty name or a bad email. */
export function cleanProfileFields(fields: ProfileFields): ProfileFields {
  const cleaned: ProfileFields = { ...fields };
  if (fields.name !== undefined) {
    cleaned.name = fields.name.trim();
    if (cleaned.name === '') {
      throw new FieldError({
        field: 'name',
        problem: 'invalid',
        detail: 'the name cannot be empty',
      });
    }
  }
  if (fields.email !== undefined) cleaned.email = normaliseEmail(fields.email);
  return cleaned;
}

/** The fields a profile update can change, as the "nothing to update" hint lists them. */
const PROFILE_CHANGES = [
  'name',
  'email',
  'currentTitle',
  'currentCompany',
  'goalType',
  'timeframe',
  'networkingIntensity',
  'skills',
  'addSkills',
  'removeSkills',
  'notifications',
  'emailUpdates',
];

function hasChanges(fields: ProfileFields, skills: SkillChanges): boolean {
  return (
    Object.values(fields).some((value) => value !== undefined) ||
    (skills.add?.length ?? 0) > 0 ||
    (skills.remove?.length ?? 0) > 0
  );
}

/** Applies the changes and returns the updated profile. */
export async function updateProfile(
  workspace: Workspace,
  user: UserProfile,
  changes: ProfileFields,
  skills: SkillChanges = {},
): Promise<UserProfile> {
  if (!hasChanges(changes, skills)) {
    throw new UsageError('nothing to update', {
      hint: say`pass at least one of ${fieldList(PROFILE_CHANGES, ' ')}`,
    });
  }
  if (changes.skills !== undefined && (skills.add !== undefined || skills.remove !== undefined)) {
    throw new UsageError(
      say`${field('skills')} replaces the list: use it without ${field('addSkills')}/${field('removeSkills')}`,
    );
  }
  const fields = cleanProfileFields(changes);
  const users = workspace.repositories.users;
  if (fields.email !== undefined && (await users.emailTaken(fields.email, user._id))) {
    throw new ConflictError(`another account already uses the email ${fields.email}`);
  }
  if (Object.values(fields).some((value) => value !== undefined)) {
    await users.updateProfile(user._id, fields);
  }
  if (skills.add && skills.add.length > 0) await users.addSkills(user._id, skills.add);
  if (skills.remove && skills.remove.length > 0) await users.removeSkills(user._id, skills.remove);
  const updated = await users.findProfile(user._id);
  if (!updated) throw new ConflictError('the account was deleted meanwhile');
  return updated;
}

export interface DeletionReport {
  jobs: number;
  applications: number;
  contacts: number;
  connections: number;
  activities: number;
  conversations: number;
  /** What `remind` had reminded the user of. */
  reminders: number;
  sessions: number;
  /** Whether the deletion ran as one transaction (all or nothing). */
  transaction: boolean;
}

/**
 * Deletes the account and everything it owns. Children go first and the user last, so
 * without a transaction an interrupted deletion leaves the account in place and
 * `career profile delete` can simply be run again.
 */
export async function deleteAccount(
  workspace: Workspace,
  user: UserProfile,
  data: UserRepositories,
): Promise<DeletionReport> {
  const { repositories, config } = workspace;
  const { result, transaction } = await inTransactionIfSupported(
    workspace.database.connection,
    async () => {
      const counts = {
        conversations: await data.conversations.removeAllForUser(),
        reminders: await data.reminders.removeAllForUser(),
        activities: await data.activities.removeAllForUser(),
        connections: await data.connections.removeAllForUser(),
        contacts: await data.contacts.removeAllForUser(),
        applications: await data.applications.removeAllForUser(),
        jobs: await data.jobs.removeAllForUser(),
        sessions: await repositories.sessions.removeAllFor(user._id),
      };
      await repositories.users.remove(user._id);
      return counts;
    },
  );
  config.unset('session.token');
  return { ...result, transaction };
}

/** The profile as shown to its owner: never the password hash or the lockout record. */
export function publicProfile(user: UserProfile): UserProfile {
  const shown: Record<string, unknown> = { ...user };
  delete shown.password;
  delete shown.security;
  return shown as UserProfile;
}
