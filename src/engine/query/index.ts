// The query-semantics layer: MongoDB's filter, sort, projection, update and aggregation
// semantics over bson-typed documents, implemented by adapting mingo.
export { toPlain } from './plain.js';
export { compareValues } from './compare.js';
export { compileFilter, type DocumentMatcher, type QueryOptions } from './filter.js';
export { compileSort } from './sort.js';
export { compileProjection } from './projection.js';
export { parseUpdate, type ParsedUpdate } from './updateParse.js';
export { applyUpdate, type UpdateContext } from './updateApply.js';
export { upsertSeed } from './upsert.js';
export { validateForInsert } from './insertValidation.js';
export { runPipeline, type PipelineContext } from './pipeline.js';
export { evaluateVariables } from './variables.js';
export { collatingComparator, type ValueComparator } from './sort.js';
export { collatorOf, collationSpecOf } from './mingoOptions.js';
