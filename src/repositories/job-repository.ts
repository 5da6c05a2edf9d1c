// Job records of one user. Every query is scoped to that user (see OwnedRepository).
import type { Model, Types } from 'mongoose';
import type { JobRecord } from '../models/index.js';
import { OwnedRepository } from './owned-repository.js';

export class JobRepository extends OwnedRepository<JobRecord> {
  constructor(model: Model<JobRecord>, userId: Types.ObjectId) {
    super(model, userId, { noun: 'job', listCommand: 'career job list' });
  }
}
