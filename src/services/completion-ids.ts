// The ids shell completion offers: the signed-in user's newest records of one kind, read
// with one query each (src/commands/completion).
import type { UserRepositories } from '../repositories/index.js';

/** The kinds of record an ID argument can name. */
export type CompletionIdKind =
  | 'application'
  | 'interview'
  | 'job'
  | 'contact'
  | 'connection'
  | 'follow-up'
  | 'learning activity';

/** How many ids a completion offers at most (the newest). */
export const COMPLETION_ID_LIMIT = 200;

export function completionIds(data: UserRepositories, kind: CompletionIdKind): Promise<string[]> {
  const limit = COMPLETION_ID_LIMIT;
  switch (kind) {
    case 'application':
      return data.applications.recentIds(limit);
    case 'interview':
      return data.applications.recentIds(limit, 'interviews');
    case 'job':
      return data.jobs.recentIds(limit);
    case 'contact':
      return data.contacts.recentIds(limit);
    case 'connection':
      return data.connections.recentIds(limit);
    case 'follow-up':
      return data.connections.recentIds(limit, 'followUps');
    case 'learning activity':
      return data.activities.recentIds(limit);
  }
}
