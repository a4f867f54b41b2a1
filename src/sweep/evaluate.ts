/**
 * One sweep point = the virtual assays its measures need, on the swept line with the point's
 * parameters, repeated R times. Repeat r of point i runs every assay with root seed
 * deriveSeed(root, 'point', i, 'repeat', r): a function of the point only, so the result does not
 * depend on order, shard, resume or worker count. The reference point (the parental line, for the
 * knockdown target) is one more point, run with the reference scenario in the swept line's place.
 */
import type { ExperimentSpec } from '../assays/experiment.js';
import { InputError } from '../core/errors.js';
import { deriveSeed } from '../core/rng.js';
import { runExperiment } from '../experiments/run-experiment.js';
import { withCommandLine, type ResolvedScenario } from '../scenario/resolve.js';
import type { MeasureDef } from './measures.js';
import { measureValues } from './measures.js';
import type { SweepPoint } from './point.js';

/** One virtual assay of every point, and the measures read from it. */
export interface AssayPlan {
  readonly spec: ExperimentSpec;
  /** Every line of the assay, the swept one with its base (unswept) scenario. */
  readonly lines: ReadonlyMap<string, ResolvedScenario>;
  readonly measures: readonly MeasureDef[];
}

export interface SweepPlan {
  /** Line (of every assay) that the swept parameters apply to. */
  readonly sweptLine: string;
  readonly assays: readonly AssayPlan[];
  /** Scenario put in the swept line's place at the reference point (index = number of grid points). */
  readonly reference?: ResolvedScenario;
  readonly seed: string | number;
  readonly repeats: number;
  readonly cellsPerSample?: number;
  readonly workers: number;
  /** Fraction (0…1) of the current point's wells simulated. */
  readonly onPointProgress?: (fraction: number) => void;
}

/** The scenario with a point's parameters; unknown names and bad values are errors of --param. */
export function applyParams(sc: ResolvedScenario, params: Readonly<Record<string, number>>): ResolvedScenario {
  for (const name of Object.keys(params)) {
    const i = sc.model.parameterIndex.get(name);
    if (i === undefined || sc.model.parameters[i]!.isDrug) {
      throw new InputError({ file: '--param', field: name }, `unknown parameter '${name}' of model '${sc.model.name}' (scenario ${sc.name}); expected a model parameter such as ${sc.model.parameters.filter((p) => !p.isDrug).slice(0, 6).map((p) => p.name).join(', ')}, …`);
    }
  }
  try {
    return withCommandLine(sc, new Map(Object.entries(params)), new Map());
  } catch (e) {
    if (e instanceof InputError) throw new InputError({ file: '--param', ...(e.field !== undefined ? { field: e.field } : {}) }, e.problem);
    throw e;
  }
}

/** Check every point's parameters before running any (a bad value fails at once, not hours later). */
export function checkPoints(plan: SweepPlan, points: readonly SweepPoint[]): void {
  for (const a of plan.assays) {
    const base = a.lines.get(plan.sweptLine)!;
    for (const p of points) applyParams(base, p.params);
  }
}

/** Values of a point: for each measure, the replicate values of repeat 1, then repeat 2, … */
export function sweepEvaluator(plan: SweepPlan, gridSize: number): (p: SweepPoint) => Promise<Record<string, number[]>> {
  return async (p) => {
    const isReference = p.index === gridSize;
    if (isReference && !plan.reference) throw new RangeError(`sweep: point ${p.index} is past the grid and no reference line is set`);
    const values: Record<string, number[]> = {};
    for (const a of plan.assays) for (const m of a.measures) values[m.name] = [];
    const steps = plan.repeats * plan.assays.length;
    let step = 0;
    for (let r = 1; r <= plan.repeats; r++) {
      const seed = deriveSeed(plan.seed, 'point', p.index, 'repeat', r);
      for (const a of plan.assays) {
        const base = a.lines.get(plan.sweptLine)!;
        const lines = new Map(a.lines);
        lines.set(plan.sweptLine, isReference ? plan.reference! : applyParams(base, p.params));
        const at = step;
        const result = await runExperiment(a.spec, lines, {
          seed,
          workers: plan.workers,
          ...(plan.cellsPerSample !== undefined ? { cellsPerSample: plan.cellsPerSample } : {}),
          ...(plan.onPointProgress ? { onProgress: (f: number) => plan.onPointProgress!((at + f) / steps) } : {}),
        });
        for (const m of a.measures) values[m.name]!.push(...measureValues(m, a.spec, result.measurements, plan.sweptLine));
        step++;
      }
    }
    return values;
  };
}
