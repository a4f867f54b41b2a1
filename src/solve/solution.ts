import type { RetCode } from '../core/retcode.js';
import type { Algorithm } from './algorithms.js';
import type { Problem } from './problem.js';

export interface SolveStats {
  /** Accepted steps (ODE) or reaction events / leaps (stochastic). */
  steps: number;
  rejectedSteps: number;
  rhsEvaluations: number;
  jacobianEvaluations: number;
  /** Stochastic engines: events fired (SSA) and leaps taken (tau-leap). */
  events: number;
  leaps: number;
}

/**
 * A solution keeps its provenance (problem, algorithm) and its return code. `states` is row-major
 * nTimes × nSpecies in µM; stochastic engines report concentrations too (counts / molecules-per-µM).
 */
export interface Solution {
  readonly problem: Problem;
  readonly algorithm: Algorithm;
  readonly timesH: Float64Array;
  readonly states: Float64Array;
  readonly retcode: RetCode;
  /** Why it failed (time and species), when retcode is not Success. */
  readonly message: string;
  readonly stats: SolveStats;
}

export function emptyStats(): SolveStats {
  return { steps: 0, rejectedSteps: 0, rhsEvaluations: 0, jacobianEvaluations: 0, events: 0, leaps: 0 };
}

/** One species' trajectory from a solution. */
export function speciesSeries(sol: Solution, name: string): Float64Array {
  const m = sol.problem.model;
  const i = m.speciesIndex.get(name);
  if (i === undefined) throw new Error(`unknown species ${name}`);
  const n = sol.timesH.length;
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) out[k] = sol.states[k * m.nSpecies + i]!;
  return out;
}
