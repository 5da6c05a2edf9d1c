// The one place Mongoose is configured. Models must import `mongoose` (or Schema) from
// here, not from 'mongoose', so these defaults are set before any schema is built:
// schemas read `strictQuery` from the Mongoose instance when they are constructed.
import mongoose from 'mongoose';
import { documentLimitPlugin } from './document-limit.js';

// Unknown fields in a filter are an error in our code, not something to silently match.
mongoose.set('strictQuery', true);
// Filters built from user input must not smuggle in operators like { $ne: null }.
mongoose.set('sanitizeFilter', true);
// Operations inside connection.transaction() join its session without passing it around.
mongoose.set('transactionAsyncLocalStorage', true);
// A write past MongoDB's 16 MB document limit is a usage error, not a crash (see the module).
mongoose.plugin(documentLimitPlugin);

export { mongoose };
export const { Schema } = mongoose;
