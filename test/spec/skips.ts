// Tests that cannot work against a single embedded server, whatever the engine's quality. Keep this
// short: a test the engine merely fails belongs in the failure count, not here.

export interface SkipRule {
  /** Matched against the file's description (its `description` field). */
  file?: RegExp;
  /** Matched against the test's description. */
  test?: RegExp;
  /** Skips any test that runs an operation of this name (on any object). */
  operation?: string;
  reason: string;
}

// The Node driver sends bypassDocumentValidation to aggregate, findAndModify and bulk inserts only
// when it is true, so these tests' expected `bypassDocumentValidation: false` can never appear.
const BYPASS_FALSE = /^(Aggregate with \$out|BulkWrite|FindOneAnd\w+|InsertMany) passes bypassDoc/;

export const SKIP_RULES: readonly SkipRule[] = [
  { test: BYPASS_FALSE, reason: 'the Node driver omits bypassDocumentValidation: false there' },
  {
    test: /^partialResult is unset when/,
    reason:
      "the Node driver sets a client bulk write error's partialResult even when nothing was written",
  },
];

export interface SkipCandidate {
  fileDescription: string;
  testDescription: string;
  operationNames: readonly string[];
}

export function skipReasonFor(candidate: SkipCandidate): string | undefined {
  for (const rule of SKIP_RULES) {
    if (rule.file && !rule.file.test(candidate.fileDescription)) continue;
    if (rule.test && !rule.test.test(candidate.testDescription)) continue;
    if (rule.operation && !candidate.operationNames.includes(rule.operation)) continue;
    return rule.reason;
  }
  return undefined;
}
