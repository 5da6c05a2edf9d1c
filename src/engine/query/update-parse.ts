// Classifying and validating update specifications the way MongoDB does before any document is
// touched: replacement, operator document or aggregation pipeline.
import type { Document } from 'bson';
import { ErrorCode } from '../errors.js';
import { isPlainObject } from './plain.js';
import { queryError } from './query-errors.js';

export type ParsedUpdate =
  | { kind: 'replacement'; doc: Document }
  | { kind: 'operators'; operators: Document }
  | { kind: 'pipeline'; stages: Document[] };

export const UPDATE_OPERATORS = new Set([
  '$set',
  '$unset',
  '$inc',
  '$mul',
  '$min',
  '$max',
  '$rename',
  '$push',
  '$addToSet',
  '$pop',
  '$pull',
  '$pullAll',
  '$currentDate',
  '$bit',
  '$setOnInsert',
]);

export const UPDATE_PIPELINE_STAGES = new Set([
  '$addFields',
  '$set',
  '$project',
  '$unset',
  '$replaceRoot',
  '$replaceWith',
]);

function typeNameOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'double';
  if (typeof value === 'object') {
    const tag = (value as { _bsontype?: string })._bsontype;
    return tag ? tag.toLowerCase() : 'object';
  }
  return typeof value;
}

function parsePipeline(stages: unknown[]): ParsedUpdate {
  return {
    kind: 'pipeline',
    stages: stages.map((stage) => {
      if (!isPlainObject(stage) || Object.keys(stage).length !== 1) {
        throw queryError(
          40323,
          'A pipeline stage specification object must contain exactly one field.',
        );
      }
      const name = Object.keys(stage)[0] as string;
      if (!UPDATE_PIPELINE_STAGES.has(name)) {
        throw queryError(
          ErrorCode.InvalidOptions,
          `${name} is not allowed to be used within an update`,
        );
      }
      return stage;
    }),
  };
}

/** Every path an operator document writes ($rename writes both its source and target). */
export function updatedPaths(operators: Document): string[] {
  const paths: string[] = [];
  for (const [operator, fields] of Object.entries(operators)) {
    for (const [path, argument] of Object.entries(fields as Document)) {
      paths.push(path);
      if (operator === '$rename' && typeof argument === 'string') paths.push(argument);
    }
  }
  return paths;
}

function checkConflicts(operators: Document): void {
  const paths = updatedPaths(operators).sort();
  // After sorting, a path is followed directly by the paths it is a prefix of.
  for (let i = 1; i < paths.length; i++) {
    const previous = paths[i - 1] as string;
    const current = paths[i] as string;
    if (current === previous || current.startsWith(`${previous}.`)) {
      throw queryError(
        ErrorCode.ConflictingUpdateOperators,
        `Updating the path '${current}' would create a conflict at '${previous}'`,
      );
    }
  }
}

function checkOperatorArguments(operator: string, fields: Document): void {
  for (const [path, argument] of Object.entries(fields)) {
    if (path === '' || path.split('.').includes('')) {
      throw queryError(56, `An empty update path is not valid.`);
    }
    if (operator === '$rename') {
      if (typeof argument !== 'string') {
        throw queryError(
          ErrorCode.BadValue,
          `The 'to' field for $rename must be a string: ${path}: ${String(argument)}`,
        );
      }
      if (argument === path) {
        throw queryError(
          ErrorCode.BadValue,
          `The source and target field for $rename must differ: ${path}: "${argument}"`,
        );
      }
      if (/\$/.test(path) || /\$/.test(argument)) {
        throw queryError(
          ErrorCode.BadValue,
          'The source and target field for $rename must not contain positional operators',
        );
      }
    }
  }
}

function parseOperators(update: Document): ParsedUpdate {
  for (const [operator, fields] of Object.entries(update)) {
    if (!UPDATE_OPERATORS.has(operator)) {
      throw queryError(
        ErrorCode.FailedToParse,
        `Unknown modifier: ${operator}. Expected a valid update modifier or pipeline-style update specified as an array`,
      );
    }
    if (!isPlainObject(fields)) {
      throw queryError(
        ErrorCode.FailedToParse,
        `Modifiers operate on fields but we found type ${typeNameOf(fields)} instead. For example: {$mod: {<field>: ...}} not {${operator}: ${String(fields)}}`,
      );
    }
    checkOperatorArguments(operator, fields);
  }
  checkConflicts(update);
  return { kind: 'operators', operators: update };
}

export function parseUpdate(update: Document | Document[]): ParsedUpdate {
  if (Array.isArray(update)) return parsePipeline(update);
  if (!isPlainObject(update))
    throw queryError(
      ErrorCode.FailedToParse,
      'Update argument must be either an object or an array',
    );
  const keys = Object.keys(update);
  if (keys[0]?.startsWith('$')) return parseOperators(update);
  const dollarKey = keys.find((key) => key.startsWith('$'));
  if (dollarKey !== undefined) {
    throw queryError(
      ErrorCode.DollarPrefixedFieldName,
      `The dollar ($) prefixed field '${dollarKey}' in '${dollarKey}' is not valid for storage.`,
    );
  }
  return { kind: 'replacement', doc: update };
}
