// Contact records of one user. Every query is scoped to that user (see OwnedRepository).
import type { Model, Types } from 'mongoose';
import type { ContactRecord } from '../models/index.js';
import { OwnedRepository } from './owned-repository.js';

export class ContactRepository extends OwnedRepository<ContactRecord> {
  constructor(model: Model<ContactRecord>, userId: Types.ObjectId) {
    super(model, userId, { noun: 'contact', listCommand: 'career contact list' });
  }
}
