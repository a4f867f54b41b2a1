/**
 * Wells from a resolved scenario: the line's base parameters, doses and schedule, its population
 * settings (cells, carrying capacity, per-cell variability, inheritance), its untreated steady state as
 * the initial state, the reference cell (model defaults) for the cycle normalisation, and one seed
 * stream per replicate derived from the root seed.
 *
 * Seeds: replicate r of a run with root seed s uses `deriveSeed(s, 'population', 'replicate', r)`,
 * whatever the scenario or dose. Wells of the same replicate index under different conditions
 * therefore start from the same cells and random stream (common random numbers), which makes
 * comparisons between conditions paired; different replicates are independent.
 */
import { deriveSeed } from '../core/rng.js';
import type { CompiledModel } from '../model/types.js';
import type { ResolvedScenario } from './resolve.js';
import { steadyState } from '../solve/steady-state.js';
import type { PopulationOptions, WellJob } from '../solve/population/types.js';

export interface WellJobOptions {
  readonly seed: string | number;
  /** Replicate wells [1]. */
  readonly replicates?: number;
  /** Override the scenario's seeded cells per well. */
  readonly cells?: number;
  /** Override the scenario's carrying capacity (cells per well). */
  readonly carryingCapacity?: number;
  /** Override the scenario's hours. */
  readonly hours?: number;
  /** Engine options (hours is taken from above). */
  readonly options?: Omit<PopulationOptions, 'hours'>;
  /** Model file text (default: read from the model's sourceName). */
  readonly modelText?: string;
  /** First replicate index (for splitting a run) [0]. */
  readonly firstReplicate?: number;
}

const references = new WeakMap<CompiledModel, Float64Array>();
const steadyStates = new WeakMap<CompiledModel, Map<string, Float64Array>>();

/** Untreated steady state of the reference cell (the model's default parameters), cached. */
export function referenceState(model: CompiledModel): Float64Array {
  let r = references.get(model);
  if (!r) {
    r = steadyState(model, model.defaultParameters).state;
    references.set(model, r);
  }
  return r;
}

/** Untreated steady state for a parameter vector, cached per model. */
export function untreatedSteadyState(model: CompiledModel, parameters: Float64Array): Float64Array {
  let m = steadyStates.get(model);
  if (!m) {
    m = new Map();
    steadyStates.set(model, m);
  }
  const key = Array.from(parameters).join(',');
  let s = m.get(key);
  if (!s) {
    s = steadyState(model, parameters).state;
    if (m.size > 64) m.clear();
    m.set(key, s);
  }
  return s;
}

export function wellJobs(sc: ResolvedScenario, opts: WellJobOptions): WellJob[] {
  const model = sc.model;
  const replicates = opts.replicates ?? 1;
  const first = opts.firstReplicate ?? 0;
  const modelText = opts.modelText ?? model.sourceText;
  const u0 = sc.initial === 'steady-state' ? untreatedSteadyState(model, sc.parameters) : Float64Array.from(model.initialState);
  const reference = referenceState(model);
  const hours = opts.hours ?? sc.hours;
  const jobs: WellJob[] = [];
  for (let r = first; r < first + replicates; r++) {
    jobs.push({
      label: replicates > 1 || first > 0 ? `${sc.name}#${r}` : sc.name,
      modelText,
      modelSource: model.sourceName,
      parameters: Float64Array.from(sc.parameters),
      dosesUM: Float64Array.from(sc.dosesUM),
      schedule: sc.population.schedule,
      cells: opts.cells ?? sc.population.cells,
      carryingCapacity: opts.carryingCapacity ?? sc.population.carryingCapacity,
      variability: sc.population.variability,
      inheritance: sc.population.inheritance,
      u0,
      reference,
      seed: deriveSeed(opts.seed, 'population', 'replicate', r),
      options: { ...(opts.options ?? {}), hours },
    });
  }
  return jobs;
}
