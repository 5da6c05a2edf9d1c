// MongoDB's name for a value's BSON type ($type's aliases), as its error messages use them.
const NAMES_BY_TAG: Readonly<Record<string, string>> = {
  Int32: 'int',
  Double: 'double',
  Long: 'long',
  Decimal128: 'decimal',
  ObjectId: 'objectId',
  ObjectID: 'objectId',
  Binary: 'binData',
  Timestamp: 'timestamp',
  BSONRegExp: 'regex',
  BSONSymbol: 'symbol',
  MinKey: 'minKey',
  MaxKey: 'maxKey',
  DBRef: 'object',
};

export function bsonTypeName(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'array';
  if (value instanceof Date) return 'date';
  if (value instanceof RegExp) return 'regex';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'number':
      return Number.isInteger(value) ? 'int' : 'double';
    case 'bigint':
      return 'long';
    case 'object': {
      const tag = (value as { _bsontype?: unknown })._bsontype;
      if (tag === 'Code')
        return 'scope' in value && value.scope ? 'javascriptWithScope' : 'javascript';
      return typeof tag === 'string' ? (NAMES_BY_TAG[tag] ?? tag) : 'object';
    }
    default:
      return typeof value;
  }
}
