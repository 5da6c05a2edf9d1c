// Archive (issue 15): applications and connections filed away with the date they were
// (`archivedAt`), restorable, never moved. By id (`archive ID...`, `unarchive ID...`) or in
// bulk: every active one in some statuses whose status last changed more than a span ago.
import type { Types } from 'mongoose';
import type { UserRepositories } from '../repositories/index.js';
import type { ApplicationDocument } from '../repositories/application-repository.js';
import type { ArchiveChange } from '../repositories/archive-filters.js';
import {
  CONNECTION_STATUSES,
  type ConnectionStatus,
} from '../repositories/connection-repository.js';
import { UsageError } from '../domain/errors.js';
import { FieldError } from '../domain/field-error.js';
import { field, say } from '../domain/phrases.js';
import { matchChoice } from '../domain/choices.js';
import { parseDuration } from '../domain/durations.js';
import { parseStatus, withJobs, type ApplicationWithJob } from './application-service.js';
import { withContacts, type ConnectionWithContact } from './connection-service.js';
import type { ApplicationStatus } from '../domain/pipeline.js';

/** What `archive ID...` and `unarchive ID...` did: the records changed and those left as they were. */
export interface ArchiveOutcome<T> {
  changed: T[];
  /** Already archived (for archive) or not archived (for unarchive): nothing to do. */
  unchanged: T[];
}

/** `archive --status S[,S...] [--older-than SPAN] [--dry-run]`, as typed. */
export interface BulkArchiveInput {
  statuses: string;
  olderThan?: string;
  dryRun: boolean;
}

/** What a bulk archive archived (or, in a dry run, would archive). */
export interface BulkArchiveOutcome<T> {
  dryRun: boolean;
  statuses: string[];
  /** The last status change must be before this (null: any age). */
  before: Date | null;
  records: T[];
}

/** The statuses of a comma-separated list, each read as every choice is. */
function statusList<S extends string>(text: string, parse: (value: string) => S): S[] {
  const parts = text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  if (parts.length === 0) throw new FieldError({ field: 'status', problem: 'missing' });
  return [...new Set(parts.map((part) => parse(part)))];
}

/** `now` less the span `text` names (`90d`, `12w`, `3m`...). */
export function cutoffBefore(text: string, now: Date): Date {
  const span = parseDuration(text.replace(/^(\d+)\s*m$/i, '$1mo'));
  if (span === undefined || span.days + span.months === 0) {
    throw new FieldError({
      field: 'olderThan',
      problem: 'must-be',
      detail: 'a span such as 90d, 12w or 3mo',
      value: text,
    });
  }
  const before = new Date(now);
  before.setMonth(before.getMonth() - span.months);
  before.setDate(before.getDate() - span.days);
  return before;
}

async function resolveAll(
  ids: readonly string[],
  resolve: (id: string) => Promise<Types.ObjectId>,
): Promise<Types.ObjectId[]> {
  if (ids.length === 0)
    throw new UsageError('name at least one id, or pass a status to archive by');
  const resolved = new Map<string, Types.ObjectId>();
  for (const id of ids) {
    const full = await resolve(id);
    resolved.set(full.toHexString(), full);
  }
  return [...resolved.values()];
}

/** The records among `all` with these ids, in the order of `ids`. */
function pick<T extends { _id: Types.ObjectId }>(
  all: readonly T[],
  ids: readonly Types.ObjectId[],
): T[] {
  const byId = new Map(all.map((record) => [record._id.toHexString(), record]));
  return ids.flatMap((id) => byId.get(id.toHexString()) ?? []);
}

async function applicationsWithJobs(
  data: UserRepositories,
  applications: readonly ApplicationDocument[],
): Promise<ApplicationWithJob[]> {
  const jobIds = [...new Map(applications.map((a) => [a.jobId.toHexString(), a.jobId])).values()];
  return withJobs(applications, await data.jobs.findByIds(jobIds));
}

/** The records' ids partitioned as setArchived would (a dry run changes nothing). */
function wouldChange(
  records: ReadonlyArray<{ _id: Types.ObjectId; archivedAt?: Date | null }>,
  restoring: boolean,
): ArchiveChange {
  const isArchived = (record: { archivedAt?: Date | null }) => Boolean(record.archivedAt);
  return {
    changed: records.filter((r) => isArchived(r) === restoring).map((r) => r._id),
    unchanged: records.filter((r) => isArchived(r) !== restoring).map((r) => r._id),
  };
}

/** What `archive|unarchive ID...` asks: the ids, archive (`at` a date) or restore (null). */
export interface NamedArchiveInput {
  ids: readonly string[];
  at: Date | null;
  dryRun: boolean;
}

/** Archives or restores the applications named (in a dry run, says what it would do). */
export async function setApplicationsArchived(
  data: UserRepositories,
  input: NamedArchiveInput,
): Promise<ArchiveOutcome<ApplicationWithJob>> {
  const resolved = await resolveAll(input.ids, (id) => data.applications.resolveId(id));
  const change = input.dryRun
    ? wouldChange(await data.applications.findByIds(resolved), input.at === null)
    : await data.applications.setArchived(resolved, input.at);
  const records = await applicationsWithJobs(data, await data.applications.findByIds(resolved));
  return { changed: pick(records, change.changed), unchanged: pick(records, change.unchanged) };
}

/** Archives or restores the connections named (in a dry run, says what it would do). */
export async function setConnectionsArchived(
  data: UserRepositories,
  input: NamedArchiveInput,
): Promise<ArchiveOutcome<ConnectionWithContact>> {
  const resolved = await resolveAll(input.ids, (id) => data.connections.resolveId(id));
  const change = input.dryRun
    ? wouldChange(await data.connections.findByIds(resolved), input.at === null)
    : await data.connections.setArchived(resolved, input.at);
  const records = await withContacts(data, await data.connections.findByIds(resolved));
  return { changed: pick(records, change.changed), unchanged: pick(records, change.unchanged) };
}

/** The bulk archive's statuses and cutoff, checked. */
function bulkCriteria<S extends string>(
  input: BulkArchiveInput,
  parse: (value: string) => S,
  now: Date,
): { statuses: S[]; before: Date | null } {
  const statuses = statusList(input.statuses, parse);
  const before = input.olderThan === undefined ? null : cutoffBefore(input.olderThan, now);
  return { statuses, before };
}

/**
 * Archives, stamped `now`, every active application in the statuses whose status last changed
 * before the cutoff (see ApplicationRepository.findStale); with dryRun, only lists them.
 */
export async function archiveStaleApplications(
  data: UserRepositories,
  input: BulkArchiveInput,
  now: Date,
): Promise<BulkArchiveOutcome<ApplicationWithJob>> {
  const { statuses, before } = bulkCriteria<ApplicationStatus>(input, parseStatus, now);
  const cutoff = before ?? now;
  let found: ApplicationDocument[];
  if (input.dryRun) found = await data.applications.findStale(statuses, cutoff);
  else {
    const ids = await data.applications.archiveStale(statuses, cutoff, now);
    found = await data.applications.findByIds(ids);
  }
  return {
    dryRun: input.dryRun,
    statuses,
    before,
    records: await applicationsWithJobs(data, found),
  };
}

/** Like archiveStaleApplications, for connections (their last change: any update). */
export async function archiveStaleConnections(
  data: UserRepositories,
  input: BulkArchiveInput,
  now: Date,
): Promise<BulkArchiveOutcome<ConnectionWithContact>> {
  const parse = (value: string): ConnectionStatus =>
    matchChoice(value, CONNECTION_STATUSES, 'status');
  const { statuses, before } = bulkCriteria(input, parse, now);
  const cutoff = before ?? now;
  const found = input.dryRun
    ? await data.connections.findStale(statuses, cutoff)
    : await data.connections.findByIds(await data.connections.archiveStale(statuses, cutoff, now));
  return { dryRun: input.dryRun, statuses, before, records: await withContacts(data, found) };
}

/** How many applications and connections are archived. */
export interface ArchivedCounts {
  applications: number;
  connections: number;
}

export async function archivedCounts(data: UserRepositories): Promise<ArchivedCounts> {
  const [applications, connections] = await Promise.all([
    data.applications.countArchived(),
    data.connections.countArchived(),
  ]);
  return { applications, connections };
}

/** The usage error for ids and a status together, or neither. */
export function bulkOrIds(ids: readonly string[], statuses: string | undefined): 'ids' | 'bulk' {
  if (ids.length > 0 && statuses !== undefined) {
    throw new UsageError(say`give ids or ${field('status')}, not both`);
  }
  if (ids.length === 0 && statuses === undefined) {
    throw new UsageError(say`name the ids to archive, or pass ${field('status')} to archive by`, {
      hint: say`e.g. ${field('status')} rejected ${field('olderThan')} 90d ${field('dryRun')}`,
    });
  }
  return ids.length > 0 ? 'ids' : 'bulk';
}
