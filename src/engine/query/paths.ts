// Dotted-path access the way MongoDB's matcher and sorter see it: paths walk through arrays of
// subdocuments, and an array at the end of a path offers both itself and its elements.
import { isPlainObject, setField } from './plain.js';

const isIndex = (part: string): boolean => /^\d+$/.test(part);

/** A document's own field: `constructor` or `__proto__` never reach Object.prototype. */
const ownField = (doc: Record<string, unknown>, part: string): unknown =>
  Object.hasOwn(doc, part) ? doc[part] : undefined;

/** Every value a dotted path reaches; `undefined` stands for "missing" on some branch. */
export function valuesAtPath(root: unknown, path: string): unknown[] {
  const out: unknown[] = [];
  walk(root, path.split('.'), 0, out);
  return out;
}

function walk(value: unknown, parts: string[], depth: number, out: unknown[]): void {
  if (depth === parts.length) {
    out.push(value);
    if (Array.isArray(value)) out.push(...(value as unknown[]));
    return;
  }
  const part = parts[depth] as string;
  if (Array.isArray(value)) {
    const before = out.length;
    if (isIndex(part)) walk(value[Number(part)], parts, depth + 1, out);
    for (const item of value as unknown[]) {
      if (isPlainObject(item)) walk(ownField(item, part), parts, depth + 1, out);
    }
    if (out.length === before) out.push(undefined);
    return;
  }
  if (isPlainObject(value)) {
    walk(ownField(value, part), parts, depth + 1, out);
    return;
  }
  out.push(undefined);
}

/** The value at a path without array expansion (numeric parts index arrays). */
export function getPath(root: unknown, path: string): unknown {
  let value: unknown = root;
  for (const part of path.split('.')) {
    if (Array.isArray(value) && isIndex(part)) value = value[Number(part)];
    else if (isPlainObject(value) && Object.hasOwn(value, part)) value = value[part];
    else return undefined;
  }
  return value;
}

/** Sets a dotted path in a plain-object tree, creating subdocuments (mutates root). */
export function setPath(root: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node: Record<string, unknown> = root;
  for (const part of parts.slice(0, -1)) {
    // Own fields only: `__proto__` must name a field, never reach Object.prototype.
    const next = Object.hasOwn(node, part) ? node[part] : undefined;
    if (isPlainObject(next)) node = next;
    else {
      const created: Record<string, unknown> = {};
      setField(node, part, created);
      node = created;
    }
  }
  setField(node, parts[parts.length - 1] as string, value);
}

/** Removes a dotted path from a plain-object tree (mutates root). */
export function unsetPath(root: Record<string, unknown>, path: string): void {
  const parts = path.split('.');
  let node: unknown = root;
  for (const part of parts.slice(0, -1)) {
    node = isPlainObject(node) && Object.hasOwn(node, part) ? node[part] : undefined;
  }
  if (isPlainObject(node)) delete node[parts[parts.length - 1] as string];
}

/** The document with _id as its first field, where MongoDB always keeps it. */
export function withIdFirst<T extends Record<string, unknown>>(doc: T): T {
  if (!('_id' in doc) || Object.keys(doc)[0] === '_id') return doc;
  const { _id, ...rest } = doc;
  return { _id, ...rest } as unknown as T;
}
