// Whether an account has tracked anything yet: a new account's agenda and stats have
// nothing to show, and say what to do first instead of printing zeros.
import type { UserRepositories } from '../repositories/index.js';

/** True when the user has no application, connection (follow-ups) or learning activity. */
export async function tracksNothingYet(data: UserRepositories): Promise<boolean> {
  const found = await Promise.all([
    data.applications.hasAny(),
    data.connections.hasAny(),
    data.activities.hasAny(),
  ]);
  return !found.includes(true);
}
