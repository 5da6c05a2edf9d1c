// DevelopmentActivity records of one user. Every query is scoped to that user (see OwnedRepository).
import type { Model, Types } from 'mongoose';
import type { DevelopmentActivityRecord } from '../models/index.js';
import { OwnedRepository } from './owned-repository.js';

export class ActivityRepository extends OwnedRepository<DevelopmentActivityRecord> {
  constructor(model: Model<DevelopmentActivityRecord>, userId: Types.ObjectId) {
    super(model, userId, { noun: 'learning activity', listCommand: 'career learn list' });
  }
}
