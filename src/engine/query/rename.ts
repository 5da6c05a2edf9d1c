// $rename, applied here rather than by mingo: MongoDB moves a value to a field of any name
// (`__proto__.x` included, which mingo refuses), refuses a source or target through an array
// element, and refuses a target under a value that is not a document; mingo took a target under
// a scalar as "nothing to set" after deleting the source, so the value was silently lost.
import type { AnyObject } from 'mingo/types';
import { ErrorCode } from '../errors.js';
import { setPath, unsetPath } from './paths.js';
import { isPlainObject } from './plain.js';
import { queryError } from './query-errors.js';

type Walk = { found: true; value: unknown } | { found: false };

function refuseArray(role: 'source' | 'destination', path: string, part: string): Error {
  return queryError(
    ErrorCode.BadValue,
    `The ${role} field cannot be an array element, '${path}' has an array field called '${part}'`,
  );
}

/** The value at the source path, own fields only; an array on the way is refused. */
function sourceValue(doc: AnyObject, path: string): Walk {
  let node: unknown = doc;
  let parent = '';
  for (const part of path.split('.')) {
    if (Array.isArray(node)) throw refuseArray('source', path, parent);
    if (!isPlainObject(node) || !Object.hasOwn(node, part)) return { found: false };
    node = node[part];
    parent = part;
  }
  return { found: true, value: node };
}

/** Refuses a destination that crosses an array or a value that is not a document. */
function checkDestination(doc: AnyObject, path: string): void {
  const parts = path.split('.');
  let node: unknown = doc;
  for (const [depth, part] of parts.slice(0, -1).entries()) {
    if (!isPlainObject(node) || !Object.hasOwn(node, part)) return;
    node = node[part];
    if (Array.isArray(node)) throw refuseArray('destination', path, part);
    if (node !== undefined && !isPlainObject(node)) {
      throw queryError(
        ErrorCode.PathNotViable,
        `Cannot create field '${parts[depth + 1]}' in element {${part}: ${String(node)}}`,
      );
    }
  }
}

/** Applies a (validated) $rename to a plain document, in place. */
export function applyRenames(doc: AnyObject, renames: Record<string, unknown>): void {
  for (const [from, to] of Object.entries(renames)) {
    if (typeof to !== 'string') continue;
    const source = sourceValue(doc, from);
    if (!source.found) continue;
    checkDestination(doc, to);
    unsetPath(doc, from);
    setPath(doc, to, source.value);
  }
}
