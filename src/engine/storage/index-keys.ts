// Order-preserving binary encoding of BSON values: comparing two encodings with memcmp (SQLite's
// BLOB order) gives MongoDB's cross-type comparison order. Every encoding is prefix-free, so
// compound keys are plain concatenations and inverting a field's bytes reverses its order.

/** Leading byte per MongoDB type bracket, in MongoDB's comparison order. 0x00 ends objects/arrays. */
export const TypeTag = {
  MinKey: 0x10,
  Undefined: 0x14,
  Null: 0x18,
  Number: 0x20,
  String: 0x28,
  Object: 0x30,
  Array: 0x38,
  BinData: 0x40,
  ObjectId: 0x48,
  Boolean: 0x50,
  Date: 0x58,
  Timestamp: 0x60,
  RegExp: 0x68,
  Code: 0x70,
  CodeWithScope: 0x74,
  MaxKey: 0xf0,
} as const;

const END = 0x00;
/** Number sub-markers: NaN sorts below every other number. */
const NUMBER_NAN = 0x00;
const NUMBER_FINITE = 0x01;
/** Tie-breakers after the nearest double: below it, exactly it, above it. */
const BELOW_DOUBLE = 0x7f;
const EXACT_DOUBLE = 0x80;
const ABOVE_DOUBLE = 0x81;

interface BsonTyped {
  _bsontype: string;
}

function bsonTypeOf(value: object): string | undefined {
  const tag = (value as Partial<BsonTyped>)._bsontype;
  return typeof tag === 'string' ? tag : undefined;
}

/** A growable byte buffer for building keys without intermediate arrays. */
export class KeyWriter {
  private bytes = Buffer.allocUnsafe(64);
  private length = 0;

  private reserve(extra: number): void {
    if (this.length + extra <= this.bytes.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.length + extra));
    this.bytes.copy(grown, 0, 0, this.length);
    this.bytes = grown;
  }

  byte(value: number): void {
    this.reserve(1);
    this.bytes[this.length++] = value;
  }

  raw(data: Uint8Array): void {
    this.reserve(data.length);
    this.bytes.set(data, this.length);
    this.length += data.length;
  }

  uint32(value: number): void {
    this.reserve(4);
    this.bytes.writeUInt32BE(value >>> 0, this.length);
    this.length += 4;
  }

  /** A double whose big-endian bytes sort like the number (negative ones inverted). */
  orderedDouble(value: number): void {
    this.reserve(8);
    const at = this.length;
    this.bytes.writeDoubleBE(value === 0 ? 0 : value, at);
    if ((this.bytes[at] ?? 0) & 0x80) {
      for (let i = at; i < at + 8; i++) this.bytes[i] = ~(this.bytes[i] ?? 0) & 0xff;
    } else {
      this.bytes[at] = (this.bytes[at] ?? 0) | 0x80;
    }
    this.length += 8;
  }

  /** Bytes with 0x00 escaped as 00 FF and terminated by 00 01, so shorter strings sort first. */
  escaped(data: Uint8Array): void {
    if (data.indexOf(0) < 0) {
      this.raw(data);
    } else {
      for (const b of data) {
        this.byte(b);
        if (b === 0) this.byte(0xff);
      }
    }
    this.byte(0x00);
    this.byte(0x01);
  }

  string(value: string): void {
    if (value.includes('\u0000')) {
      this.escaped(Buffer.from(value, 'utf8'));
      return;
    }
    // No NUL to escape: the UTF-8 bytes go straight in (at most 3 per UTF-16 unit).
    this.reserve(value.length * 3 + 2);
    this.length += this.bytes.write(value, this.length, 'utf8');
    this.bytes[this.length++] = 0x00;
    this.bytes[this.length++] = 0x01;
  }

  /** Empties the writer, to build another key in the same buffer. */
  reset(): void {
    this.length = 0;
    // A huge key (a long string) does not keep its buffer alive for every later key.
    if (this.bytes.length > 64 * 1024) this.bytes = Buffer.allocUnsafe(64);
  }

  get size(): number {
    return this.length;
  }

  /** Inverts the bytes from `start` on (for a descending field). */
  invertFrom(start: number): void {
    for (let i = start; i < this.length; i++) this.bytes[i] = ~(this.bytes[i] ?? 0) & 0xff;
  }

  toBuffer(): Buffer {
    const copy = Buffer.allocUnsafe(this.length);
    this.bytes.copy(copy, 0, 0, this.length);
    return copy;
  }
}

/** The MongoDB type bracket of a value (its leading key byte). Missing values count as null. */
export function typeTagOf(value: unknown): number {
  switch (typeof value) {
    case 'number':
    case 'bigint':
      return TypeTag.Number;
    case 'string':
      return TypeTag.String;
    case 'boolean':
      return TypeTag.Boolean;
    case 'undefined':
      return TypeTag.Undefined;
    case 'object':
      break;
    default:
      return TypeTag.Null;
  }
  if (value === null) return TypeTag.Null;
  if (Array.isArray(value)) return TypeTag.Array;
  if (value instanceof Date) return TypeTag.Date;
  if (value instanceof RegExp) return TypeTag.RegExp;
  if (value instanceof Uint8Array) return TypeTag.BinData;
  switch (bsonTypeOf(value)) {
    case 'Int32':
    case 'Double':
    case 'Long':
    case 'Decimal128':
      return TypeTag.Number;
    case 'BSONSymbol':
      return TypeTag.String;
    case 'Binary':
      return TypeTag.BinData;
    case 'ObjectId':
      return TypeTag.ObjectId;
    case 'Timestamp':
      return TypeTag.Timestamp;
    case 'BSONRegExp':
      return TypeTag.RegExp;
    case 'Code':
      return (value as { scope?: unknown }).scope ? TypeTag.CodeWithScope : TypeTag.Code;
    case 'MinKey':
      return TypeTag.MinKey;
    case 'MaxKey':
      return TypeTag.MaxKey;
    default:
      return TypeTag.Object;
  }
}

/** Appends the encoding of one value. */
export function writeValue(w: KeyWriter, value: unknown): void {
  const tag = typeTagOf(value);
  w.byte(tag);
  switch (tag) {
    case TypeTag.MinKey:
    case TypeTag.MaxKey:
    case TypeTag.Null:
    case TypeTag.Undefined:
      return;
    case TypeTag.Number:
      writeNumber(w, value);
      return;
    case TypeTag.String:
      w.string(typeof value === 'string' ? value : String((value as { value: unknown }).value));
      return;
    case TypeTag.Boolean:
      w.byte(value ? 1 : 0);
      return;
    case TypeTag.Date: {
      const ms = (value as Date).getTime();
      w.orderedDouble(Number.isNaN(ms) ? 0 : ms);
      return;
    }
    case TypeTag.ObjectId:
      w.raw((value as { id: Uint8Array }).id);
      return;
    case TypeTag.Timestamp: {
      const ts = value as { t: number; i: number };
      w.uint32(ts.t);
      w.uint32(ts.i);
      return;
    }
    case TypeTag.BinData:
      writeBinData(w, value as object);
      return;
    case TypeTag.RegExp: {
      const re = value as { source?: string; flags?: string; pattern?: string; options?: string };
      w.string(re.pattern ?? re.source ?? '');
      w.string(re.options ?? re.flags ?? '');
      return;
    }
    case TypeTag.Code:
    case TypeTag.CodeWithScope: {
      const code = value as { code: string; scope?: object | null };
      w.string(code.code);
      if (code.scope) writeObject(w, code.scope);
      return;
    }
    case TypeTag.Array:
      for (const element of value as unknown[]) writeValue(w, element);
      w.byte(END);
      return;
    default:
      writeObject(w, value as object);
  }
}

function writeBinData(w: KeyWriter, value: object): void {
  // MongoDB orders BinData by length, then subtype, then bytes.
  let data: Uint8Array;
  let subtype = 0;
  if (value instanceof Uint8Array) {
    data = value;
  } else {
    const binary = value as { buffer: Uint8Array; position: number; sub_type: number };
    data = binary.buffer.subarray(0, binary.position);
    subtype = binary.sub_type;
  }
  w.uint32(data.length);
  w.byte(subtype);
  w.raw(data);
}

function writeObject(w: KeyWriter, value: object): void {
  // MongoDB compares objects element by element: type bracket, then field name, then value.
  const fields =
    bsonTypeOf(value) === 'DBRef' ? dbRefFields(value) : Object.entries(value as object);
  for (const [name, field] of fields) {
    if (field === undefined) continue;
    w.byte(typeTagOf(field));
    w.string(name);
    writeValue(w, field);
  }
  w.byte(END);
}

function dbRefFields(value: object): [string, unknown][] {
  const ref = value as { collection: string; oid: unknown; db?: string; fields?: object };
  const fields: [string, unknown][] = [
    ['$ref', ref.collection],
    ['$id', ref.oid],
  ];
  if (ref.db) fields.push(['$db', ref.db]);
  return fields.concat(Object.entries(ref.fields ?? {}));
}

// ---- numbers ----

/** An exact decimal value: 0.digits × 10^exponent, digits without leading or trailing zeros. */
interface ExactDecimal {
  negative: boolean;
  digits: string;
  exponent: number;
}

function writeNumber(w: KeyWriter, value: unknown): void {
  if (typeof value === 'number') return writeExactDouble(w, value);
  if (typeof value === 'bigint') return writeBigInt(w, value);
  const typed = value as { _bsontype: string; value?: number; toBigInt?: () => bigint };
  switch (typed._bsontype) {
    case 'Int32':
    case 'Double':
      return writeExactDouble(w, typed.value ?? 0);
    case 'Long':
      return writeBigInt(w, (typed.toBigInt as () => bigint).call(value));
    default:
      return writeDecimal(w, String(value));
  }
}

function writeExactDouble(w: KeyWriter, value: number): void {
  if (Number.isNaN(value)) {
    w.byte(NUMBER_NAN);
    return;
  }
  w.byte(NUMBER_FINITE);
  w.orderedDouble(value);
  w.byte(EXACT_DOUBLE);
}

function writeBigInt(w: KeyWriter, value: bigint): void {
  const nearest = Number(value);
  if (BigInt(nearest) === value) return writeExactDouble(w, nearest);
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString();
  const trimmed = digits.replace(/0+$/, '');
  writeInexact(w, nearest, value < BigInt(nearest) ? -1 : 1, {
    negative,
    digits: trimmed,
    exponent: digits.length,
  });
}

const DECIMAL_PATTERN = /^(-)?(\d+)(?:\.(\d+))?(?:E([+-]\d+))?$/i;

function writeDecimal(w: KeyWriter, text: string): void {
  const nearest = Number(text);
  if (Number.isNaN(nearest)) {
    w.byte(NUMBER_NAN);
    return;
  }
  const match = DECIMAL_PATTERN.exec(text);
  if (!match) return writeExactDouble(w, nearest); // Infinity / -Infinity
  const negative = match[1] === '-';
  const whole = (match[2] ?? '') + (match[3] ?? '');
  const scale = Number(match[4] ?? 0) - (match[3]?.length ?? 0);
  const coefficient = BigInt(whole);
  if (coefficient === 0n) return writeExactDouble(w, 0);
  const comparison = compareDecimalToDouble(coefficient, scale, Math.abs(nearest));
  if (comparison === 0) return writeExactDouble(w, nearest);
  const digits = coefficient.toString();
  const trimmed = digits.replace(/0+$/, '');
  writeInexact(w, nearest, negative ? -comparison : comparison, {
    negative,
    digits: trimmed,
    exponent: digits.length + scale,
  });
}

/** Compares coefficient × 10^scale with a non-negative double, exactly. */
function compareDecimalToDouble(coefficient: bigint, scale: number, double: number): number {
  if (double === Infinity) return -1;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, double);
  const bits = view.getBigUint64(0);
  const biasedExponent = Number((bits >> 52n) & 0x7ffn);
  let mantissa = bits & 0xfffffffffffffn;
  let exponent2: number;
  if (biasedExponent === 0) {
    exponent2 = -1074;
  } else {
    mantissa |= 1n << 52n;
    exponent2 = biasedExponent - 1075;
  }
  let left = coefficient;
  let right = mantissa;
  if (scale >= 0) left *= 10n ** BigInt(scale);
  else right *= 10n ** BigInt(-scale);
  if (exponent2 >= 0) right <<= BigInt(exponent2);
  else left <<= BigInt(-exponent2);
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * A number no double represents exactly: the nearest double, then whether it lies below or
 * above it, then its exact decimal digits so distinct values never share a key.
 */
function writeInexact(w: KeyWriter, nearest: number, side: number, exact: ExactDecimal): void {
  w.byte(NUMBER_FINITE);
  w.orderedDouble(nearest);
  w.byte(side < 0 ? BELOW_DOUBLE : ABOVE_DOUBLE);
  w.byte(exact.negative ? 0x01 : 0x02);
  const start = w.size;
  w.byte(((exact.exponent + 0x8000) >> 8) & 0xff);
  w.byte((exact.exponent + 0x8000) & 0xff);
  for (let i = 0; i < exact.digits.length; i++) w.byte(exact.digits.charCodeAt(i) - 0x2f);
  w.byte(END);
  if (exact.negative) w.invertFrom(start);
}

// ---- whole keys and byte ranges ----

/** The key of a single ascending value (used for _id keys and tests). */
export function encodeValue(value: unknown): Buffer {
  // Fast path for the most common _id type.
  if (typeof value === 'object' && value !== null && bsonTypeOf(value) === 'ObjectId') {
    const key = Buffer.allocUnsafe(13);
    key[0] = TypeTag.ObjectId;
    key.set((value as { id: Uint8Array }).id, 1);
    return key;
  }
  const w = new KeyWriter();
  writeValue(w, value);
  return w.toBuffer();
}

/** The key of one field value, inverted when the field is descending. */
export function encodeField(value: unknown, descending: boolean): Buffer {
  const w = new KeyWriter();
  writeValue(w, value);
  if (descending) w.invertFrom(0);
  return w.toBuffer();
}

/** The smallest byte string greater than every string starting with `prefix`; undefined if none. */
export function prefixSuccessor(prefix: Uint8Array): Buffer | undefined {
  let end = prefix.length;
  while (end > 0 && prefix[end - 1] === 0xff) end--;
  if (end === 0) return undefined;
  const next = Buffer.from(prefix.subarray(0, end));
  next[end - 1] = (next[end - 1] ?? 0) + 1;
  return next;
}
