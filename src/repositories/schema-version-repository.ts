// Which data migrations have run: one document (_id 'schema') in schema_version.
import type { Model } from 'mongoose';
import type { SchemaVersionRecord } from '../models/schema-version.js';

const DOCUMENT_ID = 'schema';

export interface AppliedMigration {
  version: number;
  name: string;
  at: Date;
}

export interface SchemaState {
  /** The highest migration applied; 0 for a database no migration has touched. */
  version: number;
  applied: AppliedMigration[];
}

export class SchemaVersionRepository {
  constructor(private readonly model: Model<SchemaVersionRecord>) {}

  async current(): Promise<SchemaState> {
    const doc = await this.model
      .findById(DOCUMENT_ID)
      .lean<{ version?: number; applied?: AppliedMigration[] }>();
    return { version: doc?.version ?? 0, applied: doc?.applied ?? [] };
  }

  /** Records a migration as applied (creating the document on first use). */
  async recordApplied(migration: AppliedMigration): Promise<void> {
    await this.model.updateOne(
      { _id: DOCUMENT_ID },
      { $set: { version: migration.version }, $push: { applied: migration } },
      { upsert: true },
    );
  }
}
