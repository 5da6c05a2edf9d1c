// The week at a glance, for `digest` (printed, or mailed): the agenda of the days ahead, this
// week's progress against the targets, the applications sent since a day (a week ago by
// default), the stalled ones, and the open offers with their deadlines. Everything is read
// through the agenda's and the targets' own queries, so the digest says what they say.
import type { CareerConfig } from '../db/config.js';
import { daysBetween } from '../domain/dates.js';
import { FieldError } from '../domain/field-error.js';
import type { UserProfile, UserRepositories } from '../repositories/index.js';
import {
  buildAgenda,
  DEFAULT_AGENDA_DAYS,
  DEFAULT_STALLED_AFTER_DAYS,
  type AgendaItem,
} from './agenda-service.js';
import { weeklyStatus, type WeeklyStatus } from './targets-service.js';

/** The digest looks back this many days by default (and the agenda as far ahead). */
export const DEFAULT_DIGEST_DAYS = 7;
const DAY_MS = 24 * 3600 * 1000;

/** An application sent in the digest's span. */
export interface DigestApplication {
  id: string;
  title: string;
  company: string;
  status: string;
  applicationDate?: Date;
}

/** An open offer, with how many days are left to answer. */
export interface DigestOffer {
  applicationId: string;
  title: string;
  company: string;
  base: number;
  currency: string;
  period: string;
  deadline?: Date;
  /** Days from today to the deadline (negative: passed), when there is one. */
  daysLeft?: number;
}

export interface Digest {
  generatedAt: Date;
  /** The applications section starts here. */
  since: Date;
  /** The person the digest is for. */
  name: string;
  email: string;
  /** The profile's preference: whether the person wants mail from career. */
  emailUpdates: boolean;
  week: WeeklyStatus;
  /** Follow-ups, interviews, late learning and people to keep in touch with, most urgent first. */
  agenda: AgendaItem[];
  newApplications: DigestApplication[];
  stalled: AgendaItem[];
  offers: DigestOffer[];
}

export interface DigestOptions {
  now: Date;
  /** Where the applications section starts (default: DEFAULT_DIGEST_DAYS days before now). */
  since?: Date;
  stalledAfterDays?: number;
}

/** The sections the agenda's items go to (stalled and offers have sections of their own). */
const OWN_SECTIONS = new Set<AgendaItem['kind']>(['stalled', 'offer']);

export async function buildDigest(
  data: UserRepositories,
  user: UserProfile,
  config: CareerConfig,
  options: DigestOptions,
): Promise<Digest> {
  const { now } = options;
  const since = options.since ?? new Date(now.getTime() - DEFAULT_DIGEST_DAYS * DAY_MS);
  if (since.getTime() > now.getTime()) {
    throw new FieldError({ field: 'since', problem: 'must-be', detail: 'a day in the past' });
  }
  const [agenda, week, sent, offers] = await Promise.all([
    buildAgenda(data, {
      days: DEFAULT_AGENDA_DAYS,
      stalledAfterDays: options.stalledAfterDays ?? DEFAULT_STALLED_AFTER_DAYS,
      now,
    }),
    weeklyStatus(data, user, config, now),
    data.applications.findAll({ since, until: now }),
    data.offers.open(),
  ]);
  const jobs = new Map(
    (await data.jobs.findByIds([...new Set(sent.map((each) => each.jobId))])).map((job) => [
      job._id.toHexString(),
      job,
    ]),
  );
  const newApplications = sent
    .map((application): DigestApplication => {
      const job = jobs.get(application.jobId.toHexString());
      return {
        id: application._id.toHexString(),
        title: job?.title ?? '(removed job)',
        company: job?.company ?? '',
        status: application.status,
        ...(application.applicationDate ? { applicationDate: application.applicationDate } : {}),
      };
    })
    .sort(
      (a, b) =>
        (a.applicationDate?.getTime() ?? 0) - (b.applicationDate?.getTime() ?? 0) ||
        a.id.localeCompare(b.id),
    );
  return {
    generatedAt: now,
    since,
    name: user.name,
    email: user.email,
    emailUpdates: user.preferences?.emailUpdates !== false,
    week,
    agenda: agenda.items.filter((item) => !OWN_SECTIONS.has(item.kind)),
    newApplications,
    stalled: agenda.items.filter((item) => item.kind === 'stalled'),
    offers: offers
      .map((row): DigestOffer => {
        const deadline = row.offer.deadline ?? undefined;
        return {
          applicationId: row.applicationId.toHexString(),
          title: row.title ?? '(removed job)',
          company: row.company ?? '',
          base: row.offer.base,
          currency: row.offer.currency,
          period: row.offer.period ?? 'year',
          ...(deadline ? { deadline, daysLeft: daysBetween(now, deadline) } : {}),
        };
      })
      // Soonest deadline first; offers without one last.
      .sort(
        (a, b) =>
          (a.deadline?.getTime() ?? Infinity) - (b.deadline?.getTime() ?? Infinity) ||
          a.applicationId.localeCompare(b.applicationId),
      ),
  };
}
