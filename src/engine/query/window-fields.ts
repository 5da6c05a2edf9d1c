// $setWindowFields through mingo's implementation, which evaluates each output with an internal
// $function whose body is a JS closure of its own: that needs mingo's scriptEnabled, which the
// engine otherwise keeps off. Clients cannot send JS functions over BSON (code arrives as Code
// values mingo never runs), and the stage refuses user-written script operators outright.
import * as pipelineOperators from 'mingo/operators/pipeline';
import type { Iterator } from 'mingo/lazy';
import type { Options } from 'mingo/types';
import { isPlainObject } from './plain.js';
import { queryError, QueryErrorCode } from './query-errors.js';

type Stage = (collection: Iterator, spec: unknown, options: Options) => Iterator;

const SCRIPT_OPERATORS = new Set(['$function', '$accumulator', '$where']);

function refuseScripts(value: unknown): void {
  if (Array.isArray(value)) {
    value.forEach(refuseScripts);
    return;
  }
  if (!isPlainObject(value)) return;
  for (const [key, item] of Object.entries(value)) {
    if (SCRIPT_OPERATORS.has(key)) {
      throw queryError(QueryErrorCode.BadValue, `${key} is not allowed: JavaScript is disabled`);
    }
    refuseScripts(item);
  }
}

export function setWindowFieldsStage(
  collection: Iterator,
  spec: unknown,
  options: Options,
): Iterator {
  refuseScripts(spec);
  if (!isPlainObject(spec) || !isPlainObject(spec.output)) {
    throw queryError(QueryErrorCode.BadValue, "$setWindowFields requires an 'output' object");
  }
  const stage = pipelineOperators.$setWindowFields as unknown as Stage;
  // mingo hands stages either its plain options or a ComputeOptions wrapping them.
  const plain = (options as { options?: Options }).options ?? options;
  return stage(collection, spec, { ...plain, scriptEnabled: true });
}
