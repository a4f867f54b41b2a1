import { DEFAULT_ALGORITHMS } from './algorithms.js';
import { solveRosenbrock } from './ode/rosenbrock.js';
import { makeProblem } from './problem.js';
import type { CompiledModel } from '../model/types.js';
import { SolveError } from '../core/errors.js';

export interface SteadyState {
  readonly state: Float64Array;
  /** Largest |dy/dt| / max(|y|, atol) at the returned state, 1/h. */
  readonly residual: number;
}

/**
 * Steady state by integrating the full stiff ODE until dy/dt vanishes (the state cells in culture
 * sit in before a drug is added). Doubling horizons up to `maxHours`; throws SolveError if not reached.
 */
export function steadyState(
  model: CompiledModel,
  parameters: Float64Array,
  dosesUM: Float64Array = new Float64Array(model.drugs.length),
  opts: { tol?: number; maxHours?: number; u0?: Float64Array } = {},
): SteadyState {
  const tol = opts.tol ?? 1e-7;
  const maxHours = opts.maxHours ?? 20_000;
  const p = new Float64Array(parameters.length);
  model.applyDrugs(parameters, dosesUM, p);
  const dydt = new Float64Array(model.nSpecies);
  let y = Float64Array.from(opts.u0 ?? model.initialState);
  let horizon = 200;
  let elapsed = 0;
  let residual = Infinity;
  while (elapsed < maxHours) {
    const prob = makeProblem({ model, u0: y, parameters, dosesUM, tspanH: [0, horizon], nSave: 2 });
    const sol = solveRosenbrock(prob, { method: 'rosenbrock23', rtol: 1e-9, atol: 1e-13, maxSteps: DEFAULT_ALGORITHMS.rosenbrock23.maxSteps });
    if (sol.retcode !== 'Success') throw new SolveError(`steady state of ${model.name}: ${sol.message}`);
    y = sol.states.slice(model.nSpecies);
    elapsed += horizon;
    model.rhs(y, p, dydt);
    residual = 0;
    for (let i = 0; i < model.nSpecies; i++) residual = Math.max(residual, Math.abs(dydt[i]!) / Math.max(Math.abs(y[i]!), 1e-9));
    if (residual < tol) return { state: y, residual };
    horizon *= 2;
  }
  throw new SolveError(`steady state of ${model.name} not reached within ${maxHours} h (residual ${residual.toExponential(2)} per h)`);
}
