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

export const SKIP_RULES: readonly SkipRule[] = [
  {
    operation: 'failPoint',
    reason:
      'configureFailPoint is a mongod test hook (enableTestCommands) the embedded engine does not offer',
  },
  {
    file: /^bypassDocumentValidation$/,
    test: /^(Aggregate with \$out|BulkWrite|FindOneAndReplace|FindOneAndUpdate|InsertMany) passes bypassDocumentValidation: false$/,
    reason: 'the Node driver only sends bypassDocumentValidation when true for these commands',
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
