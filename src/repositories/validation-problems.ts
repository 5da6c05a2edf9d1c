// Mongoose's validation errors in words a person understands ("status 'maybe' is not one of
// toApply, applied, ..."), for imports that report each rejected row with its reason.
import { mongoose } from '../db/mongoose.js';

interface FieldError {
  name?: string;
  kind?: string;
  path?: string;
  value?: unknown;
  message?: string;
  properties?: { enumValues?: unknown[]; min?: number; max?: number };
}

/** A value as it appears in a message: strings quoted, long ones shortened. */
export function showValue(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = `'${value}'`;
  else if (value instanceof Date)
    text = Number.isNaN(value.getTime()) ? 'an invalid date' : value.toISOString();
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

const CAST_NAMES: Record<string, string> = {
  number: 'a number',
  date: 'a date',
  string: 'text',
  objectid: 'an id',
  boolean: 'true or false',
};

function castProblem(error: FieldError): string {
  const kind = (error.kind ?? '').toLowerCase();
  const expected =
    CAST_NAMES[kind] ?? (kind.startsWith('[') ? 'a list of entries' : `a valid ${kind}`);
  return `${error.path} ${showValue(error.value)} is not ${expected}`;
}

function fieldProblem(error: FieldError): string {
  if (error.name === 'CastError') return castProblem(error);
  const path = error.path ?? 'a field';
  switch (error.kind) {
    case 'required':
      return `${path} is missing`;
    case 'enum':
      return `${path} ${showValue(error.value)} is not one of ${(error.properties?.enumValues ?? []).join(', ')}`;
    case 'min':
      return `${path} ${showValue(error.value)} is below ${error.properties?.min}`;
    case 'max':
      return `${path} ${showValue(error.value)} is above ${error.properties?.max}`;
    case 'regexp':
      return `${path} ${showValue(error.value)} ${error.message ?? 'has the wrong form'}`;
    default:
      return `${path}: ${error.message ?? 'is not valid'}`;
  }
}

/** One line per invalid field, most specific first and without repeats. */
export function describeValidation(error: unknown): string[] {
  if (!(error instanceof mongoose.Error.ValidationError)) {
    return [error instanceof Error ? error.message : String(error)];
  }
  // Keyed by the full path (interviews.0.date); a subdocument's error names only its own.
  const fields = Object.entries(error.errors).map(([path, field]) => ({
    ...(field as FieldError),
    name: (field as FieldError).name,
    kind: (field as FieldError).kind,
    value: (field as FieldError).value,
    message: (field as FieldError).message,
    properties: (field as FieldError).properties,
    path,
  }));
  const paths = fields.map((field) => field.path);
  // A subdocument's own error repeats its fields' errors: keep the fields'.
  const specific = fields.filter(
    (field) =>
      field.name !== 'ValidationError' &&
      !paths.some((other) => other !== field.path && other.startsWith(`${field.path}.`)),
  );
  return [...new Set((specific.length > 0 ? specific : fields).map(fieldProblem))];
}
