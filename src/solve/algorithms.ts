/**
 * Algorithms are tagged plain objects naming the published method; options are explicit.
 */

/**
 * Adaptive ROS2/ROS3-type L-stable Rosenbrock method "ros23s" (Shampine & Reichelt 1997, SIAM J Sci
 * Comput 18:1, the method of MATLAB's ode23s) with the model's analytic Jacobian. For stiff systems.
 */
export interface Rosenbrock23 {
  readonly method: 'rosenbrock23';
  readonly rtol: number;
  readonly atol: number;
  readonly maxSteps: number;
}

/**
 * Gragg–Bulirsch–Stoer extrapolation (Hairer & Wanner ODEX, via the `odex` package) on the reduced
 * model: `fast` species held at quasi-steady state, so the remaining system is non-stiff.
 */
export interface OdexReduced {
  readonly method: 'odex-qss';
  readonly rtol: number;
  readonly atol: number;
  readonly maxSteps: number;
}

/** Gillespie's direct method (Gillespie 1977, J Phys Chem 81:2340) on discrete species. */
export interface SsaDirect {
  readonly method: 'ssa-direct';
  readonly seed: string | number;
}

/**
 * Explicit tau-leaping with Cao–Gillespie–Petzold step selection (2006, J Chem Phys 124:044109),
 * critical reactions and exact SSA steps when a leap would be too short.
 */
export interface TauLeap {
  readonly method: 'tau-leap';
  readonly seed: string | number;
  /** Error-control parameter ε (default 0.03). */
  readonly epsilon: number;
}

export type Algorithm = Rosenbrock23 | OdexReduced | SsaDirect | TauLeap;
export type MethodName = Algorithm['method'];

export const DEFAULT_ALGORITHMS = {
  rosenbrock23: { method: 'rosenbrock23', rtol: 1e-6, atol: 1e-10, maxSteps: 100_000 },
  'odex-qss': { method: 'odex-qss', rtol: 1e-6, atol: 1e-10, maxSteps: 1_000_000 },
  'ssa-direct': { method: 'ssa-direct', seed: 1 },
  'tau-leap': { method: 'tau-leap', seed: 1, epsilon: 0.03 },
} as const satisfies Record<MethodName, Algorithm>;
