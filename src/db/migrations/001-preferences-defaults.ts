// Migration 1 (from the seed): users stored without preferences get the defaults.
import type { Migration } from './migration.js';

export const preferencesDefaults: Migration = {
  version: 1,
  name: 'preferences-defaults',
  description: 'give users without preferences {notifications: true, emailUpdates: true}',
  pending: (repositories) => repositories.users.countMissingPreferences(),
  anyPending: (repositories) => repositories.users.anyMissingPreferences(),
  up: (repositories) => repositories.users.fillMissingPreferences(),
};
