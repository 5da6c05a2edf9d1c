// The roles a contact can have on an application (`apply link --role`, issue 15).
export const LINK_ROLES = [
  'recruiter',
  'referrer',
  'hiring-manager',
  'interviewer',
  'other',
] as const;

export type LinkRole = (typeof LINK_ROLES)[number];
