import type { CompiledModel } from '../model/types.js';

/**
 * A problem holds only the mathematics: the compiled model, the initial state, the parameters
 * (before drug effects), constant drug concentrations, the time span and the save times.
 * Problems are immutable; make variants with `remake`.
 */
export interface Problem {
  readonly model: CompiledModel;
  /** Initial state, µM (length nSpecies). */
  readonly u0: Float64Array;
  /** Base parameters (internal units), before drug effects (length nParameters). */
  readonly parameters: Float64Array;
  /** Drug concentrations, µM, one per model drug. */
  readonly dosesUM: Float64Array;
  /** Start and end time, h. */
  readonly tspanH: readonly [number, number];
  /** Times at which the solution is reported, h, ascending within tspan. */
  readonly saveTimesH: Float64Array;
  /** Cell volume, L (µM ↔ molecules for stochastic engines). */
  readonly cellVolumeL: number;
  /** Human label (scenario name) for provenance. */
  readonly label: string;
}

export interface ProblemInit {
  model: CompiledModel;
  u0?: Float64Array;
  parameters?: Float64Array;
  dosesUM?: Float64Array;
  tspanH: readonly [number, number];
  saveTimesH?: Float64Array;
  /** Number of evenly spaced save points when saveTimesH is absent (default 101). */
  nSave?: number;
  cellVolumeL?: number;
  label?: string;
}

export function makeProblem(init: ProblemInit): Problem {
  const m = init.model;
  const [t0, t1] = init.tspanH;
  let save = init.saveTimesH;
  if (!save) {
    const n = Math.max(2, init.nSave ?? 101);
    save = new Float64Array(n);
    for (let i = 0; i < n; i++) save[i] = t0 + ((t1 - t0) * i) / (n - 1);
  }
  return Object.freeze({
    model: m,
    u0: Float64Array.from(init.u0 ?? m.initialState),
    parameters: Float64Array.from(init.parameters ?? m.defaultParameters),
    dosesUM: Float64Array.from(init.dosesUM ?? new Float64Array(m.drugs.length)),
    tspanH: [t0, t1] as const,
    saveTimesH: Float64Array.from(save),
    cellVolumeL: init.cellVolumeL ?? m.cellVolumeL,
    label: init.label ?? m.name,
  });
}

/** A copy of `prob` with some fields replaced (SciMLBase's `remake`). */
export function remake(prob: Problem, changes: Partial<Omit<ProblemInit, 'model'>>): Problem {
  return makeProblem({
    model: prob.model,
    u0: changes.u0 ?? prob.u0,
    parameters: changes.parameters ?? prob.parameters,
    dosesUM: changes.dosesUM ?? prob.dosesUM,
    tspanH: changes.tspanH ?? prob.tspanH,
    saveTimesH: changes.saveTimesH ?? (changes.tspanH ? undefined as unknown as Float64Array : prob.saveTimesH),
    ...(changes.nSave !== undefined ? { nSave: changes.nSave } : {}),
    cellVolumeL: changes.cellVolumeL ?? prob.cellVolumeL,
    label: changes.label ?? prob.label,
  });
}

/** Parameters with drug effects applied (what the engines integrate with). */
export function effectiveParameters(prob: Problem): Float64Array {
  const out = new Float64Array(prob.parameters.length);
  prob.model.applyDrugs(prob.parameters, prob.dosesUM, out);
  return out;
}
