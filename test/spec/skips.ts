// Tests that cannot work against a single embedded server, whatever the engine's quality. Keep this
// short: a test the engine merely fails belongs in the failure count, not here.

export interface SkipRule {
  /** Matched against the file's description (its `description` field). */
  file?: RegExp;
  /** Matched against the test's description. */
  test?: RegExp;
  /** Skips any test that runs an operation of this name (on any object). */
  operation?: string;
  /** Skips tests this holds for (reads the whole test). */
  matches?: (test: Record<string, unknown>) => boolean;
  reason: string;
}

// The Node driver sends bypassDocumentValidation to aggregate, findAndModify and bulk inserts only
// when it is true, so these tests' expected `bypassDocumentValidation: false` can never appear.
const BYPASS_FALSE = /^(Aggregate with \$out|BulkWrite|FindOneAnd\w+|InsertMany) passes bypassDoc/;

/**
 * The Node driver (7.8, sessions.js) adds wtimeout: 10000 to the write concern of every
 * commitTransaction and abortTransaction it sends with one, so an expected command with a write
 * concern and no wtimeout never matches, whatever the server.
 */
function expectsEndWithoutWtimeout(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(expectsEndWithoutWtimeout);
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  const writeConcern = record.writeConcern;
  if (
    ('commitTransaction' in record || 'abortTransaction' in record) &&
    typeof writeConcern === 'object' &&
    writeConcern !== null &&
    'w' in writeConcern &&
    !('wtimeout' in writeConcern)
  ) {
    return true;
  }
  return Object.values(record).some(expectsEndWithoutWtimeout);
}

export const SKIP_RULES: readonly SkipRule[] = [
  {
    matches: (test) => expectsEndWithoutWtimeout(test.expectEvents),
    reason:
      'the Node driver adds wtimeout: 10000 to commitTransaction/abortTransaction write concerns',
  },
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
  test?: Record<string, unknown>;
}

export function skipReasonFor(candidate: SkipCandidate): string | undefined {
  for (const rule of SKIP_RULES) {
    if (rule.file && !rule.file.test(candidate.fileDescription)) continue;
    if (rule.test && !rule.test.test(candidate.testDescription)) continue;
    if (rule.operation && !candidate.operationNames.includes(rule.operation)) continue;
    if (rule.matches && !(candidate.test && rule.matches(candidate.test))) continue;
    return rule.reason;
  }
  return undefined;
}
