// Conversion between the engine's typed BSON values and the plain JavaScript values mingo
// understands: mingo only treats JS numbers as numbers and JS RegExp as regexes.
import { Binary, type BSONRegExp, type Decimal128, type Long } from 'bson';
import { isExactAsDouble } from './exact-number.js';

/** The `_bsontype` tag of a bson-library value (Int32, Long, ObjectId, ...), if it is one. */
export function bsonTypeOf(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const tag = (value as { _bsontype?: unknown })._bsontype;
  return typeof tag === 'string' ? tag : undefined;
}

/**
 * Sets a field as an own property, `__proto__` included: a plain assignment of that key would
 * replace the object's prototype instead, and the field would vanish from the document.
 */
export function setField(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else target[key] = value;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** True for Int32/Double/Long/Decimal128 objects and JS numbers. */
export function isNumeric(value: unknown): boolean {
  if (typeof value === 'number') return true;
  const tag = bsonTypeOf(value);
  return tag === 'Int32' || tag === 'Double' || tag === 'Long' || tag === 'Decimal128';
}

/** The JS number a numeric value stands for (Long/Decimal128 may lose precision). */
export function numberOf(value: unknown): number {
  if (typeof value === 'number') return value;
  switch (bsonTypeOf(value)) {
    case 'Int32':
    case 'Double':
      return (value as { value: number }).value;
    case 'Long':
      return (value as Long).toNumber();
    case 'Decimal128':
      return Number((value as Decimal128).toString());
    default:
      return NaN;
  }
}

/** BSON regex options -> JS RegExp flags; options JS lacks (x, l) are dropped. */
export function regExpFlagsOf(options: string): string {
  return [...options].filter((flag) => 'imsu'.includes(flag)).join('');
}

/** JS RegExp flags -> BSON regex options (alphabetical, as MongoDB stores them). */
export function bsonOptionsOf(flags: string): string {
  return [...flags]
    .filter((flag) => 'imsux'.includes(flag))
    .sort()
    .join('');
}

export function bsonRegExpToRegExp(value: BSONRegExp): RegExp {
  return new RegExp(value.pattern, regExpFlagsOf(value.options));
}

/**
 * Maps the plain objects and arrays made by toPlainTracked back to the typed values they came
 * from, so operators that need the exact BSON type ($type) can look through the conversion.
 */
const typedOrigins = new WeakMap<object, unknown>();

export function typedOriginOf(plain: object): unknown {
  return typedOrigins.get(plain);
}

/**
 * Deep copy of a typed value with numbers and regexes converted for mingo: numbers become JS
 * numbers unless that would change their value.
 */
export function toPlain(value: unknown): unknown {
  return convert(value, false);
}

/**
 * toPlain with every number a JS number, even where that rounds it: for mingo's updater, whose
 * $inc/$mul only work on JS numbers (update-typing.ts computes the exact typed results).
 */
export function toPlainLossy(value: unknown): unknown {
  return convert(value, false, true);
}

/** toPlain that also records where each converted object came from (see typedOriginOf). */
export function toPlainTracked(value: unknown): unknown {
  return convert(value, true);
}

/**
 * A copy of a Binary whose string form carries its subtype. mingo's equality ($set's no-change
 * check, $eq, $in, $addToSet, $group keys) compares objects with a custom toString by that
 * string, and Binary's is only its bytes: BinData(4, x) and BinData(0, x) were equal, so a $set
 * that only changed a subtype changed nothing. MongoDB compares the subtype too.
 */
function subtypedBinary(binary: Binary): Binary {
  const copy = new Binary(binary.value(), binary.sub_type);
  const bytesString = copy.toString.bind(copy);
  Object.defineProperty(copy, 'toString', {
    value: (encoding?: Parameters<Binary['toString']>[0]) =>
      `${copy.sub_type}:${bytesString(encoding)}`,
  });
  return copy;
}

function convert(value: unknown, track: boolean, lossy = false): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const out = value.map((item: unknown) => convert(item, track, lossy));
    if (track) typedOrigins.set(out, value);
    return out;
  }
  if (value instanceof Date) return value;
  const tag = bsonTypeOf(value);
  if (tag !== undefined) {
    switch (tag) {
      case 'Int32':
      case 'Double':
        return numberOf(value);
      case 'Long':
      case 'Decimal128': {
        // Kept typed where a JS number would round it (a Long beyond 2^53, a decimal 0.1):
        // the engine's own operators compare and compute on it exactly.
        const nearest = numberOf(value);
        return lossy || isExactAsDouble(value, nearest) ? nearest : value;
      }
      case 'Binary':
        return subtypedBinary(value as Binary);
      case 'BSONRegExp':
        try {
          return bsonRegExpToRegExp(value as BSONRegExp);
        } catch {
          // A pattern JS cannot compile stays a BSONRegExp: it can still be stored and compared.
          return value;
        }
      default:
        return value;
    }
  }
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) setField(out, key, convert(item, track, lossy));
  if (track) typedOrigins.set(out, value);
  return out;
}
