// A requested text index in the form mongod stores and lists it: the text fields of the key
// become {_fts: "text", _ftsx: 1} (equality prefix and suffix fields kept around them), their
// weights go to `weights` (1 unless given; "$**" for the wildcard), with default_language,
// language_override and textIndexVersion 3. Errors are mongod's (CannotCreateIndex, 67).
import type { Document } from 'bson';
import { ErrorCode, MongoServerError } from '../errors.js';
import { textLanguageOf } from '../query/text-language.js';
import { WILDCARD } from '../query/text-values.js';
import type { IndexSpec } from '../storage/backend.js';
import { asNumber, isDocument } from './arguments.js';

const MAX_WORD_WEIGHT = 100_000;

const refuse = (message: string): MongoServerError =>
  new MongoServerError(ErrorCode.CannotCreateIndex, message);

/** Whether a key pattern asks for a text index ("text" values, or the stored _fts form). */
export function isTextKey(key: Document): boolean {
  return Object.entries(key).some(([field, kind]) => kind === 'text' || field === '_fts');
}

/** The stored key: text fields replaced by _fts/_ftsx, which must be adjacent. */
function storedKey(key: Document, weights: Map<string, number>): Document {
  const out: Document = {};
  let state: 'before' | 'text' | 'after' = 'before';
  for (const [field, kind] of Object.entries(key)) {
    if (field === '_fts' || field === '_ftsx') {
      if (field === '_fts' && kind !== 'text') throw refuse('expecting _fts:"text"');
      if (field === '_ftsx' && asNumber(kind) !== 1) throw refuse('expecting _ftsx:1');
      out[field] = field === '_fts' ? 'text' : 1;
      state = 'text';
      continue;
    }
    if (kind === 'text') {
      if (state === 'after') throw refuse("'text' fields in index must all be adjacent");
      out._fts = 'text';
      out._ftsx = 1;
      state = 'text';
      weights.set(field, 1);
      continue;
    }
    const direction = asNumber(kind);
    if (direction !== 1 && direction !== -1) {
      throw refuse('expected value 1 or -1 for non-text key in compound index');
    }
    if (state === 'text') state = 'after';
    out[field] = direction;
  }
  return out;
}

function addWeights(raw: unknown, weights: Map<string, number>): void {
  if (raw === undefined) return;
  if (raw === WILDCARD) {
    weights.set(WILDCARD, 1);
    return;
  }
  if (!isDocument(raw)) throw refuse("text index option 'weights' must be an object");
  for (const [path, value] of Object.entries(raw)) {
    const weight = asNumber(value);
    if (weight === undefined) throw refuse('weight for text index needs numeric type');
    weights.set(path, Math.trunc(weight));
  }
}

function checkedWeights(weights: Map<string, number>): Document {
  if (weights.size === 0) {
    throw refuse("text index option 'weights' must specify fields or the wildcard");
  }
  const out: Document = {};
  // mongod lists them sorted by path.
  for (const path of [...weights.keys()].sort()) {
    const weight = weights.get(path) as number;
    if (weight <= 0 || weight >= MAX_WORD_WEIGHT) {
      throw refuse(
        `text index weight must be in the exclusive interval (0,${MAX_WORD_WEIGHT}) but found: ${weight}`,
      );
    }
    if (path !== WILDCARD && path.split('.').some((part) => part === '' || part.startsWith('$'))) {
      throw refuse(`weight cannot have an empty or $-prefixed path component: ${path}`);
    }
    out[path] = weight;
  }
  return out;
}

function languageOptions(spec: IndexSpec): { default_language: string; language_override: string } {
  const language = spec.default_language ?? 'english';
  if (typeof language !== 'string') throw refuse('default_language needs a string type');
  if (!textLanguageOf(language)) throw refuse('default_language is not valid');
  const override = spec.language_override ?? 'language';
  if (typeof override !== 'string') throw refuse('language_override must be a string');
  if (override === '' || override.startsWith('$') || override.includes('.')) {
    throw refuse('language_override is not valid');
  }
  return { default_language: language, language_override: override };
}

/** A parsed index spec whose key asks for text, in its stored form. */
export function textIndexSpec(spec: IndexSpec): IndexSpec {
  const weights = new Map<string, number>();
  const key = storedKey(spec.key, weights);
  addWeights(spec.weights, weights);
  const version = spec.textIndexVersion ?? 3;
  if (asNumber(version) !== 3 && asNumber(version) !== 2) {
    throw refuse(`bad textIndexVersion: ${String(version)}`);
  }
  if (spec.collation !== undefined) {
    throw refuse(`Index type 'text' does not support collation: ${JSON.stringify(spec.collation)}`);
  }
  const { v, name, key: _requested, ...options } = spec;
  return {
    v,
    key,
    name,
    ...options,
    weights: checkedWeights(weights),
    ...languageOptions(spec),
    textIndexVersion: 3,
  };
}
