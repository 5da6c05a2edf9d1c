// $bitsAllSet, $bitsAnySet, $bitsAllClear, $bitsAnyClear as MongoDB defines them: the field may
// be a number (an integral value seen as a 64-bit two's complement integer, so a negative one
// has every bit above its top set) or BinData (bit 0 is the lowest bit of the first byte); the
// mask a list of bit positions, a non-negative number or BinData. mingo's versions work on
// 32-bit JS integers only (`1 << 40` wraps around) and never match BinData.
import type { Binary } from 'bson';
import type { AnyObject } from 'mingo/types';
import { ErrorCode } from '../errors.js';
import { valuesAtPath } from './paths.js';
import { bsonTypeOf } from './plain.js';
import { queryError } from './query-errors.js';

type Matcher = (obj: AnyObject) => boolean;
type BitTest = (isSet: (position: number) => boolean, positions: number[]) => boolean;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function setBitsOfBytes(bytes: Uint8Array): number[] {
  const positions: number[] = [];
  bytes.forEach((byte, index) => {
    for (let bit = 0; bit < 8; bit++) if (byte & (1 << bit)) positions.push(index * 8 + bit);
  });
  return positions;
}

function maskPositions(operator: string, mask: unknown): number[] {
  const refuse = () =>
    queryError(
      ErrorCode.BadValue,
      `${operator} takes an Array, a number, or a BinData but received: ${String(mask)}`,
    );
  if (Array.isArray(mask)) {
    return mask.map((position: unknown) => {
      if (typeof position !== 'number' || !Number.isInteger(position) || position < 0) {
        throw queryError(ErrorCode.BadValue, `bit positions must be non-negative integers`);
      }
      return position;
    });
  }
  if (typeof mask === 'number') {
    if (!Number.isInteger(mask) || mask < 0 || mask > Number(INT64_MAX)) throw refuse();
    const positions: number[] = [];
    for (let bits = BigInt(mask), position = 0; bits > 0n; bits >>= 1n, position++) {
      if (bits & 1n) positions.push(position);
    }
    return positions;
  }
  if (bsonTypeOf(mask) === 'Binary') return setBitsOfBytes((mask as Binary).value());
  throw refuse();
}

/** A bit reader for a field value, or undefined when the value is not bit-testable. */
function bitsOf(value: unknown): ((position: number) => boolean) | undefined {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return undefined;
    const integer = BigInt(value);
    if (integer < INT64_MIN || integer > INT64_MAX) return undefined;
    const word = BigInt.asUintN(64, integer);
    const negative = integer < 0n;
    return (position) => (position >= 64 ? negative : ((word >> BigInt(position)) & 1n) === 1n);
  }
  if (bsonTypeOf(value) === 'Binary') {
    const bytes = (value as Binary).value();
    return (position) => {
      const byte = bytes[position >> 3];
      return byte !== undefined && (byte & (1 << (position & 7))) !== 0;
    };
  }
  return undefined;
}

function bitwiseOperator(operator: string, test: BitTest) {
  return (selector: string, mask: unknown): Matcher => {
    const positions = maskPositions(operator, mask);
    return (obj) =>
      valuesAtPath(obj, selector).some((value) => {
        const isSet = bitsOf(value);
        return isSet !== undefined && test(isSet, positions);
      });
  };
}

export const bitwiseOperators = {
  $bitsAllSet: bitwiseOperator('$bitsAllSet', (isSet, p) => p.every((bit) => isSet(bit))),
  $bitsAnySet: bitwiseOperator('$bitsAnySet', (isSet, p) => p.some((bit) => isSet(bit))),
  $bitsAllClear: bitwiseOperator('$bitsAllClear', (isSet, p) => p.every((bit) => !isSet(bit))),
  $bitsAnyClear: bitwiseOperator('$bitsAnyClear', (isSet, p) => p.some((bit) => !isSet(bit))),
};
