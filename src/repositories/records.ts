// What the repositories' record types are built from. Each repository exports the type of
// its records as lean reads return them, derived from its model's schema with
// InferRawDocTypeFromSchema (one source of truth: a field added to a schema appears there,
// typed as the schema casts it; an optional field may also be null, as stored data can hold
// it). That type has the record's _id; the items of an embedded array made with `_id: true`
// get theirs from Mongoose at run time, which it leaves out, hence WithId.
import type { Types } from 'mongoose';

/** An embedded record with the _id Mongoose gives it. */
export type WithId<T> = T & { _id: Types.ObjectId };
