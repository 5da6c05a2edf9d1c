// Every Mongoose test known to fail against the engine, with why: a MongoDB feature the engine
// does not implement, a gap in the copy of Mongoose's tests, or an engine bug not fixed yet.
// `npm run compat:mongoose` reports any failure not listed here as unexpected (a regression or
// a new test); this list must only shrink.

const GEO =
  'unsupported: geospatial (2d/2dsphere indexes, $near, $nearSphere, $geoWithin, $geoIntersects)';
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
  ['document.test.js', 'document bug fixes single embedded docs with $near (gh-4014)', GEO],
  [
    'errors.validation.test.js',
    'ValidationError when user code defines a r/o Error#toJSON should not fail',
    MISSING_ISOLATED,
  ],
  ['geojson.test.js', 'geojson driver query', GEO],
  ['geojson.test.js', 'geojson within helper', GEO],
  ['geojson.test.js', 'geojson index', GEO],
  ['geojson.test.js', 'geojson near', GEO],
  ['model.query.casting.test.js', 'model query casting minDistance (gh-4197)', GEO],
  ['model.query.casting.test.js', 'model query casting $near with arrays', GEO],
  ['model.query.casting.test.js', 'model query casting $near with objects', GEO],
  ['model.query.casting.test.js', 'model query casting $near with nested objects', GEO],
  ['model.query.casting.test.js', 'model query casting $nearSphere with arrays', GEO],
  ['model.query.casting.test.js', 'model query casting $nearSphere with objects', GEO],
  ['model.query.casting.test.js', 'model query casting $nearSphere with nested objects', GEO],
  ['model.query.casting.test.js', 'model query casting $within $centerSphere with arrays', GEO],
  ['model.query.casting.test.js', 'model query casting $within $centerSphere with objects', GEO],
  [
    'model.query.casting.test.js',
    'model query casting $within $centerSphere with nested objects',
    GEO,
  ],
  ['model.query.casting.test.js', 'model query casting $within $center with arrays', GEO],
  ['model.query.casting.test.js', 'model query casting $within $center with objects', GEO],
  ['model.query.casting.test.js', 'model query casting $within $center with nested objects', GEO],
  ['model.query.casting.test.js', 'model query casting $within $polygon with arrays', GEO],
  ['model.query.casting.test.js', 'model query casting $within $polygon with objects', GEO],
  ['model.query.casting.test.js', 'model query casting $within $polygon with nested objects', GEO],
  ['model.query.casting.test.js', 'model query casting $within $box with arrays', GEO],
  ['model.query.casting.test.js', 'model query casting $within $box with objects', GEO],
  ['model.query.casting.test.js', 'model query casting $within $box with nested objects', GEO],
  ['model.querying.test.js', 'model: querying: findOne querying via $where a string', WHERE],
  ['model.querying.test.js', 'model: querying: findOne querying via $where a function', WHERE],
  ['model.querying.test.js', 'model: querying: 2d $near (gh-309)', GEO],
  ['model.querying.test.js', 'model: querying: 2d $within arrays (gh-586)', GEO],
  ['model.querying.test.js', 'model: querying: 2d $nearSphere with arrays (gh-610)', GEO],
  [
    'model.querying.test.js',
    'model: querying: 2d $nearSphere with invalid coordinate does not crash (gh-1874)',
    GEO,
  ],
  ['model.querying.test.js', 'model: querying: 2d $maxDistance with arrays', GEO],
  ['model.querying.test.js', 'model: querying: 2dsphere $geometry Polygon', GEO],
  ['model.querying.test.js', 'model: querying: 2dsphere $geoIntersects LineString', GEO],
  ['model.querying.test.js', 'model: querying: 2dsphere $geoIntersects MultiLineString', GEO],
  ['model.querying.test.js', 'model: querying: 2dsphere $geoIntersects MultiPolygon', GEO],
  ['model.querying.test.js', 'model: querying: 2dsphere $near Point', GEO],
  ['model.querying.test.js', 'model: querying: 2dsphere $near works with GeoJSON (gh-1482)', GEO],
  [
    'model.querying.test.js',
    'model: querying: 2dsphere $near works with legacy 2dsphere pair in schema (gh-6937)',
    GEO,
  ],
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
