// Connection records of one user and their follow-ups. Every query is scoped to that user
// (see OwnedRepository); a follow-up is changed in place with a positional update whose
// filter names the user, the connection and the follow-up, so the change is atomic.
import { Types, type InferRawDocTypeFromSchema, type Model } from 'mongoose';
import { mongoose } from '../db/mongoose.js';
import {
  CONNECTION_STATUSES,
  CONNECTION_TYPES,
  type ConnectionRecord,
  type connectionSchema,
} from '../models/index.js';
import { inRange, ownedLookup, ownedMatch, perWeekStages, type WeekCount } from './aggregation.js';
import { RecordNotFoundError } from '../domain/errors.js';
import { resolveOwnedId } from './ids.js';
import type { IdLengths } from '../domain/short-ids.js';
import type { ListQuery, Page } from './list-query.js';
import { OwnedRepository } from './owned-repository.js';
import type { WithId } from './records.js';
import {
  active,
  archiveState,
  archiveWhere,
  setArchived,
  type ArchiveChange,
} from './archive-filters.js';

// Re-exported so services (and through them commands) never import the models.
export { CONNECTION_STATUSES, CONNECTION_TYPES };
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number];
export type ConnectionType = (typeof CONNECTION_TYPES)[number];

type ConnectionRaw = InferRawDocTypeFromSchema<typeof connectionSchema>;

/** A follow-up as stored in its connection (see records.ts). */
export type FollowUpDocument = WithId<ConnectionRaw['followUps'][number]>;

/** A connection as stored (a lean document), derived from its schema. */
export type ConnectionDocument = Omit<ConnectionRaw, 'followUps'> & {
  followUps: FollowUpDocument[];
};

export interface NewConnection {
  contactId: Types.ObjectId;
  status: ConnectionStatus;
  type: ConnectionType;
  notes?: string;
  cadenceDays?: number;
}

export interface ConnectionChanges {
  status?: ConnectionStatus;
  type?: ConnectionType;
  notes?: string;
  /** Days between contacts; null removes the cadence. */
  cadenceDays?: number | null;
}

export interface NewFollowUp {
  type: string;
  dueDate: Date;
  notes?: string;
  /** A recurring follow-up's step, and whether it counts from the completion. */
  every?: { days: number; months: number };
  fromDone?: boolean;
}

/** `connect list` filters. */
export interface ConnectionFilter {
  status?: ConnectionStatus;
  type?: ConnectionType;
  /** Only connections with an open follow-up due at or before this time. */
  openFollowUpDueBy?: Date;
  /** Only archived connections (else only those not archived). */
  archived?: boolean;
}

/** Follow-ups per ISO week: completed (by completedAt) and due (by dueDate, done or not). */
export interface FollowUpWeeks {
  completed: WeekCount[];
  due: WeekCount[];
}

/** An open follow-up with what a calendar event needs from its connection and contact. */
export type FollowUpEventRow = Pick<ConnectionDocument, 'updatedAt'> & {
  connectionId: Types.ObjectId;
  followUp: FollowUpDocument;
  /** The contact's name and company (absent when the contact is gone). */
  contactName?: string;
  contactCompany?: string;
};

/** A connection due a keep-in-touch contact, as the agenda reads it (see keepInTouchDue). */
export interface KeepInTouchRow {
  _id: Types.ObjectId;
  contactId: Types.ObjectId;
  type: ConnectionType;
  cadenceDays: number;
  /** The latest completed follow-up, or the connection's creation if none. */
  lastContactAt: Date;
  /** lastContactAt + cadenceDays. */
  dueAt: Date;
}

const DAY_MS = 24 * 3600 * 1000;

// The contacts collection, joined for the contact's name (Mongoose's name for the Contact model).
const CONTACTS_COLLECTION = 'contacts';

// An open follow-up: `completed` defaults to false, but be lenient with older documents.
const OPEN = { completed: { $ne: true } };

/** Active connections in `statuses` whose last change (any write) is older than `before`. */
function staleConnections(
  statuses: readonly ConnectionStatus[],
  before: Date,
): Record<string, unknown> {
  return {
    status: mongoose.trusted({ $in: [...statuses] }),
    updatedAt: mongoose.trusted({ $lt: before }),
    ...active(),
  };
}

export class ConnectionRepository extends OwnedRepository<ConnectionRecord> {
  constructor(model: Model<ConnectionRecord>, userId: Types.ObjectId) {
    super(model, userId, { noun: 'connection' });
  }

  /** A new connection (connections have no natural key: the unique index is on the contact). */
  create(fields: NewConnection): Promise<ConnectionDocument> {
    return this.createKeyed<ConnectionDocument>(fields);
  }

  /** How many characters each follow-up id needs to name one of this user's follow-ups. */
  followUpIdLengths(ids: readonly Types.ObjectId[]): Promise<IdLengths> {
    return this.embeddedIdLengths('followUps', ids);
  }

  findById(id: Types.ObjectId): Promise<ConnectionDocument | null> {
    return this.findOwnedById<ConnectionDocument>(id);
  }

  /** The connection to a contact (there is at most one per contact). */
  findByContact(contactId: Types.ObjectId): Promise<ConnectionDocument | null> {
    return this.model.findOne(this.owned({ contactId })).lean<ConnectionDocument>();
  }

  list(filter: ConnectionFilter, query: ListQuery): Promise<Page<ConnectionDocument>> {
    const conditions: Record<string, unknown> = archiveState(filter.archived);
    if (filter.status !== undefined) conditions.status = filter.status;
    if (filter.type !== undefined) conditions.type = filter.type;
    if (filter.openFollowUpDueBy !== undefined) {
      // Our own operators around a Date we computed: trusted, so sanitizeFilter keeps them.
      conditions.followUps = mongoose.trusted({
        $elemMatch: { ...OPEN, dueDate: { $lte: filter.openFollowUpDueBy } },
      });
    }
    return this.listPage<ConnectionDocument>(conditions, query);
  }

  /**
   * Connections that have follow-ups, for the follow-up list: one (archived or not), or all of
   * this user's not archived (with `archived`, all of those archived).
   */
  withFollowUps(connectionId?: Types.ObjectId, archived?: boolean): Promise<ConnectionDocument[]> {
    const conditions: Record<string, unknown> = {
      'followUps.0': mongoose.trusted({ $exists: true }),
    };
    if (connectionId !== undefined) conditions._id = connectionId;
    else Object.assign(conditions, archiveState(archived));
    return this.model.find(this.owned(conditions)).lean<ConnectionDocument[]>();
  }

  /** Connections with an open follow-up due at or before `by` (the agenda; dueDate index). */
  withOpenFollowUpsDueBy(by: Date): Promise<ConnectionDocument[]> {
    return this.model
      .find(
        this.owned({
          followUps: mongoose.trusted({ $elemMatch: { ...OPEN, dueDate: { $lte: by } } }),
          ...active(),
        }),
      )
      .sort({ _id: 1 })
      .lean<ConnectionDocument[]>();
  }

  /** How many follow-ups were completed with completedAt in [from, to], counted in the database. */
  async countFollowUpsCompletedBetween(from: Date, to: Date): Promise<number> {
    const inRange = { $gte: from, $lte: to };
    const [result] = await this.model.aggregate<{ count: number }>([
      { $match: { userId: this.userId, followUps: { $elemMatch: { completedAt: inRange } } } },
      { $unwind: '$followUps' },
      { $match: { 'followUps.completedAt': inRange } },
      { $count: 'count' },
    ]);
    return result?.count ?? 0;
  }

  /** The number of connections not archived and of their open follow-ups. */
  async countWithOpenFollowUps(): Promise<{ connections: number; openFollowUps: number }> {
    const [result] = await this.model.aggregate<{ connections: number; openFollowUps: number }>([
      ownedMatch(this.userId, active()),
      {
        $group: {
          _id: null,
          connections: { $sum: 1 },
          openFollowUps: {
            $sum: {
              $size: {
                $filter: { input: '$followUps', cond: { $ne: ['$$this.completed', true] } },
              },
            },
          },
        },
      },
    ]);
    return { connections: result?.connections ?? 0, openFollowUps: result?.openFollowUps ?? 0 };
  }

  /** This user's records among `ids` (one query). */
  findByIds(ids: readonly Types.ObjectId[]): Promise<ConnectionDocument[]> {
    return this.findOwnedByIds<ConnectionDocument>(ids);
  }

  /** How many connections are archived. */
  countArchived(): Promise<number> {
    return this.model.countDocuments(this.owned(archiveState(true)));
  }

  /** Archives (`at`) or restores (null) these connections; see setArchived. */
  setArchived(ids: readonly Types.ObjectId[], at: Date | null): Promise<ArchiveChange> {
    return setArchived(this.model, (filter) => this.owned(filter), ids, at);
  }

  /** Active connections in `statuses` not changed since `before` (a dry run). */
  findStale(statuses: readonly ConnectionStatus[], before: Date): Promise<ConnectionDocument[]> {
    return this.model
      .find(this.owned(staleConnections(statuses, before)))
      .sort({ updatedAt: 1, _id: 1 })
      .lean<ConnectionDocument[]>();
  }

  /** Archives, stamped `at`, what findStale finds, in one update; the ids archived. */
  archiveStale(
    statuses: readonly ConnectionStatus[],
    before: Date,
    at: Date,
  ): Promise<Types.ObjectId[]> {
    const conditions = staleConnections(statuses, before);
    return archiveWhere(this.model, (filter) => this.owned(filter), conditions, at);
  }

  /** Sets fields (a null cadence is removed); null when the connection is not this user's. */
  update(id: Types.ObjectId, changes: ConnectionChanges): Promise<ConnectionDocument | null> {
    const { cadenceDays, ...set } = changes;
    const update =
      cadenceDays === null
        ? { ...(Object.keys(set).length > 0 ? { $set: set } : {}), $unset: { cadenceDays: 1 } }
        : { $set: changes };
    const filter = this.owned({ _id: id });
    return this.journaled({ filter, one: true }, () =>
      this.model
        .findOneAndUpdate(filter, update, {
          returnDocument: 'after',
          runValidators: true,
        })
        .lean<ConnectionDocument>(),
    );
  }

  /** Removes the connection to a contact (when the contact goes); its id, if there was one. */
  async removeByContact(contactId: Types.ObjectId): Promise<Types.ObjectId | undefined> {
    const filter = this.owned({ contactId });
    const removed = await this.journaled({ filter, one: true }, () =>
      this.model.findOneAndDelete(filter).lean<ConnectionDocument>(),
    );
    return removed?._id;
  }

  /** Appends a follow-up; the new follow-up, or null when the connection is not this user's. */
  addFollowUp(id: Types.ObjectId, followUp: NewFollowUp): Promise<FollowUpDocument | null> {
    return this.pushFollowUp({ _id: id }, followUp);
  }

  /**
   * Appends a follow-up only while the connection has no open one (one atomic update, so two
   * completions at once plan one); null when it has one (or is not this user's).
   */
  addFollowUpIfNoneOpen(
    id: Types.ObjectId,
    followUp: NewFollowUp,
  ): Promise<FollowUpDocument | null> {
    return this.pushFollowUp(
      { _id: id, followUps: mongoose.trusted({ $not: { $elemMatch: OPEN } }) },
      followUp,
    );
  }

  private async pushFollowUp(
    filter: Record<string, unknown>,
    followUp: NewFollowUp,
  ): Promise<FollowUpDocument | null> {
    const followUpId = new Types.ObjectId();
    const owned = this.owned(filter);
    const updated = await this.journaled({ filter: owned, one: true }, () =>
      this.model
        .findOneAndUpdate(
          owned,
          { $push: { followUps: { ...followUp, _id: followUpId, completed: false } } },
          { returnDocument: 'after', runValidators: true },
        )
        .lean<ConnectionDocument>(),
    );
    return updated?.followUps.find((item) => item._id.equals(followUpId)) ?? null;
  }

  /** The full id of a follow-up of this connection named by id or unique prefix. */
  resolveFollowUpId(connection: ConnectionDocument, idOrPrefix: string): Promise<Types.ObjectId> {
    return resolveOwnedId(
      () => Promise.resolve(connection.followUps.map((item) => item._id)),
      idOrPrefix,
      { noun: 'follow-up', within: connection._id.toHexString() },
    );
  }

  /**
   * The follow-up named by its own id or unique prefix among all of this user's follow-ups,
   * with its connection: one range query on the followUps._id index, never a scan.
   */
  async findFollowUp(
    idOrPrefix: string,
  ): Promise<{ connection: ConnectionDocument; followUp: FollowUpDocument }> {
    let candidates: ConnectionDocument[] = [];
    const id = await resolveOwnedId(
      async () => {
        candidates = await this.withFollowUpIdPrefix(idOrPrefix.trim().toLowerCase());
        return candidates.flatMap((connection) => connection.followUps.map((item) => item._id));
      },
      idOrPrefix,
      { noun: 'follow-up' },
    );
    for (const connection of candidates) {
      const followUp = connection.followUps.find((item) => item._id.equals(id));
      if (followUp) return { connection, followUp };
    }
    throw new RecordNotFoundError({ kind: 'follow-up', id: idOrPrefix });
  }

  /** Connections with a follow-up whose id starts with `hexPrefix` (checked hex, 4-24 long). */
  private withFollowUpIdPrefix(hexPrefix: string): Promise<ConnectionDocument[]> {
    // ObjectIds sort as their hex text does: a prefix is the range from ...000 to ...fff.
    const low = new Types.ObjectId(hexPrefix.padEnd(24, '0'));
    const high = new Types.ObjectId(hexPrefix.padEnd(24, 'f'));
    return this.model
      .find(
        this.owned({
          followUps: mongoose.trusted({ $elemMatch: { _id: { $gte: low, $lte: high } } }),
        }),
      )
      .lean<ConnectionDocument[]>();
  }

  /**
   * Replaces a follow-up with `next` in one positional update, only while it is still done or
   * open as `current` was read (so an edit never undoes a concurrent `done`). The connection
   * after, or null when the follow-up is gone or changed state meanwhile.
   */
  replaceFollowUp(
    id: Types.ObjectId,
    current: FollowUpDocument,
    next: FollowUpDocument,
  ): Promise<ConnectionDocument | null> {
    const state = current.completed === true ? { completed: true } : OPEN;
    const filter = this.owned({
      _id: id,
      followUps: mongoose.trusted({ $elemMatch: { _id: current._id, ...state } }),
    });
    return this.journaled({ filter, one: true }, () =>
      this.model
        .findOneAndUpdate(
          filter,
          { $set: { 'followUps.$': next } },
          { returnDocument: 'after', runValidators: true },
        )
        .lean<ConnectionDocument>(),
    );
  }

  /** Removes one follow-up; the connection after, or null when it had no such follow-up. */
  removeFollowUp(
    id: Types.ObjectId,
    followUpId: Types.ObjectId,
  ): Promise<ConnectionDocument | null> {
    const filter = this.owned({ _id: id, 'followUps._id': followUpId });
    return this.journaled({ filter, one: true }, () =>
      this.model
        .findOneAndUpdate(
          filter,
          { $pull: { followUps: { _id: followUpId } } },
          { returnDocument: 'after' },
        )
        .lean<ConnectionDocument>(),
    );
  }

  /**
   * Connections (not rejected, not archived) with a cadence and no open follow-up whose last contact is
   * more than their cadence before `now`, most overdue first: computed in the database on
   * the { userId, cadenceDays } index, so only the due ones come back.
   */
  async keepInTouchDue(now: Date): Promise<KeepInTouchRow[]> {
    const rows = await this.model.aggregate<Omit<KeepInTouchRow, 'dueAt'>>([
      ownedMatch(this.userId, {
        cadenceDays: { $gt: 0 },
        status: { $ne: 'rejected' },
        followUps: { $not: { $elemMatch: OPEN } },
        ...active(),
      }),
      {
        $project: {
          contactId: 1,
          type: 1,
          cadenceDays: 1,
          lastContactAt: { $ifNull: [{ $max: '$followUps.completedAt' }, '$createdAt'] },
        },
      },
      // Idle time against the cadence, both in ms (the engine cannot add a long to a date).
      {
        $match: {
          $expr: {
            $gt: [{ $subtract: [now, '$lastContactAt'] }, { $multiply: ['$cadenceDays', DAY_MS] }],
          },
        },
      },
    ]);
    return rows
      .map((row) => ({
        ...row,
        dueAt: new Date(row.lastContactAt.getTime() + row.cadenceDays * DAY_MS),
      }))
      .sort(
        (a, b) =>
          a.dueAt.getTime() - b.dueAt.getTime() ||
          a._id.toHexString().localeCompare(b._id.toHexString()),
      );
  }

  /** Follow-ups completed, and follow-ups due, per ISO week, for dates in [from, until). */
  async followUpsPerWeek(from: Date, until: Date): Promise<FollowUpWeeks> {
    const [weeks] = await this.model.aggregate<FollowUpWeeks>([
      ownedMatch(this.userId, { 'followUps.0': { $exists: true } }),
      { $unwind: '$followUps' },
      {
        $facet: {
          completed: [
            {
              $match: {
                'followUps.completed': true,
                'followUps.completedAt': inRange(from, until),
              },
            },
            ...perWeekStages('$followUps.completedAt'),
          ],
          due: [
            { $match: { 'followUps.dueDate': inRange(from, until) } },
            ...perWeekStages('$followUps.dueDate'),
          ],
        },
      },
    ]);
    return weeks ?? { completed: [], due: [] };
  }

  /** Open follow-ups due at or before `until` (overdue ones included), soonest first. */
  openFollowUpsDueBy(until: Date): Promise<FollowUpEventRow[]> {
    const due = { ...OPEN, dueDate: { $lte: until } };
    return this.model.aggregate<FollowUpEventRow>([
      ownedMatch(this.userId, { followUps: { $elemMatch: due }, ...active() }),
      { $unwind: '$followUps' },
      { $match: { 'followUps.completed': { $ne: true }, 'followUps.dueDate': { $lte: until } } },
      ownedLookup(this.userId, {
        from: CONTACTS_COLLECTION,
        localField: 'contactId',
        fields: ['name', 'company'],
        as: 'contact',
      }),
      {
        $project: {
          _id: 0,
          connectionId: '$_id',
          updatedAt: 1,
          followUp: '$followUps',
          contactName: { $first: '$contact.name' },
          contactCompany: { $first: '$contact.company' },
        },
      },
      { $sort: { 'followUp.dueDate': 1, 'followUp._id': 1 } },
    ]);
  }
}
