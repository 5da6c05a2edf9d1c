// Contact records of one user. Every query is scoped to that user (see OwnedRepository).
import type { InferRawDocTypeFromSchema, Model, Types } from 'mongoose';
import type { ContactRecord, contactSchema } from '../models/index.js';
import type { ListQuery, Page } from './list-query.js';
import { CONTACT_KEY } from './natural-keys.js';
import { OwnedRepository } from './owned-repository.js';

/** A contact as stored (a lean document), derived from its schema. */
export type ContactDocument = InferRawDocTypeFromSchema<typeof contactSchema>;

/** The fields a person sets on a contact. */
export interface ContactFields {
  name?: string;
  email?: string;
  phone?: string;
  company?: string;
  title?: string;
  linkedinUrl?: string;
  tags?: string[];
  notes?: string;
}

export type ContactField = keyof ContactFields;

/** `contact list` filters; every value is matched literally (never as an operator or regex). */
export interface ContactFilter {
  /** Case-insensitive substring of the company. */
  company?: string;
  /** Exact tag. */
  tag?: string;
  /** Case-insensitive substring of the name, email or company. */
  search?: string;
}

/** A RegExp matching `text` literally anywhere, ignoring case. */
export function literalSubstring(text: string): RegExp {
  return new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
}

export class ContactRepository extends OwnedRepository<ContactRecord> {
  constructor(model: Model<ContactRecord>, userId: Types.ObjectId) {
    super(model, userId, { noun: 'contact' }, CONTACT_KEY);
  }

  /** A new contact; DuplicateRecordError when one with its natural key exists. */
  create(fields: ContactFields & { name: string }): Promise<ContactDocument> {
    return this.createKeyed<ContactDocument>(fields);
  }

  findById(id: Types.ObjectId): Promise<ContactDocument | null> {
    return this.findOwnedById<ContactDocument>(id);
  }

  /** This user's contact with that email (stored lower-case), if any. */
  findByEmail(email: string): Promise<ContactDocument | null> {
    return this.model
      .findOne(this.owned({ email: email.trim().toLowerCase() }))
      .lean<ContactDocument>();
  }

  /** Several contacts in one query (for listings that show a contact per row). */
  findByIds(ids: readonly Types.ObjectId[]): Promise<ContactDocument[]> {
    return this.findOwnedByIds<ContactDocument>(ids);
  }

  list(filter: ContactFilter, query: ListQuery): Promise<Page<ContactDocument>> {
    const conditions: Record<string, unknown> = {};
    if (filter.company !== undefined) conditions.company = literalSubstring(filter.company);
    if (filter.tag !== undefined) conditions.tags = filter.tag;
    if (filter.search !== undefined) {
      const pattern = literalSubstring(filter.search);
      conditions.$or = [{ name: pattern }, { email: pattern }, { company: pattern }];
    }
    return this.listPage<ContactDocument>(conditions, query);
  }

  /**
   * Sets the given fields and removes the `unset` ones; null when the contact is not ours.
   * DuplicateRecordError when the change would give it another contact's natural key.
   */
  async update(
    id: Types.ObjectId,
    set: ContactFields,
    unset: readonly ContactField[] = [],
  ): Promise<ContactDocument | null> {
    return (await this.setAndUnset<ContactDocument>(id, set, unset)) ?? null;
  }
}
