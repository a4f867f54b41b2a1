/**
 * What the teaching page computes for one setting of its sliders, as plain data (structured-clonable,
 * so a Web Worker can post it): the deterministic time courses of one cell (stiff ODE, ros23s), the
 * Annexin V/PI stage fractions of a small well of individual cells (population engine, one well on
 * the calling thread), and a CCK-8-like imatinib dose–response of the chosen line. Small cell
 * numbers keep a slider move interactive; the same seed for every setting (common random numbers)
 * makes neighbouring settings differ by their biology, not by their noise.
 */
import { InputError } from '../core/errors.js';
import type { Readouts } from './pathway-nodes.js';
import { displayFactors } from '../model/display-units.js';
import { withCommandLine, type ResolvedScenario } from '../scenario/resolve.js';
import { untreatedSteadyState, wellJobs } from '../scenario/population-jobs.js';
import { problemFromScenario } from '../scenario/to-problem.js';
import { DEFAULT_ALGORITHMS } from '../solve/algorithms.js';
import { solveRosenbrock } from '../solve/ode/rosenbrock.js';
import { remake } from '../solve/problem.js';
import { simulateWell } from '../solve/population/well.js';

/** The page's controls. Doses in the drugs' own units (imatinib, auranofin µM; NAC mM). */
export interface TeachSettings {
  /** Bundled scenario path of the cell line, e.g. `scenarios/cell-lines/g01-shnrf2.yaml`. */
  readonly line: string;
  /** Fraction of Nrf2 mRNA removed by the shRNA, 0–0.95. */
  readonly knockdown: number;
  readonly imatinibUM: number;
  readonly auranofinUM: number;
  readonly nacMM: number;
}

/** Slider ranges; values outside are an InputError naming the control. */
export const SETTING_RANGES = {
  knockdown: [0, 0.95],
  imatinibUM: [0, 20],
  auranofinUM: [0, 5],
  nacMM: [0, 10],
} as const satisfies Record<Exclude<keyof TeachSettings, 'line'>, readonly [number, number]>;

export function checkSettings(s: TeachSettings): void {
  for (const [key, [lo, hi]] of Object.entries(SETTING_RANGES)) {
    const v = s[key as keyof typeof SETTING_RANGES];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < lo || v > hi) {
      throw new InputError({ file: 'teaching page', field: key }, `expected a number from ${lo} to ${hi}, got ${String(v)}`);
    }
  }
}

/** The line's scenario with the sliders applied (knockdown replaces the line's own; doses constant from t = 0). */
export function applySettings(sc: ResolvedScenario, s: TeachSettings): ResolvedScenario {
  checkSettings(s);
  const sets = new Map<string, number>();
  if (sc.model.parameterIndex.has('knockdown')) sets.set('knockdown', s.knockdown);
  const doses = new Map<string, number>();
  for (const [drug, v] of [['imatinib', s.imatinibUM], ['auranofin', s.auranofinUM], ['NAC', s.nacMM]] as const) {
    if (sc.model.drugIndex.has(drug)) doses.set(drug, v);
  }
  return withCommandLine(sc, sets, doses);
}

/** The line's own knockdown (what a preset sets the slider to). */
export function lineKnockdown(sc: ResolvedScenario): number {
  const k = sc.model.parameterIndex.get('knockdown');
  return k === undefined ? 0 : sc.parameters[k]!;
}

export interface TimeCourse {
  readonly timesH: number[];
  /** Species trajectories in each species' declared unit. */
  readonly series: Record<string, number[]>;
  readonly units: Record<string, string>;
  readonly steps: number;
  /** State at the last time, internal units (µM). */
  readonly finalStateUM: number[];
}

/** One cell, deterministic: ros23s from the line's untreated steady state, drugs added at t = 0. */
export function timeCourse(sc: ResolvedScenario, hours = 72, saveEveryH = 1): TimeCourse {
  // The untreated steady state is cached per parameter vector and shared with the population wells,
  // so moving a dose slider does not solve it again.
  const u0 = sc.initial === 'steady-state' ? untreatedSteadyState(sc.model, sc.parameters) : sc.model.initialState;
  const prob = remake(problemFromScenario({ ...sc, initial: 'model' }, { hours, saveEveryH }), { u0 });
  const sol = solveRosenbrock(prob, DEFAULT_ALGORITHMS.rosenbrock23);
  if (sol.retcode !== 'Success') throw new Error(`${sc.name}: ODE solver stopped (${sol.message || sol.retcode})`);
  const m = sc.model;
  const f = displayFactors(m);
  const series: Record<string, number[]> = {};
  m.species.forEach((sp, i) => {
    series[sp.name] = Array.from(sol.timesH, (_, k) => sol.states[k * m.nSpecies + i]! * f[i]!);
  });
  return {
    timesH: Array.from(sol.timesH),
    series,
    units: Object.fromEntries(m.species.map((sp) => [sp.name, sp.unit])),
    steps: sol.stats.steps,
    finalStateUM: Array.from(sol.states.subarray((sol.timesH.length - 1) * m.nSpecies)),
  };
}

export interface WellOptions {
  readonly cells: number;
  readonly seed: string | number;
  readonly hours: number;
  /** Stochastic burn-in before t = 0, h (the engine's default is 48; shorter keeps the page fast). */
  readonly burnInH: number;
}

export const TEACH_WELL: WellOptions = Object.freeze({ cells: 300, seed: 'teach', hours: 72, burnInH: 24 });

export interface StageFractions {
  readonly timesH: number[];
  /** Fractions of intact (non-debris) cells, as Annexin V/PI flow cytometry counts them. */
  readonly viable: number[];
  readonly earlyApoptotic: number[];
  readonly lateApoptotic: number[];
  readonly necrotic: number[];
  /** Viable cells relative to the cells seeded at t = 0. */
  readonly viableRelative: number[];
}

function runWell(sc: ResolvedScenario, o: WellOptions) {
  const [job] = wellJobs(sc, { seed: o.seed, cells: o.cells, hours: o.hours, options: { burnInH: o.burnInH, saveEveryH: 1, summarySpecies: [] } });
  return simulateWell(sc.model, job!);
}

/** One well of `o.cells` cells: stage fractions over time. */
export function stageFractions(sc: ResolvedScenario, o: WellOptions = TEACH_WELL): StageFractions {
  const r = runWell(sc, o);
  const c = r.counts;
  const n = r.timesH.length;
  const out = { timesH: Array.from(r.timesH), viable: [] as number[], earlyApoptotic: [] as number[], lateApoptotic: [] as number[], necrotic: [] as number[], viableRelative: [] as number[] };
  for (let k = 0; k < n; k++) {
    const intact = c.viable[k]! + c.earlyApoptotic[k]! + c.lateApoptotic[k]! + c.necrotic[k]!;
    const d = intact > 0 ? intact : NaN;
    out.viable.push(c.viable[k]! / d);
    out.earlyApoptotic.push(c.earlyApoptotic[k]! / d);
    out.lateApoptotic.push(c.lateApoptotic[k]! / d);
    out.necrotic.push(c.necrotic[k]! / d);
    out.viableRelative.push(c.viable[k]! / r.seededCells);
  }
  return out;
}

/** Viable cells of a well at `o.hours` (the CCK-8 signal, up to a constant). */
export function viableCellsAt(sc: ResolvedScenario, imatinibUM: number, o: WellOptions): number {
  const k = sc.model.drugIndex.get('imatinib');
  if (k === undefined) throw new InputError({ file: sc.model.sourceName, field: 'drugs' }, "the model has no drug 'imatinib'");
  const dosesUM = Float64Array.from(sc.dosesUM);
  dosesUM[k] = imatinibUM * sc.model.drugs[k]!.unitFactor;
  const r = runWell({ ...sc, dosesUM }, o);
  return r.counts.viable[r.timesH.length - 1]!;
}

/** Imatinib doses of the page's dose–response, µM (0 is the untreated reference). */
export const DOSE_RESPONSE_UM: readonly number[] = Object.freeze([0, 0.1, 0.3, 1, 3, 10]);

export const TEACH_DOSE_WELL: WellOptions = Object.freeze({ cells: 200, seed: 'teach-dose', hours: 48, burnInH: 24 });

/**
 * The diagram's values at the end of the run: species from the ODE time course, the viable fraction
 * from the well, and the Nrf2 half-life that Keap1 sets (ln 2 over the per-molecule rate of the
 * model's `nrf2_keap1_degradation` reaction with drug effects applied; NaN if the model has none).
 */
export function readouts(sc: ResolvedScenario, s: TeachSettings, tc: TimeCourse, viable: number): Readouts {
  const m = sc.model;
  const last = tc.timesH.length - 1;
  const at = (name: string): number => tc.series[name]?.[last] ?? NaN;
  let keap1HalfLifeMin = NaN;
  const r = m.reactions.findIndex((x) => x.id === 'nrf2_keap1_degradation');
  const iNrf2 = m.speciesIndex.get('Nrf2');
  if (r >= 0 && iNrf2 !== undefined) {
    const p = new Float64Array(m.nParameters);
    m.applyDrugs(sc.parameters, sc.dosesUM, p);
    const y = Float64Array.from(tc.finalStateUM);
    const perMolecule = m.rate(r, y, p) / y[iNrf2]!;
    keap1HalfLifeMin = (Math.LN2 / perMolecule) * 60;
  }
  return {
    Nrf2_nM: at('Nrf2'),
    keap1HalfLifeMin,
    TrxR_uM: at('TrxR'),
    TrxRed_uM: at('Trx_red'),
    H2O2_uM: at('H2O2'),
    GSH_uM: at('GSH'),
    BCR_ABL_uM: at('BCR_ABL'),
    Caspase_nM: at('Caspase'),
    viable,
    knockdown: s.knockdown,
    imatinibUM: s.imatinibUM,
    auranofinUM: s.auranofinUM,
    nacMM: s.nacMM,
  };
}
