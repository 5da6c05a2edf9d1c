// The application pipeline's vocabulary, defined once: the statuses in pipeline order, which
// of them mean the application was sent, what counts as a response, the funnel's stages and
// what stalled means. The schema's enum, the services' rules and the repositories' query
// pipelines all read these, so they cannot drift apart.

/** Every status an application can have, in pipeline order (the board's columns). */
export const APPLICATION_STATUSES = [
  'toApply',
  'applied',
  'interviewing',
  'offer',
  'rejected',
] as const;

export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/**
 * Whether moving from `from` to `to` goes back in the pipeline: to a status earlier in
 * APPLICATION_STATUSES (rejected is last, so leaving it is always a step back, and anything
 * to toApply is one). Such a move rewrites what happened, so it is confirmed first.
 */
export function isBackwardMove(from: string, to: string): boolean {
  const statuses: readonly string[] = APPLICATION_STATUSES;
  const [before, after] = [statuses.indexOf(from), statuses.indexOf(to)];
  return before >= 0 && after >= 0 && after < before;
}

/** The status of a new application when none is given: not sent yet. */
export const INITIAL_STATUS = 'toApply' satisfies ApplicationStatus;

/** The status an application has once sent (what `apply status ID applied` records). */
export const APPLIED_STATUS = 'applied' satisfies ApplicationStatus;

/** The status scheduling an interview moves an application to. */
export const INTERVIEWING_STATUS = 'interviewing' satisfies ApplicationStatus;

/** The dead end: reported beside the funnel's stages rather than as one. */
export const REJECTED_STATUS = 'rejected' satisfies ApplicationStatus;

/** The statuses of a sent application: everything after toApply. */
export const SENT_STATUSES: readonly ApplicationStatus[] = APPLICATION_STATUSES.filter(
  (status) => status !== INITIAL_STATUS,
);

/** Whether an application with this status has been sent. */
export function isSent(status: string): boolean {
  return (SENT_STATUSES as readonly string[]).includes(status);
}

/** The statuses that answer a sent application: its first move to one is its response. */
export const RESPONSE_STATUSES: readonly ApplicationStatus[] = [
  'interviewing',
  'offer',
  'rejected',
];

/** Statuses an interview moves an application on from (to interviewing). */
export const BEFORE_INTERVIEWING: readonly ApplicationStatus[] = ['toApply', 'applied'];

/** The funnel's stages, in pipeline order (rejected is reported beside them). */
export const FUNNEL_STAGES = ['toApply', 'applied', 'interviewing', 'offer'] as const;

export type FunnelStageName = (typeof FUNNEL_STAGES)[number];

/**
 * The funnel stage having had a status shows an application reached: a rejected one was
 * applied for (a rejection answers an application). Every application reaches toApply; one
 * with an application date reaches applied whatever its history says.
 */
export const STAGE_REACHED: Readonly<Record<ApplicationStatus, FunnelStageName>> = {
  toApply: 'toApply',
  applied: 'applied',
  interviewing: 'interviewing',
  offer: 'offer',
  rejected: 'applied',
};

/** The funnel stage an application with an application date has reached at least. */
export const DATED_STAGE: FunnelStageName = 'applied';

/** Sent applications still waiting for an outcome: the ones that can stall. */
export const WAITING_STATUSES: readonly ApplicationStatus[] = ['applied', 'interviewing'];

/** A waiting application with no activity (change, status, interview) for this many days is stalled. */
export const DEFAULT_STALLED_AFTER_DAYS = 14;
