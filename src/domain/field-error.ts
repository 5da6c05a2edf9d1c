// The error for one wrong field of the input: which field, what is wrong, the value given and
// the values allowed. The command layer names the field's flag (src/commands/error-wording.ts).
import { UsageError, type CareerErrorOptions } from './errors.js';
import { field as fieldRef, say, type Phrase } from './phrases.js';

/** What is wrong with one field of the input. */
export type FieldProblemKind =
  /** Not given, or only blanks: `missing --company[: detail]`. */
  | 'missing'
  /** Not one of `allowed`: `--status: 'x' is not allowed`, hint `use one of: ...`. */
  | 'not-allowed'
  /** Not a date (`detail` says why, as the end of a sentence). */
  | 'not-a-date'
  /** The start of several of `allowed` (`detail`): `--status: 'in' could be a or b`. */
  | 'ambiguous'
  /** Given but empty: `--title cannot be empty`. */
  | 'empty'
  /** Not a value of the expected form (`detail`): `--days must be a whole number, not 'x'`. */
  | 'must-be'
  /** Anything else (`detail`): `--certificate: 'x' is not an http(s) URL`. */
  | 'invalid';

export interface FieldProblem {
  field: string;
  problem: FieldProblemKind;
  /** The value given, as typed. */
  value?: string;
  allowed?: readonly string[];
  detail?: string;
}

function fieldMessage(problem: FieldProblem): Phrase {
  const name = fieldRef(problem.field);
  const value = problem.value ?? '';
  switch (problem.problem) {
    case 'missing':
      return problem.detail === undefined
        ? say`missing ${name}`
        : say`missing ${name}: ${problem.detail}`;
    case 'not-allowed':
      return say`${name}: '${value}' is not allowed`;
    case 'ambiguous':
      return say`${name}: '${value}' could be ${problem.detail ?? 'several things'}`;
    case 'not-a-date':
      return problem.detail === undefined
        ? say`${name}: cannot read '${value}' as a date`
        : say`${name}: '${value}' ${problem.detail}`;
    case 'empty':
      return say`${name} cannot be empty`;
    case 'must-be':
      return problem.value === undefined
        ? say`${name} must be ${problem.detail ?? ''}`
        : say`${name} must be ${problem.detail ?? ''}, not '${value}'`;
    case 'invalid':
      return say`${name}: ${problem.detail ?? 'is not valid'}`;
  }
}

/** One field of the input is wrong; names the field, never the flag. */
export class FieldError extends UsageError {
  readonly field: string;
  readonly problem: FieldProblemKind;
  readonly value: string | undefined;
  readonly allowed: readonly string[] | undefined;

  constructor(problem: FieldProblem, options: CareerErrorOptions = {}) {
    const hint =
      options.hint ??
      (problem.allowed === undefined ? undefined : `use one of: ${problem.allowed.join(', ')}`);
    super(fieldMessage(problem), { ...options, ...(hint === undefined ? {} : { hint }) });
    this.field = problem.field;
    this.problem = problem.problem;
    this.value = problem.value;
    this.allowed = problem.allowed;
  }
}
