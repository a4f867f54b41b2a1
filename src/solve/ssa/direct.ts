/**
 * Gillespie's direct method (Gillespie 1977, "Exact stochastic simulation of coupled chemical
 * reactions", J Phys Chem 81:2340) on the model's discrete species, inside the hybrid scheme of
 * src/solve/stochastic: continuous species integrated between events, fast species at QSS.
 *
 * Per event: one exponential waiting time and one uniform for the reaction (linear search), then only
 * the propensities on the fired reaction's dependency list are re-evaluated (O(affected) rate-law
 * calls), with a running sum a₀. Propensity conventions (mass-action falling factorials, ODE ↔
 * stochastic rate constants) are documented in src/solve/stochastic/propensity.ts.
 *
 * Deterministic: the same `alg.seed` gives bit-identical output (Alea stream from makeRng).
 */
import type { SsaDirect } from '../algorithms.js';
import type { Problem } from '../problem.js';
import type { Solution } from '../solution.js';
import type { StochasticOptions } from '../stochastic/hybrid.js';
import { runStochastic } from '../stochastic/hybrid.js';

export type { StochasticOptions } from '../stochastic/hybrid.js';

/**
 * One SSA trajectory. States at `prob.saveTimesH` are concentrations (µM; discrete species =
 * count/Ω), sampled as the state just before the first event after each save time.
 * stats.events counts the events; retcode is 'Unstable' (with the reaction id and time) for a negative
 * or NaN propensity, 'MaxSteps' past `opts.maxEvents`, 'QssFailed' when the fast block fails.
 */
export function solveSsaDirect(prob: Problem, alg: SsaDirect, opts: StochasticOptions = {}): Solution {
  return runStochastic(prob, alg, opts, (eng) => {
    while (!eng.done) eng.exactSteps(Infinity);
  });
}
