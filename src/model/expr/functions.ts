/**
 * The whitelist of functions a rate law may call. Anything else is a syntax error naming the function,
 * so no name from a model file can ever reach JavaScript as a call.
 *
 * | name       | arity | meaning                                         | dimensions                          |
 * |------------|-------|-------------------------------------------------|-------------------------------------|
 * | `exp`      | 1     | eˣ                                              | x dimensionless → dimensionless     |
 * | `log`      | 1     | natural logarithm                               | x dimensionless → dimensionless     |
 * | `ln`       | 1     | natural logarithm (alias of `log`)              | x dimensionless → dimensionless     |
 * | `log10`    | 1     | base-10 logarithm                               | x dimensionless → dimensionless     |
 * | `sqrt`     | 1     | √x                                              | halves the dimensions of x          |
 * | `abs`      | 1     | \|x\|                                           | same as x                           |
 * | `min`      | ≥ 2   | smallest argument                               | all alike → same                    |
 * | `max`      | ≥ 2   | largest argument                                | all alike → same                    |
 * | `pow`      | 2     | pow(x, y) = x^y                                 | as `^`                              |
 * | `hill`     | 3     | hill(x, K, n) = xⁿ/(Kⁿ + xⁿ), activating Hill   | x, K alike; n dimensionless → 1     |
 * | `hill_rep` | 3     | hill_rep(x, K, n) = Kⁿ/(Kⁿ + xⁿ), repressing    | x, K alike; n dimensionless → 1     |
 * | `mm`       | 2     | mm(S, Km) = S/(Km + S), Michaelis–Menten        | S, Km alike → dimensionless         |
 *
 * `hill` and `mm` are saturation fractions (0…1): multiply by a Vmax to get a rate, e.g.
 * `Vmax * mm(S, Km)`. The `^` operator is allowed on a dimensional base only with a literal exponent.
 */
export type FunctionName =
  | 'exp' | 'log' | 'ln' | 'log10' | 'sqrt' | 'abs' | 'min' | 'max' | 'pow' | 'hill' | 'hill_rep' | 'mm';

export interface FunctionSpec {
  /** Least number of arguments. */
  readonly minArgs: number;
  /** Most number of arguments (Infinity for min/max). */
  readonly maxArgs: number;
}

export const FUNCTIONS: ReadonlyMap<FunctionName, FunctionSpec> = new Map<FunctionName, FunctionSpec>([
  ['exp', { minArgs: 1, maxArgs: 1 }],
  ['log', { minArgs: 1, maxArgs: 1 }],
  ['ln', { minArgs: 1, maxArgs: 1 }],
  ['log10', { minArgs: 1, maxArgs: 1 }],
  ['sqrt', { minArgs: 1, maxArgs: 1 }],
  ['abs', { minArgs: 1, maxArgs: 1 }],
  ['min', { minArgs: 2, maxArgs: Infinity }],
  ['max', { minArgs: 2, maxArgs: Infinity }],
  ['pow', { minArgs: 2, maxArgs: 2 }],
  ['hill', { minArgs: 3, maxArgs: 3 }],
  ['hill_rep', { minArgs: 3, maxArgs: 3 }],
  ['mm', { minArgs: 2, maxArgs: 2 }],
]);

export const FUNCTION_NAMES: readonly FunctionName[] = [...FUNCTIONS.keys()];

export function isFunctionName(name: string): name is FunctionName {
  return FUNCTIONS.has(name as FunctionName);
}

/** "takes 3 arguments", "takes at least 2 arguments". */
export function describeArity(spec: FunctionSpec): string {
  if (spec.maxArgs === Infinity) return `takes at least ${spec.minArgs} arguments`;
  return `takes ${spec.minArgs} argument${spec.minArgs === 1 ? '' : 's'}`;
}
