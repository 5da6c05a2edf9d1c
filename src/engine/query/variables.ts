// `let` variables: MongoDB evaluates each as an expression once, before the command runs
// ({$literal: '$x'} becomes the string '$x'), then exposes it as $$name.
import type { Document } from 'bson';
import { runPipeline } from './pipeline.js';

export function evaluateVariables(variables: Document | undefined): Document | undefined {
  if (!variables || Object.keys(variables).length === 0) return variables;
  const [evaluated] = runPipeline([{}], [{ $replaceWith: { $literal: {} } }, { $set: variables }], {
    db: '',
    resolveCollection: () => [],
  });
  return evaluated ?? {};
}
