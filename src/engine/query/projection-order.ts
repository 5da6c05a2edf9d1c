// The field order of a projected document, as MongoDB builds it: fields kept from the source
// come in the source's order, then computed fields in the order the projection wrote them
// (mingo sorts a projection's fields by name).
import type { Document } from 'bson';
import type { Iterator } from 'mingo/lazy';
import * as pipelineOperators from 'mingo/operators/pipeline';
import type { AnyObject, Options } from 'mingo/types';

type Stage = (collection: Iterator, spec: unknown, options: Options) => Iterator;
import { isPlainObject } from './plain.js';

const isSubProjection = (value: unknown): value is Document =>
  isPlainObject(value) && !Object.keys(value).some((key) => key.startsWith('$'));

const isInclusion = (value: unknown): boolean =>
  typeof value === 'boolean' || typeof value === 'number' || isSubProjection(value);

/** The projection below `key`, from dotted paths and nested sub-projections alike. */
function childSpec(spec: Document, key: string): Document {
  const out: Document = {};
  for (const [path, value] of Object.entries(spec)) {
    const [head, ...rest] = path.split('.');
    if (head !== key) continue;
    if (rest.length > 0) out[rest.join('.')] = value;
    else if (isSubProjection(value)) Object.assign(out, value);
  }
  return out;
}

const headsOf = (spec: Document): string[] => [
  ...new Set(Object.keys(spec).map((path) => path.split('.')[0] as string)),
];

export function inProjectionOrder(value: unknown, source: unknown, spec: Document): unknown {
  if (Array.isArray(value)) {
    return value.map((item: unknown, i) =>
      inProjectionOrder(item, Array.isArray(source) ? source[i] : undefined, spec),
    );
  }
  if (!isPlainObject(value)) return value;
  const sourceFields = isPlainObject(source) ? source : {};
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(sourceFields)) {
    const computed = key in spec && !isInclusion(spec[key]);
    if (key in value && !computed) {
      out[key] = inProjectionOrder(value[key], sourceFields[key], childSpec(spec, key));
    }
  }
  for (const head of headsOf(spec)) {
    if (head in value && !(head in out)) {
      out[head] = inProjectionOrder(value[head], undefined, childSpec(spec, head));
    }
  }
  for (const [key, item] of Object.entries(value)) if (!(key in out)) out[key] = item;
  return out;
}

/** mingo's $project, with each output document's fields put in MongoDB's order. */
export function projectStage(collection: Iterator, spec: unknown, options: Options): Iterator {
  const project = pipelineOperators.$project as unknown as Stage;
  if (!isPlainObject(spec)) return project(collection, spec, options);
  // mingo maps documents one to one and in order, so a queue pairs each output with its input.
  const inputs: AnyObject[] = [];
  const tapped = collection.map((doc: AnyObject) => {
    inputs.push(doc);
    return doc;
  });
  const projected = project(tapped, spec, options);
  return projected.map(
    (doc: AnyObject) => inProjectionOrder(doc, inputs.shift(), spec) as AnyObject,
  );
}
