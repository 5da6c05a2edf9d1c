// A source row (columns as the file names them) into the fields of one record: header
// aliases resolved, values parsed, and what no field takes kept as "Column: value" lines
// for the notes, with the column reported as unknown. Nothing is silently dropped.
import { fieldForColumn, NESTED_OBJECTS, normaliseColumn, type FieldSpec } from './fields.js';
import { FieldError } from '../../domain/field-error.js';
import { RowError, type ImportType, type SourceRow } from './types.js';
import { isBlank, parseValue } from './values.js';

/** The fields a row gives, ready for the schema (nested objects for dotted paths). */
export interface MappedRow {
  line: number;
  /** The row as read (for --rejects). */
  values: Record<string, unknown>;
  fields: Record<string, unknown>;
  /** The dotted paths the row gives a value for (lists and entries count as one path). */
  given: string[];
  /** "Column: value" lines for the notes, from columns no field takes. */
  noteLines: string[];
}

export function setPath(target: Record<string, unknown>, dotted: string, value: unknown): void {
  // Most paths have no dot: no array is made for them (this runs for every cell).
  if (!dotted.includes('.')) {
    target[dotted] = value;
    return;
  }
  const parts = dotted.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (typeof next === 'object' && next !== null && !Array.isArray(next)) {
      node = next as Record<string, unknown>;
    } else {
      const created: Record<string, unknown> = {};
      node[part] = created;
      node = created;
    }
  }
  node[parts[parts.length - 1] as string] = value;
}

export function getPath(source: unknown, dotted: string): unknown {
  if (!dotted.includes('.')) {
    return typeof source === 'object' && source !== null
      ? (source as Record<string, unknown>)[dotted]
      : undefined;
  }
  let node = source;
  for (const part of dotted.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)
  );
}

/** The cell's value for the field; a wrong choice is a RowError naming the column. */
function valueOf(field: FieldSpec, value: unknown, column: string): unknown {
  if (field.kind !== 'choice') return parseValue(field, value);
  try {
    return parseValue(field, value);
  } catch (error) {
    if (!(error instanceof FieldError)) throw error;
    const message = error.wording.message?.render(() => column) ?? error.message;
    throw new RowError(error.hint === undefined ? message : `${message}; ${error.hint}`);
  }
}

function cellText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export class RowMapper {
  /** Columns that no field matched, in the order first seen. */
  readonly unknownColumns = new Set<string>();
  private readonly nested: Set<string>;
  private readonly columns = new Map<string, FieldSpec | undefined>();

  constructor(
    private readonly type: ImportType,
    /** Values every row gets unless it gives its own (LinkedIn: status applied...). */
    private readonly constants: Record<string, unknown> = {},
  ) {
    this.nested = new Set(NESTED_OBJECTS[type].map(normaliseColumn));
  }

  private fieldFor(column: string): FieldSpec | undefined {
    if (!this.columns.has(column)) this.columns.set(column, fieldForColumn(this.type, column));
    return this.columns.get(column);
  }

  /** JSON objects for known nested fields ({"salary": {...}}) as dotted columns. */
  private flatten(
    values: Record<string, unknown>,
    prefix = '',
    out: Array<[string, unknown]> = [],
  ) {
    for (const [key, value] of Object.entries(values)) {
      const column = prefix === '' ? key : `${prefix}.${key}`;
      if (isPlainObject(value) && this.nested.has(normaliseColumn(column))) {
        this.flatten(value, column, out);
      } else {
        out.push([column, value]);
      }
    }
    return out;
  }

  /** The row's fields; a RowError when a value cannot be read. */
  map(row: SourceRow): MappedRow {
    const fields: Record<string, unknown> = {};
    const given = new Set<string>();
    const noteLines: string[] = [];
    for (const [column, value] of this.flatten(row.values)) {
      const field = this.fieldFor(column);
      if (!field) {
        this.unknownColumns.add(column);
        if (!isBlank(value)) noteLines.push(`${column}: ${cellText(value)}`);
        continue;
      }
      if (field.kind === 'ignored' || isBlank(value)) continue;
      if (field.kind === 'noteLine') {
        noteLines.push(`${column}: ${cellText(value)}`);
        continue;
      }
      if (given.has(field.path)) {
        // A second column for the same field ("Company" and "Employer"): kept, in the notes.
        noteLines.push(`${column}: ${cellText(value)}`);
        continue;
      }
      setPath(fields, field.path, valueOf(field, value, column));
      given.add(field.path);
    }
    for (const [path, value] of Object.entries(this.constants)) {
      if (!given.has(path)) {
        setPath(fields, path, value);
        given.add(path);
      }
    }
    joinNames(fields, given, '');
    joinNames(fields, given, 'contact.');
    return { line: row.line, values: row.values, fields, given: [...given], noteLines };
  }
}

/** First and last name columns (LinkedIn's) into the one name a contact has. */
function joinNames(fields: Record<string, unknown>, given: Set<string>, prefix: string): void {
  const first = `${prefix}firstName`;
  const last = `${prefix}lastName`;
  if (!given.has(first) && !given.has(last)) return;
  const parts = [getPath(fields, first), getPath(fields, last)].filter(
    (part): part is string => typeof part === 'string' && part !== '',
  );
  const owner =
    prefix === '' ? fields : (getPath(fields, prefix.slice(0, -1)) as Record<string, unknown>);
  delete owner.firstName;
  delete owner.lastName;
  given.delete(first);
  given.delete(last);
  if (!given.has(`${prefix}name`) && parts.length > 0) {
    setPath(fields, `${prefix}name`, parts.join(' '));
    given.add(`${prefix}name`);
  }
}
