// Checks MongoDB makes before applying update operators that mingo either skips silently or
// words differently: arrayFilters bookkeeping, numeric arithmetic operands, viable paths and
// array targets.
import type { Document } from 'bson';
import { ErrorCode } from '../errors.js';
import { getPath } from './paths.js';
import { bsonTypeOf, isNumeric, isPlainObject, toPlain } from './plain.js';
import { queryError } from './query-errors.js';

const ARRAY_FILTER_IDENTIFIER = /^[a-z][a-zA-Z0-9]*$/;

function checkArrayFilters(operators: Document, arrayFilters: Document[]): void {
  const used = new Map<string, string>();
  for (const fields of Object.values(operators)) {
    for (const path of Object.keys(fields as Document)) {
      for (const match of path.matchAll(/\$\[([^\]]+)\]/g)) used.set(match[1] as string, path);
    }
  }
  const declared = new Set<string>();
  for (const filter of arrayFilters) {
    const identifiers = new Set(Object.keys(filter).map((key) => key.split('.')[0] as string));
    if (identifiers.size !== 1) {
      throw queryError(
        ErrorCode.FailedToParse,
        'Error parsing array filter :: caused by :: Expected a single top-level field name',
      );
    }
    const identifier = [...identifiers][0] as string;
    if (!ARRAY_FILTER_IDENTIFIER.test(identifier)) {
      throw queryError(
        ErrorCode.BadValue,
        `Error parsing array filter :: caused by :: The top-level field name must be an alphanumeric string beginning with a lowercase letter, found '${identifier}'`,
      );
    }
    if (declared.has(identifier)) {
      throw queryError(
        ErrorCode.FailedToParse,
        `Found multiple array filters with the same top-level field name ${identifier}`,
      );
    }
    declared.add(identifier);
  }
  for (const [identifier, path] of used) {
    if (!declared.has(identifier)) {
      throw queryError(
        ErrorCode.BadValue,
        `No array filter found for identifier '${identifier}' in path '${path}'`,
      );
    }
  }
  for (const identifier of declared) {
    if (!used.has(identifier)) {
      throw queryError(
        ErrorCode.FailedToParse,
        `The array filter for identifier '${identifier}' was not used in the update ${JSON.stringify(operators)}`,
      );
    }
  }
}

/** $inc/$mul need numbers on both sides (checked where the path has no positional parts). */
function checkArithmetic(doc: Document, operators: Document): void {
  for (const operator of ['$inc', '$mul'] as const) {
    const fields = operators[operator] as Document | undefined;
    if (!fields) continue;
    const verb = operator === '$inc' ? 'increment' : 'multiply';
    for (const [path, operand] of Object.entries(fields)) {
      if (!isNumeric(operand)) {
        throw queryError(
          ErrorCode.TypeMismatch,
          `Cannot ${verb} with non-numeric argument: {${path}: ${JSON.stringify(toPlain(operand))}}`,
        );
      }
      if (path.includes('$')) continue;
      const current = getPath(doc, path);
      if (current !== undefined && !isNumeric(current)) {
        throw queryError(
          ErrorCode.TypeMismatch,
          `Cannot apply ${operator} to a value of non-numeric type. {_id: ${JSON.stringify(toPlain(doc._id))}} has the field '${path}' of non-numeric type ${current === null ? 'null' : Array.isArray(current) ? 'array' : typeof current}`,
        );
      }
    }
  }
}

const typeNameOf = (value: unknown): string =>
  value === null
    ? 'null'
    : Array.isArray(value)
      ? 'array'
      : (bsonTypeOf(value)?.toLowerCase() ?? (typeof value === 'object' ? 'object' : typeof value));

const ARRAY_OPERATORS = new Set(['$push', '$addToSet', '$pop', '$pull', '$pullAll']);

/**
 * Checks mingo skips silently: a path cannot continue through a scalar (PathNotViable), and
 * array operators need an array (checked where the path has no positional parts).
 */
function checkPaths(doc: Document, operators: Document): void {
  for (const [operator, fields] of Object.entries(operators)) {
    if (operator === '$unset' || operator === '$rename') continue;
    for (const path of Object.keys(fields as Document)) {
      const parts = path.split('.');
      let node: unknown = doc;
      for (let i = 0; i < parts.length; i++) {
        const part = parts[i] as string;
        if (part.startsWith('$')) break;
        const isLast = i === parts.length - 1;
        let next: unknown;
        if (Array.isArray(node) && /^\d+$/.test(part)) next = node[Number(part)];
        else if (isPlainObject(node)) next = node[part];
        else {
          const parent = parts.slice(0, i).join('.');
          throw queryError(
            ErrorCode.PathNotViable,
            `Cannot create field '${part}' in element {${parent}: ${JSON.stringify(toPlain(node))}}`,
          );
        }
        if (isLast && next !== undefined && ARRAY_OPERATORS.has(operator) && !Array.isArray(next)) {
          throw queryError(
            ErrorCode.BadValue,
            operator === '$pull' || operator === '$pullAll'
              ? `Cannot apply ${operator} to a non-array value`
              : `The field '${path}' must be an array but is of type ${typeNameOf(next)} in document {_id: ${JSON.stringify(toPlain(doc._id))}}`,
          );
        }
        if (next === undefined) break;
        node = next;
      }
    }
  }
}

export function checkOperatorUpdate(
  doc: Document,
  operators: Document,
  arrayFilters: Document[],
): void {
  checkArrayFilters(operators, arrayFilters);
  checkArithmetic(doc, operators);
  checkPaths(doc, operators);
}
