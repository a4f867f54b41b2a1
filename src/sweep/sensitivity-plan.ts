/**
 * Plan of a sensitivity analysis of one line (`nrf2sim sensitivity`, `nrf2sim robustness` shares the
 * factor ranges): which parameters vary and over what range, the reduced virtual assay that measures
 * the output at each sample point, and the evaluator the point runner calls.
 *
 * Ranges: the model file's declared `range` (models/nrf2-trxr-ros.yaml, in the declared unit) — for
 * a parameter the line's scenario changes (e.g. K562/G01's 2.5× k_tx_nrf2, 4× imatinib IC50), the range
 * is carried along by the same factor (scenario value / model value), so the line keeps its identity;
 * a parameter without a declared range (or with --fold) gets value/fold … value·fold. Ranges with a
 * positive lower end are sampled log-uniformly (rate constants known to within a fold), ranges from 0
 * linearly (knockdown, k_surv_alt).
 *
 * Common random numbers: every sample point runs its assay with the same root seed
 * deriveSeed(seed, 'sensitivity'), so the wells' random streams are identical across points and the
 * differences Morris and Sobol read come from the parameters, not from sampling noise (still a
 * function of the root seed only: resume, shards and workers do not change a value).
 */
import type { ExperimentSpec } from '../assays/experiment.js';
import type { Factor } from '../analysis/sensitivity/factors.js';
import { InputError, SolveError } from '../core/errors.js';
import { deriveSeed } from '../core/rng.js';
import { parseUnit } from '../core/units.js';
import { runExperiment } from '../experiments/run-experiment.js';
import type { ResolvedScenario } from '../scenario/resolve.js';
import { applyParams } from './evaluate.js';
import { measureValues, type MeasureDef } from './measures.js';
import type { SweepPoint } from './point.js';

export interface FactorChoice extends Factor {
  /** The line's value (declared unit). */
  readonly value: number;
  readonly unit: string;
  /** Where the range came from. */
  readonly rangeFrom: 'model' | 'model, scaled with the line' | 'fold';
}

/**
 * Factors for `names` (default: every non-drug parameter with a declared range), in declared units.
 * `fold` forces value/fold … value·fold for all (the default set then skips parameters whose value in
 * the line is 0, e.g. knockdown in an unmodified line); without it, undeclared ranges use `defaultFold`.
 */
export function chooseFactors(sc: ResolvedScenario, names: readonly string[] | undefined, fold: number | undefined, defaultFold = 2, flag = '--params'): FactorChoice[] {
  const m = sc.model;
  const chosen = names ?? m.parameters.filter((p) => !p.isDrug && p.range !== undefined).map((p) => p.name);
  const out: FactorChoice[] = [];
  for (const name of chosen) {
    const i = m.parameterIndex.get(name);
    if (i === undefined || m.parameters[i]!.isDrug) {
      throw new InputError({ file: flag, field: name }, `unknown parameter of model '${m.name}'; expected names such as ${m.parameters.filter((p) => !p.isDrug).slice(0, 6).map((p) => p.name).join(', ')}, …`);
    }
    if (out.some((f) => f.name === name)) throw new InputError({ file: flag, field: name }, 'parameter named twice');
    const info = m.parameters[i]!;
    const unitFactor = parseUnit(info.unit).factor;
    const value = sc.parameters[i]! / unitFactor;
    const modelValue = info.value / unitFactor;
    const useFold = fold !== undefined || info.range === undefined;
    if (useFold) {
      const f = fold ?? defaultFold;
      if (!(value > 0) && names === undefined) continue; // default set: a zero value (knockdown 0) cannot be folded
      if (!(value > 0)) throw new InputError({ file: flag, field: name }, `is ${value} in this line; a ±fold range needs a positive value — give a parameter with a declared range, or leave it out`);
      out.push({ name, lower: value / f, upper: value * f, scale: 'log', value, unit: info.unit, rangeFrom: 'fold' });
      continue;
    }
    let lower = info.range![0] / unitFactor;
    let upper = info.range![1] / unitFactor;
    let rangeFrom: FactorChoice['rangeFrom'] = 'model';
    if (modelValue > 0 && value > 0 && Math.abs(value / modelValue - 1) > 1e-12) {
      const s = value / modelValue;
      lower *= s;
      upper *= s;
      rangeFrom = 'model, scaled with the line';
    }
    if (name === 'knockdown') upper = Math.min(upper, 0.99);
    out.push({ name, lower, upper, scale: lower > 0 ? 'log' : 'linear', value, unit: info.unit, rangeFrom });
  }
  if (out.length === 0) throw new InputError({ file: flag }, 'no parameters to vary');
  return out;
}

/**
 * The measure's built-in experiment reduced for many cheap points: the one line (reference lines
 * dropped: ROS fold is then over the line's own untreated cells), `replicates` replicates, and for
 * CCK-8 `doses` doses (0 and evenly spaced picks of the file's positive doses).
 */
export function reducedSpec(spec: ExperimentSpec, line: string, replicates: number, doses: number): ExperimentSpec {
  const lines = [{ name: line, file: `${line}.yaml` }];
  switch (spec.assay) {
    case 'cck8-dose-response': {
      const { referenceLine: _r, ...cck8 } = spec.cck8;
      const t = spec.treatment;
      const pos = t.doses.map((_d, k) => k).filter((k) => t.doses[k]! > 0);
      const want = Math.max(2, doses) - 1;
      const picks = pos.length <= want ? pos : Array.from({ length: want }, (_, q) => pos[Math.round((q * (pos.length - 1)) / (want - 1))]!);
      const keep = [...new Set([t.doses.indexOf(0), ...picks])].filter((k) => k >= 0).sort((a, b) => a - b);
      return { ...spec, lines, cck8: { ...cck8, replicates }, treatment: { ...t, doses: keep.map((k) => t.doses[k]!), dosesUM: keep.map((k) => t.dosesUM[k]!) } };
    }
    case 'flow-dcf': {
      const { referenceLine: _r, ...flow } = spec.flow;
      return { ...spec, lines, flow: { ...flow, replicates } };
    }
    case 'flow-annexin-pi':
      return { ...spec, lines, flow: { ...spec.flow, replicates } };
    default:
      throw new RangeError(`sensitivity: no reduced form of a ${spec.assay} experiment`);
  }
}

/** Scalar output of a point from its replicate values: mean log₁₀ IC50 for ic50 (IC50s spread over decades), else the mean. */
export function pointOutput(measure: MeasureDef['name'], values: readonly number[]): number {
  const v = values.filter((x) => Number.isFinite(x) && (measure !== 'ic50' || x > 0));
  if (v.length === 0) return NaN;
  return measure === 'ic50' ? v.reduce((s, x) => s + Math.log10(x), 0) / v.length : v.reduce((s, x) => s + x, 0) / v.length;
}

export interface SensitivityRunPlan {
  readonly line: ResolvedScenario;
  readonly lineName: string;
  readonly spec: ExperimentSpec;
  readonly measure: MeasureDef;
  readonly seed: string | number;
  readonly cellsPerSample: number;
  readonly workers: number;
  readonly onPointProgress?: (fraction: number) => void;
}

/**
 * Point values: the replicate values of the measure and the scalar output. A parameter set the line
 * cannot live with (e.g. every cell past a fate threshold before treatment: a SolveError) is a result,
 * not a crash: output NaN and the reason, and the analysis leaves the point out.
 */
export function sensitivityEvaluator(plan: SensitivityRunPlan): (p: SweepPoint) => Promise<{ replicates: number[]; output: number; error?: string }> {
  return async (p) => {
    const lines = new Map([[plan.lineName, applyParams(plan.line, p.params)]]);
    try {
      const result = await runExperiment(plan.spec, lines, {
        seed: deriveSeed(plan.seed, 'sensitivity'),
        workers: plan.workers,
        cellsPerSample: plan.cellsPerSample,
        ...(plan.onPointProgress ? { onProgress: plan.onPointProgress } : {}),
      });
      const reps = measureValues(plan.measure, plan.spec, result.measurements, plan.lineName);
      return { replicates: reps, output: pointOutput(plan.measure.name, reps) };
    } catch (e) {
      if (e instanceof SolveError) return { replicates: [], output: NaN, error: e.message };
      throw e;
    }
  };
}
