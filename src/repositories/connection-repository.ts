// Connection records of one user. Every query is scoped to that user (see OwnedRepository).
import type { Model, Types } from 'mongoose';
import type { ConnectionRecord } from '../models/index.js';
import { OwnedRepository } from './owned-repository.js';

export class ConnectionRepository extends OwnedRepository<ConnectionRecord> {
  constructor(model: Model<ConnectionRecord>, userId: Types.ObjectId) {
    super(model, userId, { noun: 'connection', listCommand: 'career connect list' });
  }
}
