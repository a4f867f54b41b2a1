import { makeProblem, type Problem } from '../solve/problem.js';
import { steadyState } from '../solve/steady-state.js';
import type { ResolvedScenario } from './resolve.js';

export interface ProblemOptions {
  /** Override the scenario's duration, h. */
  hours?: number;
  /** Spacing of save points, h (default 1). */
  saveEveryH?: number;
}

/**
 * The Problem a scenario describes: cells at the untreated steady state of their line (unless the
 * scenario says `initial: model`), drugs added at t = 0 and held constant.
 */
export function problemFromScenario(sc: ResolvedScenario, opts: ProblemOptions = {}): Problem {
  const hours = opts.hours ?? sc.hours;
  const dt = opts.saveEveryH ?? 1;
  const n = Math.max(2, Math.round(hours / dt) + 1);
  const save = new Float64Array(n);
  for (let i = 0; i < n; i++) save[i] = Math.min(hours, i * dt);
  save[n - 1] = hours;
  const u0 = sc.initial === 'steady-state' ? steadyState(sc.model, sc.parameters).state : sc.model.initialState;
  return makeProblem({
    model: sc.model,
    u0,
    parameters: sc.parameters,
    dosesUM: sc.dosesUM,
    tspanH: [0, hours],
    saveTimesH: save,
    label: sc.name,
  });
}
