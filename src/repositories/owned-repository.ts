// The base of every per-user repository: each query it builds carries the signed-in user's
// id, so no method can read or change another user's records, by id or by prefix.
import type { Model, Types } from 'mongoose';
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
    const docs = await this.model
      .find(this.owned() as never, { _id: 1 })
      .lean<{ _id: Types.ObjectId }[]>();
    return docs.map((doc) => doc._id);
  }

  /** A filter limited to this user's records. */
  protected owned(filter: Record<string, unknown> = {}): Record<string, unknown> {
    return { ...filter, userId: this.userId };
  }
}
