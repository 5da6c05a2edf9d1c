// Projections that keep or drop whole top-level fields (`{password: 0}`, `{_id: 1}`,
// `{userId: 1, expiresAt: 1}`), the kind applications send on most finds. They need no
// projection engine: a stored document's kept elements are copied as bytes, in the source's
// order (as MongoDB keeps them), and a decoded one's kept fields are picked. Anything else
// (dotted paths, operators, computed values) is left to the general projection.
import type { Document } from 'bson';
import { RawDocument } from '../codec.js';

/** true to keep the field, false to drop it; undefined when the value is not a plain flag. */
function flagOf(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isNaN(value) ? undefined : value !== 0;
  const type = (value as { _bsontype?: unknown } | null)?._bsontype;
  if (type === 'Int32' || type === 'Double') {
    const number = Number((value as { valueOf(): number }).valueOf());
    return Number.isNaN(number) ? undefined : number !== 0;
  }
  return undefined;
}

/** The projection as kept/dropped field names, or undefined when it is not that simple. */
function planOf(projection: Document): { keep: boolean; names: Set<string> } | undefined {
  const names = new Set<string>();
  let inclusion: boolean | undefined;
  let keepId = true;
  for (const [field, value] of Object.entries(projection)) {
    if (field === '' || field.includes('.') || field.startsWith('$')) return undefined;
    const flag = flagOf(value);
    if (flag === undefined) return undefined;
    if (field === '_id') {
      keepId = flag;
      continue;
    }
    // A mix of inclusions and exclusions is an error the general projection reports.
    if (inclusion !== undefined && inclusion !== flag) return undefined;
    inclusion = flag;
    names.add(field);
  }
  // `{_id: 1}` alone is an inclusion of _id only.
  if (inclusion === true || (inclusion === undefined && keepId && '_id' in projection)) {
    if (keepId) names.add('_id');
    return { keep: true, names };
  }
  if (!keepId) names.add('_id');
  return { keep: false, names };
}

/**
 * The compiled projection (of RawDocuments as bytes, of decoded documents by key), or
 * undefined when it is not of whole top-level fields.
 */
export function compileTopLevelProjection(
  projection: Document,
): ((doc: Document) => Document) | undefined {
  const plan = planOf(projection);
  if (plan === undefined) return undefined;
  const { keep, names } = plan;
  const kept = (name: string): boolean => names.has(name) === keep;
  const fields = fieldNames(names);
  return (doc: Document): Document => {
    if (doc instanceof RawDocument) {
      const bytes = projectBytes(doc.bytes, fields, keep);
      if (bytes !== undefined) return new RawDocument(bytes);
      throw new Error('a stored document has an element of an unknown BSON type');
    }
    const out: Document = {};
    for (const name of Object.keys(doc)) if (kept(name)) out[name] = doc[name];
    return out;
  };
}

const CSTRING_END = 0;

/** Where the value of an element of `type` starting at `offset` ends; undefined if unknown. */
function valueEnd(bytes: Buffer, type: number, offset: number): number | undefined {
  switch (type) {
    case 0x01: // double
    case 0x09: // UTC datetime
    case 0x11: // timestamp
    case 0x12: // int64
      return offset + 8;
    case 0x13: // decimal128
      return offset + 16;
    case 0x02: // string
    case 0x0d: // JavaScript code
    case 0x0e: // symbol
      return offset + 4 + bytes.readInt32LE(offset);
    case 0x03: // document
    case 0x04: // array
    case 0x0f: // code with scope: its length counts itself
      return offset + bytes.readInt32LE(offset);
    case 0x05: // binary: length, subtype, payload
      return offset + 5 + bytes.readInt32LE(offset);
    case 0x06: // undefined
    case 0x0a: // null
    case 0x7f: // max key
    case 0xff: // min key
      return offset;
    case 0x07: // ObjectId
      return offset + 12;
    case 0x08: // boolean
      return offset + 1;
    case 0x10: // int32
      return offset + 4;
    case 0x0b: {
      // regex: pattern and options, two C strings
      const patternEnd = bytes.indexOf(CSTRING_END, offset);
      return bytes.indexOf(CSTRING_END, patternEnd + 1) + 1;
    }
    case 0x0c: // DBPointer: a string, then an ObjectId
      return offset + 4 + bytes.readInt32LE(offset) + 12;
    default:
      return undefined;
  }
}

/** Field names as the UTF-8 bytes elements name them with (compared without decoding). */
export type FieldNames = readonly Buffer[];

export function fieldNames(names: Iterable<string>): FieldNames {
  return [...names].map((name) => Buffer.from(name, 'utf8'));
}

function isNamed(bytes: Buffer, start: number, end: number, names: FieldNames): boolean {
  const length = end - start;
  for (const name of names) {
    if (name.length === length && bytes.compare(name, 0, length, start, end) === 0) return true;
  }
  return false;
}

/**
 * A stored (valid) document with only the top-level elements named in `names` (`keep`), or
 * only those not named there, copied as they are; undefined on an element type this walk
 * does not know.
 */
export function projectBytes(bytes: Buffer, names: FieldNames, keep: boolean): Buffer | undefined {
  const end = bytes.readInt32LE(0) - 1;
  const spans: number[] = [];
  let size = 5;
  let position = 4;
  while (position < end) {
    const type = bytes[position] as number;
    const nameEnd = bytes.indexOf(CSTRING_END, position + 1);
    const stop = valueEnd(bytes, type, nameEnd + 1);
    if (stop === undefined) return undefined;
    if (isNamed(bytes, position + 1, nameEnd, names) === keep) {
      spans.push(position, stop);
      size += stop - position;
    }
    position = stop;
  }
  const out = Buffer.allocUnsafe(size);
  out.writeInt32LE(size, 0);
  let offset = 4;
  for (let i = 0; i < spans.length; i += 2) {
    offset += bytes.copy(out, offset, spans[i] as number, spans[i + 1] as number);
  }
  out[offset] = 0;
  return out;
}
