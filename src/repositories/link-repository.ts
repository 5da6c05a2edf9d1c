// People on applications (issue 15): the contacts kept in an application's `contacts` list,
// with their role, and in its interviews' `contactIds`. Every query is scoped to the user
// (see OwnedRepository); the ids given are the user's own, resolved by the services.
import type { Model, Types } from 'mongoose';
import { mongoose } from '../db/mongoose.js';
import type { ApplicationRecord } from '../models/index.js';
import type { ApplicationDocument } from './application-repository.js';
import { OwnedRepository } from './owned-repository.js';

/** A contact on an application, as stored. */
export interface ContactLink {
  contactId: Types.ObjectId;
  role: string;
  notes?: string | null;
}

/** How often a link is tried again when another command changed the list meanwhile. */
const LINK_ATTEMPTS = 3;

export class LinkRepository extends OwnedRepository<ApplicationRecord> {
  constructor(model: Model<ApplicationRecord>, userId: Types.ObjectId) {
    super(model, userId, { noun: 'application' });
  }

  /**
   * Puts the contact on the application with this role and notes: the link it has is
   * changed in place, else one is added (never two for one contact). The application after,
   * and whether the link is new; undefined when the application is not this user's.
   */
  async setLink(
    applicationId: Types.ObjectId,
    link: ContactLink,
  ): Promise<{ application: ApplicationDocument; added: boolean } | undefined> {
    const { contactId, role, notes } = link;
    for (let attempt = 1; attempt <= LINK_ATTEMPTS; attempt++) {
      const changed = await this.findAndUpdate(
        { _id: applicationId, 'contacts.contactId': contactId },
        notes === undefined || notes === null || notes === ''
          ? { $set: { 'contacts.$.role': role }, $unset: { 'contacts.$.notes': 1 } }
          : { $set: { 'contacts.$.role': role, 'contacts.$.notes': notes } },
      );
      if (changed) return { application: changed, added: false };
      const entry = notes ? { contactId, role, notes } : { contactId, role };
      const added = await this.findAndUpdate(
        { _id: applicationId, 'contacts.contactId': mongoose.trusted({ $ne: contactId }) },
        { $push: { contacts: entry } },
      );
      if (added) return { application: added, added: true };
      if (!(await this.model.exists(this.owned({ _id: applicationId })))) return undefined;
    }
    return undefined;
  }

  /** Adds each contact not on the application yet with `role` (those on it keep theirs). */
  async ensureLinked(
    applicationId: Types.ObjectId,
    contactIds: readonly Types.ObjectId[],
    role: string,
  ): Promise<void> {
    for (const contactId of contactIds) {
      const filter = this.owned({
        _id: applicationId,
        'contacts.contactId': mongoose.trusted({ $ne: contactId }),
      });
      await this.journaled({ filter, one: true }, () =>
        this.model.updateOne(filter, { $push: { contacts: { contactId, role } } }),
      );
    }
  }

  /**
   * Takes the contact off the application and off its interviews; the application as it
   * was before (undefined when it is not this user's).
   */
  async removeLink(
    applicationId: Types.ObjectId,
    contactId: Types.ObjectId,
  ): Promise<ApplicationDocument | undefined> {
    const filter = this.owned({ _id: applicationId });
    const before = await this.journaled({ filter, one: true }, () =>
      this.model
        .findOneAndUpdate(filter, pullContact(contactId), { returnDocument: 'before' })
        .lean<ApplicationDocument>(),
    );
    return before ?? undefined;
  }

  /** The applications the contact is on (the `contacts.contactId` index), newest first. */
  withContact(contactId: Types.ObjectId): Promise<ApplicationDocument[]> {
    return this.model
      .find(this.owned({ 'contacts.contactId': contactId }))
      .sort({ updatedAt: -1, _id: -1 })
      .lean<ApplicationDocument[]>();
  }

  /** Takes the contact off every application and interview; how many applications changed. */
  async unlinkEverywhere(contactId: Types.ObjectId): Promise<number> {
    const filter = this.owned({
      $or: [{ 'contacts.contactId': contactId }, { 'interviews.contactIds': contactId }],
    });
    const result = await this.journaled({ filter }, () =>
      this.model.updateMany(filter, pullContact(contactId)),
    );
    return result.modifiedCount;
  }

  private async findAndUpdate(
    filter: Record<string, unknown>,
    update: Record<string, unknown>,
  ): Promise<ApplicationDocument | undefined> {
    const owned = this.owned(filter);
    const updated = await this.journaled({ filter: owned, one: true }, () =>
      this.model
        .findOneAndUpdate(owned, update, {
          returnDocument: 'after',
          runValidators: true,
        })
        .lean<ApplicationDocument>(),
    );
    return updated ?? undefined;
  }
}

/** The update taking a contact off an application's people and its interviews. */
function pullContact(contactId: Types.ObjectId): Record<string, unknown> {
  return { $pull: { contacts: { contactId }, 'interviews.$[].contactIds': contactId } };
}
