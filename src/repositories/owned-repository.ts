// The base of every per-user repository: each query it builds carries the signed-in user's
// id, so no method can read or change another user's records, by id or by prefix.
import type { Model, QueryFilter, Types, UpdateQuery } from 'mongoose';
import { resolveOwnedId, type RecordKind } from './ids.js';

export abstract class OwnedRepository<TRecord> {
  protected constructor(
    protected readonly model: Model<TRecord>,
    protected readonly userId: Types.ObjectId,
    protected readonly kind: RecordKind,
  ) {}

  /** The full id of this user's record named by `idOrPrefix` (NotFound / Ambiguous otherwise). */
  resolveId(idOrPrefix: string): Promise<Types.ObjectId> {
    return resolveOwnedId(() => this.ownedIds(), idOrPrefix, this.kind);
  }

  private async ownedIds(): Promise<Types.ObjectId[]> {
    const docs = await this.model.find(this.owned(), { _id: 1 }).lean<{ _id: Types.ObjectId }[]>();
    return docs.map((doc) => doc._id);
  }

  /** Removes this user's record; false when there was none. */
  async remove(id: Types.ObjectId): Promise<boolean> {
    return (await this.model.deleteOne(this.owned({ _id: id }))).deletedCount === 1;
  }

  /**
   * Sets `set` and removes the `unset` fields of this user's record, validating the result;
   * the updated record, or undefined when this user has no such record.
   */
  protected async setAndUnset<TView>(
    id: Types.ObjectId,
    set: object,
    unset: readonly string[],
  ): Promise<TView | undefined> {
    const update: Record<string, unknown> = {};
    if (Object.keys(set).length > 0) update.$set = set;
    if (unset.length > 0) update.$unset = Object.fromEntries(unset.map((field) => [field, 1]));
    const updated = await this.model
      .findOneAndUpdate(this.owned({ _id: id }), update as UpdateQuery<TRecord>, {
        returnDocument: 'after',
        runValidators: true,
      })
      .lean<TView>();
    return updated ?? undefined;
  }

  /**
   * A filter limited to this user's records. Typed loosely on purpose: repositories build
   * filters with dotted paths and trusted operators that Mongoose's generic types reject.
   */
  protected owned(filter: Record<string, unknown> = {}): QueryFilter<TRecord> {
    return { ...filter, userId: this.userId } as QueryFilter<TRecord>;
  }
}
