// The query-semantics layer: MongoDB's filter, sort, projection, update and aggregation
// semantics over bson-typed documents, implemented by adapting mingo.
export { toPlain } from './plain.js';
export { compareValues } from './compare.js';
export {
  compileBytesPrefilter,
  compileFilter,
  type DocumentMatcher,
  type QueryOptions,
} from './filter.js';
export { compileSort, compileSortWith } from './sort.js';
export { compileProjection } from './projection.js';
export { parseUpdate, type ParsedUpdate } from './update-parse.js';
export { applyUpdate, type UpdateContext } from './update-apply.js';
export { upsertSeed } from './upsert.js';
export { validateForInsert } from './insert-validation.js';
export { runPipeline, type PipelineContext } from './pipeline.js';
export { evaluateVariables } from './variables.js';
export { collatingComparator, type ValueComparator } from './sort.js';
export { collatorOf, collationSpecOf } from './mingo-options.js';
