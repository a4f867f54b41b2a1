/**
 * Errors a user can fix: bad files, bad options. Each names where (file, field, line, column) and what
 * was expected, and the CLI prints it as one line with exit code 2 — never a stack trace.
 */
export interface InputErrorLocation {
  /** File path or other source name ("--dose", "<string>"). */
  readonly file: string;
  /** Dotted path of the offending field, e.g. `reactions.nrf2_translation.rate`. */
  readonly field?: string;
  readonly line?: number;
  readonly column?: number;
}

export class InputError extends Error {
  readonly file: string;
  readonly field: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly problem: string;

  constructor(where: InputErrorLocation, problem: string) {
    super(formatInputError(where, problem));
    this.name = 'InputError';
    this.file = where.file;
    this.field = where.field;
    this.line = where.line;
    this.column = where.column;
    this.problem = problem;
  }
}

export function formatInputError(where: InputErrorLocation, problem: string): string {
  let place = where.file;
  if (where.line !== undefined) {
    place += `:${where.line}`;
    if (where.column !== undefined) place += `:${where.column}`;
  }
  const field = where.field ? ` ${where.field}:` : '';
  return `${place}:${field} ${problem}`;
}

/** A numeric failure that is not the user's fault (solver could not proceed). */
export class SolveError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SolveError';
  }
}
