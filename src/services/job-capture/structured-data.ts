// Structured data as JSON-LD and microdata give it: plain objects and arrays. Walked with a
// stack of its own, never deeper than MAX_NESTING nor more than MAX_NODES nodes: a page may
// nest arrays a million deep, and JSON.parse reads that fine where a recursive walk would not.
import { MAX_NESTING, MAX_NODES } from './limits.js';

export type DataNode = Record<string, unknown>;

export function isNode(value: unknown): value is DataNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A schema.org type without its vocabulary: "JobPosting" for schema:JobPosting or the URL. */
export function bareType(type: string): string {
  return type
    .trim()
    .replace(/^https?:\/\/schema\.org\//i, '')
    .replace(/^schema:/i, '');
}

/** Whether the node's @type (a string or a list) is `type`. */
export function hasType(node: DataNode, type: string): boolean {
  const types = node['@type'];
  const list = Array.isArray(types) ? types : [types];
  return list.some((item) => typeof item === 'string' && bareType(item) === type);
}

export interface FoundNodes {
  /** Nodes of the type looked for, in the order they appear. */
  matches: DataNode[];
  /** Every node with an @id, by it (a @graph's nodes refer to each other so). */
  byId: ReadonlyMap<string, DataNode>;
}

/** The nodes of `type` anywhere in `roots` (in @graph arrays, nested, in lists). */
export function findNodes(roots: readonly unknown[], type: string): FoundNodes {
  const matches: DataNode[] = [];
  const byId = new Map<string, DataNode>();
  // Reversed so that popping visits the roots, and each list, in document order.
  const pending: Array<{ value: unknown; depth: number }> = roots
    .map((value) => ({ value, depth: 1 }))
    .reverse();
  let visited = 0;
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (++visited > MAX_NODES) break;
    const { value, depth } = next;
    if (depth > MAX_NESTING) continue;
    const children = Array.isArray(value) ? value : isNode(value) ? Object.values(value) : [];
    if (isNode(value)) {
      if (hasType(value, type)) matches.push(value);
      const id = value['@id'];
      if (typeof id === 'string' && !byId.has(id)) byId.set(id, value);
    }
    for (let index = children.length - 1; index >= 0; index--) {
      const child: unknown = children[index];
      if (typeof child === 'object' && child !== null)
        pending.push({ value: child, depth: depth + 1 });
    }
  }
  return { matches, byId };
}
