import type { CompiledModel } from '../model/types.js';

/**
 * Quasi-steady state of the model's `fast` species given the slow ones (to be implemented: Newton on the
 * fast block using the analytic Jacobian, with the fast block's conservation laws replacing dependent rows).
 */
export interface QssSolver {
  /** Indices of the fast species. */
  readonly fast: Int32Array;
  /**
   * Overwrite the fast entries of `y` (µM) with their quasi-steady state for the slow entries of `y`
   * and effective parameters `p`. Conserved totals of the fast block are taken from `y` as given.
   * Returns false when Newton fails to converge.
   */
  solve(y: Float64Array, p: Float64Array): boolean;
}

/** A QSS solver for the model's fast species, or null when the model has none. */
export function makeQssSolver(model: CompiledModel): QssSolver | null {
  void model;
  throw new Error('makeQssSolver: not implemented yet');
}
