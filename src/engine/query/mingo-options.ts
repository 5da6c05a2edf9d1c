// The mingo configuration the engine runs with: mingo's operators, with the few that must follow
// MongoDB's BSON semantics replaced (range comparisons are type-bracketed and use the BSON
// order; $type sees the original BSON types; equality and ranges honour a collation; $match
// validates like the server; $sort uses the BSON order; $percentile and $median sort numbers as
// numbers; $lookup with both localField and a pipeline joins only the matching documents;
// regexes match in linear time, see patterns.ts; $jsonSchema runs on ajv, see json-schema.ts).
import type { Document } from 'bson';
import { Context } from 'mingo/core';
import { Lazy, type Iterator } from 'mingo/lazy';
import * as accumulatorOperators from 'mingo/operators/accumulator';
import * as expressionOperators from 'mingo/operators/expression';
import * as pipelineOperators from 'mingo/operators/pipeline';
import * as projectionOperators from 'mingo/operators/projection';
import * as queryOperators from 'mingo/operators/query';
import * as windowOperators from 'mingo/operators/window';
import { Query } from 'mingo/query';
import type {
  AnyObject,
  CollationSpec,
  CollectionResolver,
  Options,
  PipelineOperator,
  ProjectionOperator,
  QueryOperator,
} from 'mingo/types';
import { makeAllOperator } from './all-operator.js';
import { bitwiseOperators } from './bitwise-operators.js';
import { compareValues, TypeRank, typeRankOf } from './compare.js';
import { geoNearStage } from './geo-near-stage.js';
import { geoQueryOperators } from './geo-operators.js';
import { compileJsonSchema } from './json-schema.js';
import { elemMatchProjection } from './elem-match-projection.js';
import { prepareFilter } from './filter-validation.js';
import { valuesAtPath } from './paths.js';
import { lookupStage } from './lookup.js';
import { bucketStage } from './bucket.js';
import { projectStage } from './projection-order.js';
import { setWindowFieldsStage } from './window-fields.js';
import { withCopiedTypes } from './copying-stages.js';
import { withPlainNumbers, withPlainStageInput } from './computed-doubles.js';
import { percentileAccumulators, percentileExpressions } from './percentile.js';
import { Pattern, PATTERN_OPERATOR } from './patterns.js';
import { regexExpressions } from './regex-expressions.js';
import { extremeAccumulators, extremeExpressions } from './extreme-values.js';
import { typedAccumulators, typedExpressionOperators } from './typed-expressions.js';
import { isNumeric, isPlainObject, numberOf, toPlain, typedOriginOf } from './plain.js';
import { collatingComparator, compileSortWith } from './sort.js';
import { bsonTypeNumberOf, typeNumbersOf } from './type-aliases.js';

type Matcher = (obj: AnyObject) => boolean;

type OperatorFactory = (selector: string, value: unknown, options: Options) => Matcher;

const isNaNNumber = (value: unknown): boolean => isNumeric(value) && Number.isNaN(numberOf(value));

function rangeOperator(accept: (order: number) => boolean): OperatorFactory {
  return (selector, operand, options) => {
    const compare = collatingComparator(collatorOf(options.collation));
    const operandRank = typeRankOf(operand);
    // MinKey/MaxKey operands bound every type, so no bracketing applies to them.
    const unbracketed = operandRank === TypeRank.minKey || operandRank === TypeRank.maxKey;
    const operandNaN = isNaNNumber(operand);
    // mongod: NaN sorts below every number, but a comparison with NaN on either side holds
    // only for NaN against NaN, and only with $gte/$lte ({$lte: 1} leaves NaN out, as the
    // index bounds [-inf.0, 1] do).
    const order = (value: unknown): boolean =>
      operandNaN || isNaNNumber(value)
        ? operandNaN && isNaNNumber(value) && accept(0)
        : accept(compare(value, operand));
    return (obj) =>
      valuesAtPath(obj, selector).some(
        (value) => (unbracketed || typeRankOf(value) === operandRank) && order(value),
      );
  };
}

/** MongoDB's null equality: also true where a path is missing, including inside arrays. */
const nullOrMissingAt =
  (selector: string): Matcher =>
  (obj) =>
    valuesAtPath(obj, selector).some((value) => value === null || value === undefined);

/** Strings equal under the collator, if there is one. */
function collatedStringsAt(selector: string, strings: string[], collator: Intl.Collator): Matcher {
  return (obj) =>
    valuesAtPath(obj, selector).some(
      (value) => typeof value === 'string' && strings.some((s) => collator.compare(value, s) === 0),
    );
}

/** A Long or decimal the plain view kept typed (see plain.ts): compared by exact value. */
const isKeptNumber = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && isNumeric(value);

const numbersEqualAt =
  (selector: string, numbers: unknown[]): Matcher =>
  (obj) =>
    valuesAtPath(obj, selector).some(
      (value) => isNumeric(value) && numbers.some((n) => compareValues(value, n) === 0),
    );

/** $eq / $ne: mingo's equality, with MongoDB's null-matches-missing and collation. */
function equalityOperator(negate: boolean): OperatorFactory {
  const base = queryOperators.$eq as unknown as OperatorFactory;
  return (selector, operand, options) => {
    const collator = collatorOf(options.collation);
    const equal =
      operand === null
        ? nullOrMissingAt(selector)
        : isKeptNumber(operand)
          ? numbersEqualAt(selector, [operand])
          : collator && typeof operand === 'string'
            ? collatedStringsAt(selector, [operand], collator)
            : base(selector, operand, options);
    return negate ? (obj) => !equal(obj) : equal;
  };
}

/** A prepared filter's regex (see filter-validation.ts): a string it matches, anywhere on the path. */
function patternOperator(selector: string, pattern: unknown): Matcher {
  if (!(pattern instanceof Pattern)) throw new Error(`${PATTERN_OPERATOR} needs a pattern`);
  return (obj) => valuesAtPath(obj, selector).some((value) => pattern.matchesValue(value));
}

const isPattern = (item: unknown): item is Pattern => item instanceof Pattern;

/** Some value on the path matches one of the patterns. */
const patternsAt =
  (selector: string, patterns: Pattern[]): Matcher =>
  (obj) =>
    valuesAtPath(obj, selector).some((value) => patterns.some((p) => p.matchesValue(value)));

/** $in / $nin: mingo's membership, plus null-matches-missing, collated strings and patterns. */
function membershipOperator(negate: boolean): OperatorFactory {
  const base = queryOperators.$in as unknown as OperatorFactory;
  return (selector, operands, options) => {
    const all: unknown[] = Array.isArray(operands) ? operands : [];
    const patterns = all.filter(isPattern);
    const kept = all.filter(isKeptNumber);
    const items = all.filter((item) => !isPattern(item) && !isKeptNumber(item));
    const collator = collatorOf(options.collation);
    const strings = items.filter((item): item is string => typeof item === 'string');
    const tests = [base(selector, items, options)];
    if (patterns.length > 0) tests.push(patternsAt(selector, patterns));
    if (kept.length > 0) tests.push(numbersEqualAt(selector, kept));
    if (items.includes(null)) tests.push(nullOrMissingAt(selector));
    if (collator && strings.length > 0) tests.push(collatedStringsAt(selector, strings, collator));
    const member = (obj: AnyObject): boolean => tests.some((test) => test(obj));
    return negate ? (obj) => !member(obj) : member;
  };
}

function typeOperator(selector: string, spec: unknown): Matcher {
  const numbers = typeNumbersOf(spec);
  const wanted = new Set(typeof numbers === 'string' ? [] : numbers);
  return (obj) => {
    // Match against the typed document the plain one was converted from, when known.
    const root = typedOriginOf(obj) ?? obj;
    const values = valuesAtPath(root, selector).filter((value) => value !== undefined);
    return values.some((value) => wanted.has(bsonTypeNumberOf(value)));
  };
}

/** $jsonSchema: validated on the typed document the plain one came from, when known. */
function jsonSchemaOperator(_selector: string, schema: unknown): Matcher {
  const compiled = compileJsonSchema(schema as Document);
  return (obj) => compiled.matches(typedOriginOf(obj) ?? obj);
}

function matchStage(collection: Iterator, filter: unknown, options: Options): Iterator {
  const query = new Query(prepareFilter(filter), options);
  return collection.filter((doc: AnyObject) => query.test(doc));
}

function sortStage(collection: Iterator, spec: unknown, options: Options): Iterator {
  const compare = compileSortWith(
    spec as Document,
    collatingComparator(collatorOf(options.collation)),
  );
  return collection.transform((docs: Document[]) => Lazy([...docs].sort(compare)));
}

// mingo's QueryOperator type is derived from its own operator set and is not satisfiable by a
// hand-written operator, hence the casts; the runtime contract is (selector, value, options).
const asQueryOperator = (op: OperatorFactory): QueryOperator => op as unknown as QueryOperator;
const queryOverrides: Record<`$${string}`, QueryOperator> = {
  $gt: asQueryOperator(rangeOperator((order) => order > 0)),
  $gte: asQueryOperator(rangeOperator((order) => order >= 0)),
  $lt: asQueryOperator(rangeOperator((order) => order < 0)),
  $lte: asQueryOperator(rangeOperator((order) => order <= 0)),
  $type: asQueryOperator(typeOperator),
  $jsonSchema: asQueryOperator(jsonSchemaOperator),
  ...Object.fromEntries(
    Object.entries(geoQueryOperators).map(([name, op]) => [name, asQueryOperator(op)]),
  ),
  $eq: asQueryOperator(equalityOperator(false)),
  $ne: asQueryOperator(equalityOperator(true)),
  $in: asQueryOperator(membershipOperator(false)),
  $nin: asQueryOperator(membershipOperator(true)),
  $all: asQueryOperator(makeAllOperator(PATTERN_OPERATOR, isPattern)),
  [PATTERN_OPERATOR]: asQueryOperator(patternOperator),
  ...Object.fromEntries(
    Object.entries(bitwiseOperators).map(([name, op]) => [name, asQueryOperator(op)]),
  ),
};
const pipelineOverrides: Record<`$${string}`, PipelineOperator> = {
  $match: matchStage,
  $sort: sortStage,
  $lookup: lookupStage as unknown as PipelineOperator,
  $project: projectStage,
  $bucket: bucketStage,
  $geoNear: geoNearStage,
  $setWindowFields: setWindowFieldsStage,
};
// Built from mingo's operator modules directly: mingo's top-level wrappers merge their own
// operators in with precedence over any supplied context, which would undo the overrides.
// Operators other than the typed ones compute on JS numbers only (see computed-doubles.ts).
const engineContext = Context.init({
  accumulator: {
    ...withPlainNumbers({ ...accumulatorOperators, ...percentileAccumulators }),
    ...typedAccumulators,
    ...extremeAccumulators,
  },
  expression: {
    ...withPlainNumbers({ ...expressionOperators, ...percentileExpressions, ...regexExpressions }),
    ...typedExpressionOperators,
    ...extremeExpressions,
  },
  pipeline: withPlainStageInput(withCopiedTypes({ ...pipelineOperators, ...pipelineOverrides })),
  projection: { ...projectionOperators, $elemMatch: elemMatchProjection as ProjectionOperator },
  query: { ...queryOperators, ...queryOverrides, $expr: withPlainNumbers(queryOperators).$expr },
  window: withPlainNumbers(windowOperators),
});

export function collatorOf(collation: CollationSpec | undefined): Intl.Collator | undefined {
  // mingo's updater passes an empty collation object when none was given.
  if (!collation || typeof collation.locale !== 'string') return undefined;
  const sensitivity =
    collation.strength === 1 ? 'base' : collation.strength === 2 ? 'accent' : 'variant';
  return new Intl.Collator(collation.locale, {
    sensitivity,
    numeric: collation.numericOrdering ?? false,
    caseFirst: collation.caseFirst === 'off' ? 'false' : collation.caseFirst,
  });
}

/** A client collation document as mingo's spec; 'simple' (binary) collation means none. */
export function collationSpecOf(collation: Document | undefined): CollationSpec | undefined {
  if (!isPlainObject(collation) || typeof collation.locale !== 'string') return undefined;
  if (collation.locale === 'simple') return undefined;
  const strength = collation.strength === undefined ? undefined : numberOf(collation.strength);
  return {
    // MongoDB names locales the ICU way (en_US); Intl wants BCP 47 tags (en-US).
    locale: collation.locale.replace(/_/g, '-'),
    ...(strength === 1 || strength === 2 || strength === 3 ? { strength } : {}),
    ...(typeof collation.caseFirst === 'string'
      ? { caseFirst: collation.caseFirst as CollationSpec['caseFirst'] }
      : {}),
    ...(typeof collation.numericOrdering === 'boolean'
      ? { numericOrdering: collation.numericOrdering }
      : {}),
  };
}

export interface MingoSettings {
  variables?: Document;
  collation?: Document;
  collectionResolver?: CollectionResolver;
  /** mingo guards this field against updates; the engine does its own _id check instead. */
  idKey?: string;
}

export function mingoOptions(settings: MingoSettings = {}): Partial<Options> {
  const collation = collationSpecOf(settings.collation);
  return {
    context: engineContext,
    scriptEnabled: false,
    ...(settings.variables ? { variables: toPlain(settings.variables) as AnyObject } : {}),
    ...(collation ? { collation } : {}),
    ...(settings.collectionResolver ? { collectionResolver: settings.collectionResolver } : {}),
    ...(settings.idKey ? { idKey: settings.idKey } : {}),
  };
}
