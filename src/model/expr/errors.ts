/**
 * Errors of the rate-law language. Both carry a 1-based `column` (a character offset into the
 * expression text, which may span lines) and `problem`, the message without the position, so the model
 * compiler can re-raise them as an `InputError` naming the file and field without repeating itself.
 */

/** Text that is not a rate law: bad token, bad nesting, forbidden name or function, wrong arity. */
export class ExprSyntaxError extends Error {
  readonly column: number;
  readonly problem: string;

  constructor(problem: string, pos: number, hint?: string) {
    super(`${problem} at column ${pos + 1}${hint === undefined ? '' : `; ${hint}`}`);
    this.name = 'ExprSyntaxError';
    this.column = pos + 1;
    this.problem = hint === undefined ? problem : `${problem}; ${hint}`;
  }
}

/** A rate law that parses but is dimensionally wrong, or reads a symbol the caller does not know. */
export class ExprUnitError extends Error {
  readonly column: number;
  readonly problem: string;
  /** The offending name when the problem is an unknown symbol, else undefined. */
  readonly symbol: string | undefined;

  constructor(problem: string, pos: number, symbol?: string) {
    super(`${problem} at column ${pos + 1}`);
    this.name = 'ExprUnitError';
    this.column = pos + 1;
    this.problem = problem;
    this.symbol = symbol;
  }
}
