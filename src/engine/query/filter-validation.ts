// Eager validation of filter documents, with MongoDB's error codes and wording, before mingo
// compiles them (mingo's own messages and leniencies differ from the server's).
import type { Document } from 'bson';
import { ErrorCode } from '../errors.js';
import { GEO_FIELD_OPERATORS, prepareNear } from './geo-operators.js';
import { compileJsonSchema } from './json-schema.js';
import { isRegexValue, patternOf, PATTERN_OPERATOR } from './patterns.js';
import { isNumeric, isPlainObject, numberOf } from './plain.js';
import { queryError } from './query-errors.js';
import { typeNumbersOf } from './type-aliases.js';

const FIELD_OPERATORS = new Set([
  '$eq',
  '$ne',
  '$gt',
  '$gte',
  '$lt',
  '$lte',
  '$in',
  '$nin',
  '$exists',
  '$type',
  '$size',
  '$all',
  '$elemMatch',
  '$mod',
  '$regex',
  '$options',
  '$not',
  '$bitsAllSet',
  '$bitsAllClear',
  '$bitsAnySet',
  '$bitsAnyClear',
  '$comment',
  ...GEO_FIELD_OPERATORS,
]);

const isOperatorObject = (value: unknown): value is Record<string, unknown> =>
  isPlainObject(value) && Object.keys(value)[0]?.startsWith('$') === true;

/**
 * Validates a filter (typed or plain) and returns a plain copy without $comment, ready for
 * mingo, its regexes compiled to linear-time patterns (see patterns.ts). Throws
 * MongoServerError on anything MongoDB would reject.
 */
export function prepareFilter(filter: unknown): Document {
  if (!isPlainObject(filter)) throw queryError(ErrorCode.BadValue, 'filter must be an object');
  const out: Document = {};
  for (const [key, value] of Object.entries(filter)) {
    if (key.startsWith('$')) {
      const prepared = prepareTopLevel(key, value);
      if (prepared !== undefined) out[key] = prepared;
    } else {
      out[key] = isOperatorObject(value)
        ? prepareOperators(key, value)
        : isRegexValue(value)
          ? { [PATTERN_OPERATOR]: patternOf(value) }
          : value;
    }
  }
  return out;
}

/**
 * $pull's conditions, prepared as filters are (a regex, field operators, or a filter over the
 * array's subdocuments), so their regexes cannot backtrack either.
 */
export function preparePullConditions(pull: Record<string, unknown>): Document {
  const out: Document = {};
  for (const [path, condition] of Object.entries(pull)) {
    if (isRegexValue(condition)) out[path] = { [PATTERN_OPERATOR]: patternOf(condition) };
    else if (isOperatorObject(condition)) out[path] = prepareOperators(path, condition);
    else if (isPlainObject(condition)) out[path] = prepareFilter(condition);
    else out[path] = condition;
  }
  return out;
}

function prepareTopLevel(operator: string, value: unknown): unknown {
  switch (operator) {
    case '$and':
    case '$or':
    case '$nor':
      if (!Array.isArray(value) || value.length === 0) {
        throw queryError(ErrorCode.BadValue, `${operator} must be a nonempty array`);
      }
      return (value as unknown[]).map((clause) => {
        if (!isPlainObject(clause)) {
          throw queryError(ErrorCode.BadValue, `${operator} argument's entries must be objects`);
        }
        return prepareFilter(clause);
      });
    case '$expr':
      return value;
    case '$comment':
      return undefined;
    case '$where':
      throw queryError(ErrorCode.NotImplemented, '$where is not supported by this server');
    case '$jsonSchema':
      if (!isPlainObject(value))
        throw queryError(ErrorCode.TypeMismatch, '$jsonSchema must be an object');
      compileJsonSchema(value);
      return value;
    case '$text':
      throw queryError(
        ErrorCode.BadValue,
        '$text may stand only at the top of a filter or in a top-level $and',
      );
    default:
      throw queryError(
        ErrorCode.BadValue,
        `unknown top level operator: ${operator}. If you have a field name that starts with a '$' symbol, consider using $getField or $setField.`,
      );
  }
}

/** A regex operand for mingo: compiled by RE2, so matching it cannot backtrack. */
function linearPattern(source: unknown, options: unknown): unknown {
  if (typeof source !== 'string' && !isRegexValue(source)) {
    throw queryError(ErrorCode.BadValue, '$regex has to be a string');
  }
  if (options !== undefined && typeof options !== 'string') {
    throw queryError(ErrorCode.BadValue, '$options has to be a string');
  }
  return patternOf(source, options);
}

/** Regexes among $in / $nin / $all operands become patterns; other values stay as they are. */
const withPatterns = (items: unknown[]): unknown[] =>
  items.map((item) => (isRegexValue(item) ? patternOf(item) : item));

function prepareOperators(field: string, given: Record<string, unknown>): Document {
  const out: Document = {};
  const spec = prepareNear(given) ?? given;
  for (const [operator, argument] of Object.entries(spec)) {
    if (!FIELD_OPERATORS.has(operator)) {
      throw queryError(ErrorCode.BadValue, `unknown operator: ${operator}`);
    }
    switch (operator) {
      case '$comment':
        continue;
      case '$in':
      case '$nin':
        if (!Array.isArray(argument))
          throw queryError(ErrorCode.BadValue, `${operator} needs an array`);
        for (const item of argument as unknown[]) {
          if (isOperatorObject(item)) {
            throw queryError(ErrorCode.BadValue, `cannot nest $ under ${operator}`);
          }
        }
        out[operator] = withPatterns(argument);
        continue;
      case '$all':
        if (!Array.isArray(argument)) throw queryError(ErrorCode.BadValue, '$all needs an array');
        out[operator] = withPatterns(argument);
        continue;
      case '$size':
        if (
          !isNumeric(argument) ||
          !Number.isInteger(numberOf(argument)) ||
          numberOf(argument) < 0
        ) {
          throw queryError(ErrorCode.BadValue, '$size needs a non-negative integer');
        }
        break;
      case '$mod': {
        if (!Array.isArray(argument)) {
          throw queryError(ErrorCode.BadValue, 'malformed mod, needs to be an array');
        }
        if (argument.length < 2)
          throw queryError(ErrorCode.BadValue, 'malformed mod, not enough elements');
        if (argument.length > 2)
          throw queryError(ErrorCode.BadValue, 'malformed mod, too many elements');
        if (!argument.every((n: unknown) => isNumeric(n))) {
          throw queryError(
            ErrorCode.BadValue,
            'malformed mod, divisor and remainder must be numbers',
          );
        }
        if (Math.trunc(numberOf(argument[0])) === 0) {
          throw queryError(ErrorCode.BadValue, 'divisor cannot be 0');
        }
        break;
      }
      case '$regex':
        out[PATTERN_OPERATOR] = linearPattern(argument, spec.$options);
        continue;
      case '$options':
        if (!('$regex' in spec)) throw queryError(ErrorCode.BadValue, '$options needs a $regex');
        continue;
      case '$type': {
        const numbers = typeNumbersOf(argument);
        if (typeof numbers === 'string') throw queryError(ErrorCode.BadValue, numbers);
        break;
      }
      case '$elemMatch':
        if (!isPlainObject(argument))
          throw queryError(ErrorCode.BadValue, '$elemMatch needs an Object');
        out[operator] = isOperatorObject(argument)
          ? prepareElemMatchOperators(field, argument)
          : prepareFilter(argument);
        continue;
      case '$not':
        if (isRegexValue(argument)) {
          out[operator] = { [PATTERN_OPERATOR]: patternOf(argument) };
          continue;
        }
        if (!isPlainObject(argument))
          throw queryError(ErrorCode.BadValue, '$not needs a regex or a document');
        if (Object.keys(argument).length === 0)
          throw queryError(ErrorCode.BadValue, '$not cannot be empty');
        if (!isOperatorObject(argument))
          throw queryError(ErrorCode.BadValue, 'unknown operator: $not');
        out[operator] = prepareOperators(field, argument);
        continue;
      default:
        break;
    }
    out[operator] = argument;
  }
  return out;
}

/** $elemMatch over values mixes field operators with $and/$or/$nor clauses. */
function prepareElemMatchOperators(field: string, spec: Record<string, unknown>): Document {
  const logical: Document = {};
  const operators: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(spec)) {
    if (key === '$and' || key === '$or' || key === '$nor')
      logical[key] = prepareTopLevel(key, value);
    else operators[key] = value;
  }
  return { ...prepareOperators(field, operators), ...logical };
}
