// Application records of one user. Every query is scoped to that user (see OwnedRepository).
import type { Model, Types } from 'mongoose';
import type { ApplicationRecord } from '../models/index.js';
import { OwnedRepository } from './owned-repository.js';

export class ApplicationRepository extends OwnedRepository<ApplicationRecord> {
  constructor(model: Model<ApplicationRecord>, userId: Types.ObjectId) {
    super(model, userId, { noun: 'application', listCommand: 'career apply list' });
  }
}
