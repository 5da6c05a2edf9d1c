// What a text index reads from a document: every string at a weighted path (through arrays and
// subdocuments), or every string anywhere under the wildcard, each with its path's weight and
// its language (the index's default, or the language_override field of the document or of the
// nearest subdocument that has one).
import type { Document } from 'bson';
import { ErrorCode, MongoServerError } from '../errors.js';
import { isPlainObject } from './plain.js';
import { textLanguageOf, type TextLanguage } from './text-language.js';

/** A text index's spec (listIndexes form), decoded once for reading documents. */
export interface TextIndexDefinition {
  /** Explicit weights by dotted path. */
  readonly weights: ReadonlyMap<string, number>;
  /** The wildcard's weight when the index has "$**", else undefined. */
  readonly wildcardWeight: number | undefined;
  readonly defaultLanguage: TextLanguage;
  readonly languageOverride: string;
  /** Fields before the text part of a compound key: a $text query needs equality on them. */
  readonly prefixFields: readonly string[];
}

export interface TextValue {
  readonly text: string;
  readonly weight: number;
  readonly language: TextLanguage;
}

export const WILDCARD = '$**';

/** The definition of a stored text index spec ({key: {_fts: 'text', _ftsx: 1}, weights, ...}). */
export function textDefinitionOf(spec: Document): TextIndexDefinition | undefined {
  const key = spec.key as Document | undefined;
  if (!key || key._fts !== 'text') return undefined;
  const weights = new Map<string, number>();
  let wildcardWeight: number | undefined;
  for (const [path, weight] of Object.entries((spec.weights as Document | undefined) ?? {})) {
    if (path === WILDCARD) wildcardWeight = Number(weight);
    else weights.set(path, Number(weight));
  }
  const fields = Object.keys(key);
  return {
    weights,
    wildcardWeight,
    defaultLanguage:
      textLanguageOf(String(spec.default_language ?? 'english')) ??
      (textLanguageOf('none') as TextLanguage),
    languageOverride: String(spec.language_override ?? 'language'),
    prefixFields: fields.slice(0, fields.indexOf('_fts')),
  };
}

/** A document's override of the language (17261/17262 as mongod when it is not a language). */
function languageIn(doc: Record<string, unknown>, field: string): TextLanguage | undefined {
  if (!Object.hasOwn(doc, field)) return undefined;
  const value = doc[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    throw new MongoServerError(
      17261,
      'found language override field in document with non-string type',
    );
  }
  const language = textLanguageOf(value);
  if (!language) throw new MongoServerError(17262, `language override unsupported: ${value}`);
  return language;
}

/** Paths that lead to a weighted path, so a walk without the wildcard can skip the rest. */
function prefixesOf(weights: ReadonlyMap<string, number>): Set<string> {
  const prefixes = new Set<string>();
  for (const path of weights.keys()) {
    const parts = path.split('.');
    for (let n = 1; n <= parts.length; n++) prefixes.add(parts.slice(0, n).join('.'));
  }
  return prefixes;
}

const prefixCache = new WeakMap<TextIndexDefinition, Set<string>>();

/** Every indexed string of a document, in document order. */
export function textValuesOf(definition: TextIndexDefinition, doc: Document): TextValue[] {
  let prefixes = prefixCache.get(definition);
  if (!prefixes) {
    prefixes = prefixesOf(definition.weights);
    prefixCache.set(definition, prefixes);
  }
  const out: TextValue[] = [];
  const language = languageIn(doc, definition.languageOverride) ?? definition.defaultLanguage;
  walk(definition, prefixes, doc, '', language, out);
  return out;
}

function walk(
  definition: TextIndexDefinition,
  prefixes: Set<string>,
  value: unknown,
  path: string,
  language: TextLanguage,
  out: TextValue[],
): void {
  if (typeof value === 'string') {
    const weight = definition.weights.get(path) ?? definition.wildcardWeight;
    if (weight !== undefined && path !== '') out.push({ text: value, weight, language });
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) walk(definition, prefixes, item, path, language, out);
    return;
  }
  if (!isPlainObject(value)) return;
  const inner =
    path === '' ? language : (languageIn(value, definition.languageOverride) ?? language);
  for (const [field, item] of Object.entries(value)) {
    const next = path === '' ? field : `${path}.${field}`;
    if (definition.wildcardWeight === undefined && !prefixes.has(next)) continue;
    walk(definition, prefixes, item, next, inner, out);
  }
}

/** Thrown for a text search on a compound text index without equality on its prefix fields. */
export function prefixError(): MongoServerError {
  return new MongoServerError(
    ErrorCode.BadValue,
    'error processing query: planner returned error :: caused by :: failed to use text index ' +
      'to satisfy $text query (if text index is compound, are equality predicates given for ' +
      'all prefix fields?)',
  );
}
