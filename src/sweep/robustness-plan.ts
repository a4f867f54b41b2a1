/**
 * Claim-robustness map (`nrf2sim robustness`): an ensemble of parameter sets, each member a point of
 * the runner. A member is a set of multipliers, one per varied parameter, drawn log-uniformly within
 * [1/fold, fold] (or, with declared ranges, within the model file's range divided by the model's
 * value); applied to every line of the virtual paper by multiplying that line's own value, so line
 * differences (K562/G01's 2.5× Nrf2 transcription, a knockdown) are kept and only what we do not know
 * varies. Each member runs one repeat of the paper (runPaper, repeats 1).
 *
 * Seeds: the member's multipliers come from deriveSeed(seed, 'member', i); every member runs the
 * paper with the same root deriveSeed(seed, 'paper') — common random numbers, so members differ by
 * their parameters, not by the wells' sampling noise (and the value of a member depends on the root
 * seed and its index only).
 */
import type { Claim } from '../checks/claim.js';
import { runPaper, type PaperExperiment } from '../checks/run-paper.js';
import { InputError, SolveError } from '../core/errors.js';
import { deriveSeed, makeRng } from '../core/rng.js';
import { parseUnit } from '../core/units.js';
import type { CompiledModel } from '../model/types.js';
import { withCommandLine, type ResolvedScenario } from '../scenario/resolve.js';
import type { SweepPoint } from './point.js';

export interface MultiplierRange {
  readonly name: string;
  /** Multiplier bounds (log-uniform between). */
  readonly lower: number;
  readonly upper: number;
  readonly from: 'fold' | 'model range';
}

/**
 * Parameters to vary (default: every non-drug parameter with a declared range and a positive model
 * value — zero-valued ones such as knockdown are set by scenarios, not uncertain) and their multiplier
 * ranges.
 */
export function multiplierRanges(model: CompiledModel, names: readonly string[] | undefined, fold: number, useDeclared: boolean): MultiplierRange[] {
  const chosen = names ?? model.parameters.filter((p) => !p.isDrug && p.range !== undefined && p.value > 0).map((p) => p.name);
  const out: MultiplierRange[] = [];
  for (const name of chosen) {
    const i = model.parameterIndex.get(name);
    if (i === undefined || model.parameters[i]!.isDrug) {
      throw new InputError({ file: '--params', field: name }, `unknown parameter of model '${model.name}'; expected names such as ${model.parameters.filter((p) => !p.isDrug).slice(0, 6).map((p) => p.name).join(', ')}, …`);
    }
    if (out.some((r) => r.name === name)) throw new InputError({ file: '--params', field: name }, 'parameter named twice');
    const p = model.parameters[i]!;
    if (!(p.value > 0)) throw new InputError({ file: '--params', field: name }, `has model value ${p.value}; multiplying it cannot vary it — leave it out`);
    if (useDeclared && p.range && p.range[0] > 0) out.push({ name, lower: p.range[0] / p.value, upper: p.range[1] / p.value, from: 'model range' });
    else out.push({ name, lower: 1 / fold, upper: fold, from: 'fold' });
  }
  if (out.length === 0) throw new InputError({ file: '--params' }, 'no parameters to vary');
  return out;
}

/** Ensemble member i: multipliers drawn log-uniformly from its own stream. */
export function ensemblePoints(ranges: readonly MultiplierRange[], members: number, seed: string | number): SweepPoint[] {
  return Array.from({ length: members }, (_, index) => {
    const rng = makeRng(deriveSeed(seed, 'member', index));
    const params: Record<string, number> = {};
    for (const r of ranges) params[r.name] = r.lower * Math.pow(r.upper / r.lower, rng.next());
    return { index, params };
  });
}

/** A line with every multiplier applied to its own value (in the parameter's declared unit). */
export function scaledLine(sc: ResolvedScenario, multipliers: Readonly<Record<string, number>>): ResolvedScenario {
  const sets = new Map<string, number>();
  for (const [name, k] of Object.entries(multipliers)) {
    const i = sc.model.parameterIndex.get(name)!;
    sets.set(name, (sc.parameters[i]! / parseUnit(sc.model.parameters[i]!.unit).factor) * k);
  }
  return withCommandLine(sc, sets, new Map());
}

export interface RobustnessRunPlan {
  readonly claims: readonly Claim[];
  readonly experiments: ReadonlyMap<string, PaperExperiment>;
  readonly lines: ReadonlyMap<string, ResolvedScenario>;
  readonly seed: string | number;
  readonly workers: number;
  readonly cellsPerSample?: number;
  readonly onPointProgress?: (fraction: number) => void;
}

/**
 * Member values: per claim, whether it holds in the member's paper and its effect. A member whose
 * lines cannot live (a SolveError, e.g. every cell dead before treatment) records the reason instead
 * and is left out of the map (and counted there).
 */
export function robustnessEvaluator(plan: RobustnessRunPlan): (p: SweepPoint) => Promise<{ holds: Record<string, boolean>; effect: Record<string, number | null> } | { error: string }> {
  const once = memberEvaluator(plan);
  return async (p) => {
    try {
      return await once(p);
    } catch (e) {
      if (e instanceof SolveError) return { error: e.message };
      throw e;
    }
  };
}

function memberEvaluator(plan: RobustnessRunPlan): (p: SweepPoint) => Promise<{ holds: Record<string, boolean>; effect: Record<string, number | null> }> {
  return async (p) => {
    const scale = (m: ReadonlyMap<string, ResolvedScenario>): Map<string, ResolvedScenario> => new Map([...m].map(([k, sc]) => [k, scaledLine(sc, p.params)]));
    const experiments = new Map([...plan.experiments].map(([k, e]) => [k, { ...e, lines: scale(e.lines) }]));
    const result = await runPaper(
      { claims: plan.claims, experiments, lines: scale(plan.lines), makeVariant: (base, set) => withCommandLine(base, new Map(Object.entries(set)), new Map()) },
      {
        seed: deriveSeed(plan.seed, 'paper'),
        repeats: 1,
        workers: plan.workers,
        ...(plan.cellsPerSample !== undefined ? { cellsPerSample: plan.cellsPerSample } : {}),
        ...(plan.onPointProgress ? { onProgress: (q: { overall: number }) => plan.onPointProgress!(q.overall) } : {}),
      },
    );
    const holds: Record<string, boolean> = {};
    const effect: Record<string, number | null> = {};
    for (const c of result.claims) {
      holds[c.id] = c.holdsInFirstRepeat;
      effect[c.id] = Number.isFinite(c.effect) ? c.effect : null;
    }
    return { holds, effect };
  };
}
