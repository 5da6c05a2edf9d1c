// Every Mongoose test known to fail against the engine, with why: a MongoDB feature the engine
// does not implement, a gap in the copy of Mongoose's tests, or an engine bug not fixed yet.
// `npm run compat:mongoose` reports any failure not listed here as unexpected (a regression or
// a new test); this list must only shrink.

const WHERE = 'unsupported: $where (server-side JavaScript)';
const HASHED = 'unsupported: hashed indexes';
const CREDENTIALS_IN_URI =
  'the test parses the URI with a regex that allows no credentials; the runner serves with authentication, as users do';
const CAPPED_WITHOUT_SIZE =
  "engine bug: create accepts {capped: <number>} without size, which MongoDB refuses (capped collections are another helper's work)";
const MISSING_ISOLATED = 'the copy of the suite lacks test/isolated/, which the test runs';
const MISSING_DOCS = 'the copy of the suite lacks test/docs/, which the file requires';
const CURSOR_CLOSE_20MS =
  "timing: expects a find's first batch and the cursor's close within 20 ms of creating it";

type KnownFailure = readonly [file: string, title: string, reason: string];

const KNOWN: readonly KnownFailure[] = [
  [
    'connection.test.js',
    'connections: openUri (gh-5304) with mongoose.createConnection()',
    CREDENTIALS_IN_URI,
  ],
  [
    'connection.test.js',
    'connections: events commandStarted, commandFailed, commandSucceeded (gh-14611)',
    CAPPED_WITHOUT_SIZE,
  ],
  [
    'errors.validation.test.js',
    'ValidationError when user code defines a r/o Error#toJSON should not fail',
    MISSING_ISOLATED,
  ],
  ['model.querying.test.js', 'model: querying: findOne querying via $where a string', WHERE],
  ['model.querying.test.js', 'model: querying: findOne querying via $where a function', WHERE],
  ['model.querying.test.js', 'model: querying: hashed indexes work', HASHED],
  [
    'query.cursor.test.js',
    'QueryCursor closing query cursor emits `close` event only once (gh-8835)',
    CURSOR_CLOSE_20MS,
  ],
  ['subdirs.test.js', '(whole file)', MISSING_DOCS],
];

const byTest = new Map(KNOWN.map(([file, title, reason]) => [`${file}\n${title}`, reason]));

/** Why this test is expected to fail, or undefined when it is not. */
export function knownFailureReason(file: string, title: string): string | undefined {
  return byTest.get(`${file}\n${title}`);
}
