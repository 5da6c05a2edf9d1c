// Offers: the `offer` subdocument of one user's applications (`career apply offer`, `apply
// offers`, their agenda items and calendar events, and the stats). Every query is scoped to
// that user (see OwnedRepository); it shares the applications' collection and natural key.
import type { Model, PipelineStage, Types } from 'mongoose';
import { mongoose } from '../db/mongoose.js';
import { PERIODS_PER_YEAR } from '../domain/money.js';
import type { ApplicationRecord } from '../models/index.js';
import { active } from './archive-filters.js';
import { ownedMatch } from './aggregation.js';
import type { ApplicationDocument, StatusMove } from './application-repository.js';
import { APPLICATION_KEY } from './natural-keys.js';
import { OwnedRepository } from './owned-repository.js';

/** The status whose applications hold an open offer. */
const OFFER_STATUS = 'offer';

/** An offer as stored (see the application schema). */
export type OfferDocument = NonNullable<ApplicationDocument['offer']>;

/** An open offer with what its row needs from its application and job. */
export interface OfferRow {
  applicationId: Types.ObjectId;
  company?: string;
  title?: string;
  offer: OfferDocument;
}

/** The offers received in one currency: how many, and the median base over a year. */
export interface OfferCurrencyStats {
  currency: string;
  count: number;
  medianBase: number;
}

/**
 * Open: in status offer, with an offer; queries add `active()` (not archived), the archive's
 * one rule for what is archived.
 */
const OPEN = { status: OFFER_STATUS, offer: { $exists: true } };

/** The base over a year: per month x 12, per hour x 2,080 (PERIODS_PER_YEAR). */
const YEARLY_BASE = {
  $multiply: [
    '$offer.base',
    {
      $switch: {
        branches: Object.entries(PERIODS_PER_YEAR).map(([period, times]) => ({
          case: { $eq: [{ $ifNull: ['$offer.period', 'year'] }, period] },
          then: times,
        })),
        default: 1,
      },
    },
  ],
};

/** The median of a sorted array field (the mean of the middle two for an even count). */
function medianOf(sorted: string): Record<string, unknown> {
  const size = { $size: sorted };
  const middle = { $floor: { $divide: [size, 2] } };
  return {
    $cond: [
      { $eq: [{ $mod: [size, 2] }, 1] },
      { $arrayElemAt: [sorted, middle] },
      {
        $divide: [
          {
            $add: [
              { $arrayElemAt: [sorted, { $subtract: [middle, 1] }] },
              { $arrayElemAt: [sorted, middle] },
            ],
          },
          2,
        ],
      },
    ],
  };
}

export class OfferRepository extends OwnedRepository<ApplicationRecord> {
  constructor(model: Model<ApplicationRecord>, userId: Types.ObjectId) {
    super(model, userId, { noun: 'application' }, APPLICATION_KEY);
  }

  /**
   * Sets the offer's fields (`offer.base`...) and removes `unset` ones in one update, only
   * while the application's status is still `fromStatus`; with `move`, moving it to offer and
   * recording that in its history in the same update. Undefined when it is not this user's or
   * has moved meanwhile.
   */
  record(
    id: Types.ObjectId,
    fromStatus: string,
    change: { set: Record<string, unknown>; unset: readonly string[]; move?: StatusMove },
  ): Promise<ApplicationDocument | undefined> {
    const { move } = change;
    const set: Record<string, unknown> = { ...change.set };
    if (move !== undefined) set.status = move.status;
    if (move?.applicationDate !== undefined) set.applicationDate = move.applicationDate;
    const push =
      move === undefined ? undefined : { statusHistory: { status: move.status, at: move.at } };
    return this.setAndUnset<ApplicationDocument>(id, set, change.unset, {
      where: { status: fromStatus },
      ...(push ? { push } : {}),
    });
  }

  /** The open offers, with their job's company and title, in the order they were made. */
  open(): Promise<OfferRow[]> {
    return this.rows({});
  }

  /** How many open applications are in offer with no offer recorded (`apply status` moved them). */
  countWithoutOffer(): Promise<number> {
    return this.model.countDocuments(
      this.owned({
        status: OFFER_STATUS,
        offer: mongoose.trusted({ $exists: false }),
        archivedAt: mongoose.trusted({ $exists: false }),
      }),
    );
  }

  /** Open offers whose deadline is on or before `until` (passed ones too: still open). */
  deadlinesBy(until: Date): Promise<OfferRow[]> {
    return this.rows({ 'offer.deadline': { $lte: until } });
  }

  private rows(conditions: Record<string, unknown>): Promise<OfferRow[]> {
    return this.model.aggregate<OfferRow>([
      ownedMatch(this.userId, { ...OPEN, ...conditions, ...active() }),
      { $sort: { _id: 1 } },
      this.jobLookup(),
      {
        $project: {
          _id: 0,
          applicationId: '$_id',
          offer: 1,
          company: { $first: '$job.company' },
          title: { $first: '$job.title' },
        },
      },
    ]);
  }

  /**
   * Offers received (any status, archived too: it is history) per currency, with the median
   * base over a year; `since`: only offers recorded or changed since.
   */
  receivedPerCurrency(since?: Date): Promise<OfferCurrencyStats[]> {
    const recent = since === undefined ? {} : { 'offer.updatedAt': { $gte: since } };
    return this.model.aggregate<OfferCurrencyStats>([
      ownedMatch(this.userId, { offer: { $exists: true }, ...recent }),
      { $project: { currency: '$offer.currency', base: YEARLY_BASE } },
      { $group: { _id: '$currency', count: { $sum: 1 }, bases: { $push: '$base' } } },
      { $project: { count: 1, sorted: { $sortArray: { input: '$bases', sortBy: 1 } } } },
      { $project: { _id: 0, currency: '$_id', count: 1, medianBase: medianOf('$sorted') } },
      { $sort: { currency: 1 } },
    ] as PipelineStage[]);
  }
}
