// Which data migrations have run: one document, so `db migrate` is idempotent.
import type { InferSchemaType } from 'mongoose';
import { Schema } from '../db/mongoose.js';

export const schemaVersionSchema = new Schema(
  {
    _id: { type: String, required: true },
    version: { type: Number, required: true, default: 0 },
    applied: {
      type: [new Schema({ version: Number, name: String, at: Date }, { _id: false })],
      default: [],
    },
  },
  { versionKey: false, collection: 'schema_version' },
);

export type SchemaVersionRecord = InferSchemaType<typeof schemaVersionSchema>;
