/**
 * One well: a population of cells stepped with the generated intracellular kernel (kernel.ts), then
 * the cell-fate pass (cycle progress, division, death stages) that the model's `cell_fate` table
 * defines, with debris compacted away. Deterministic given the job: every random draw comes from the
 * well's own stream (`job.seed`), in an order that depends only on the job.
 *
 * ## Time line
 * 1. Initial cells: the line's untreated steady state u0; per-cell parameter multipliers drawn
 *    log-normal (mean 1, the scenario's CV); cycle phases from the stable age distribution of an
 *    exponentially growing population (density ∝ 2^−φ); intrinsic cycle durations gamma distributed.
 * 2. Burn-in (untreated, no cycle or death): 12 deterministic exponential steps of 50 h take every cell
 *    to its own steady state (the scheme's fixed points are the ODE's), copy numbers are rounded
 *    stochastically, then `burnInH` of stochastic dynamics establishes the intrinsic-noise
 *    distribution (default 48 h at 0.5 h steps). Then, like counting viable cells before plating,
 *    only cells below the fate thresholds are seeded (10 % extra cells are drawn for this).
 * 3. From t = 0: drugs (constant doses plus the schedule; concentrations evaluated at each step's
 *    midpoint and drug effects applied once per step per well, per-cell factors multiplied on top),
 *    fixed steps of `dtH` split at save times and schedule events.
 *
 * ## Cell fate (after each step, for each cell)
 * - Viable: necrosis when the necrosis species exceeds its threshold; else apoptosis commitment when
 *   the apoptosis species exceeds its threshold (→ early apoptotic, with a gamma-distributed delay);
 *   else cycle progress φ += h · rate_c · G(growth signal) · H(damage) · F(medium) / G_ref H_ref, where
 *   G = hill, H = hill_rep as declared, normalised by their values in the untreated reference cell
 *   (model defaults) so that reference cells double every `doubling_time`; F = max(0, 1 − (N/K)^θ)
 *   with N the viable cells of the well and K its carrying capacity. Cycle durations 1/rate_c are
 *   gamma distributed with CV `cycle_cv` and mean T = Td·(2^{cv²} − 1)/(cv²·ln 2), so that the
 *   population (Euler–Lotka) doubling time is exactly Td.
 * - φ ≥ 1: division into two daughters (the second appended). Concentrations are preserved in
 *   expectation: the mother's content at division is 2× a daughter's, so a low-copy species with X
 *   molecules gives Binomial(2X, ½) and the rest; high-copy (Langevin) species the normal
 *   approximation of that binomial; continuous and fast species keep their concentration. Each
 *   daughter's log-multipliers are ρ·(mother's) + √(1 − ρ²)·σ·N(0,1) (mean-preserving, stationary
 *   CV), ρ the scenario's mother–daughter correlation; each daughter draws a new cycle duration.
 * - Early apoptotic → late apoptotic → debris, necrotic → debris after gamma-distributed delays
 *   (the model's parameters). Dying cells keep the state they had at commitment.
 */
import { InputError, SolveError } from '../../core/errors.js';
import { deriveSeed, makeRng } from '../../core/rng.js';
import type { CompiledModel } from '../../model/types.js';
import { moleculesPerUM } from '../../model/types.js';
import { luFactor, luSolve } from '../linalg.js';
import { makeQssSolver } from '../qss.js';
import {
  buildKernel,
  CLASS_LANGEVIN,
  CLASS_POISSON,
  classifySpecies,
  ST_FALLBACKS,
  ST_FIRST_BAD_CELL,
  ST_NEWTON,
  ST_NONFINITE,
  ST_QSS_FAILURES,
  ST_SIZE,
  STAGE_DEBRIS,
  STAGE_EARLY_APOPTOTIC,
  STAGE_LATE_APOPTOTIC,
  STAGE_NECROTIC,
  STAGE_VIABLE,
} from './kernel.js';
import type { KernelScratch } from './kernel.js';
import { Sampler } from './sampling.js';
import { CellPopulation } from './state.js';
import type { Snapshot, WellJob, WellResult, WellStats } from './types.js';

const DEFAULTS = {
  dtH: 0.2,
  saveEveryH: 1,
  burnInH: 48,
  burnInDtH: 0.5,
  lowCopyThreshold: 1000,
  quantileLevels: [0.05, 0.25, 0.5, 0.75, 0.95],
  summarySample: 10_000,
} as const;

const DET_RELAX_STEPS = 12;
const SEED_OVERSAMPLE = 1.1;
const DET_RELAX_DT = 50;

/** hill(x, K, n) with a fast path for n = 2. */
function hillAct(x: number, K: number, n: number): number {
  const r = x / K;
  const rn = n === 2 ? r * r : Math.pow(r, n);
  return rn / (1 + rn);
}

/** Drug concentrations (µM) at time t: constant doses plus the active scheduled doses. */
export function doseAt(job: Pick<WellJob, 'dosesUM' | 'schedule'>, t: number, out: Float64Array): void {
  out.set(job.dosesUM);
  for (const ev of job.schedule) {
    if (t < ev.atH || t >= ev.washoutH) continue;
    const decay = ev.halfLifeH === Infinity ? 1 : Math.pow(2, -(t - ev.atH) / ev.halfLifeH);
    out[ev.drug]! += ev.doseUM * decay;
  }
}

/**
 * A well's cells at t = 0 after the untreated burn-in and seeding (one array per species / multiplier,
 * length `n` = the job's cells). It depends only on the job's line, cells, seed and burn-in settings —
 * not on doses, schedule or duration — so wells split from one culture (the same line and replicate
 * under different doses, in one experiment or several) share it: `burnInKey` names it.
 */
export interface BurntInCells {
  readonly n: number;
  readonly Y: readonly Float64Array[];
  readonly M: readonly Float64Array[];
  readonly phase: Float64Array;
  readonly cycleRate: Float64Array;
}

/** Simulate the untreated burn-in of a job's cells and seed the well (steps 1–2 of the time line). */
export function burnInCells(model: CompiledModel, job: WellJob): BurntInCells {
  return runWell(model, job, undefined, undefined, true) as BurntInCells;
}

/** Everything a burnt-in population depends on, as a string (equal keys ⇒ identical cells). */
export function burnInKey(job: WellJob): string {
  const o = job.options;
  const nums = (a: ArrayLike<number>): string => Array.from(a, (x) => x.toString(36)).join(',');
  return [
    job.modelSource,
    job.modelText,
    job.seed,
    job.cells,
    nums(job.parameters),
    nums(job.u0),
    job.variability.map((v) => `${v.parameter}:${v.cv}`).join(','),
    o.burnInH ?? DEFAULTS.burnInH,
    o.burnInDtH ?? DEFAULTS.burnInDtH,
    o.lowCopyThreshold ?? DEFAULTS.lowCopyThreshold,
    o.intracellularNoise ?? true,
    o.fate ?? true,
  ].join('|');
}

/**
 * Simulate a well. `start` (from `burnInCells` of a job with the same `burnInKey`) skips the burn-in;
 * the result is the same either way, because after the burn-in every well continues on its own stream
 * `deriveSeed(job.seed, 'treatment')`.
 */
export function simulateWell(model: CompiledModel, job: WellJob, onProgress?: (fraction: number) => void, start?: BurntInCells): WellResult {
  return runWell(model, job, onProgress, start, false) as WellResult;
}

function runWell(model: CompiledModel, job: WellJob, onProgress: ((fraction: number) => void) | undefined, start: BurntInCells | undefined, burnInOnly: boolean): WellResult | BurntInCells {
  const wall0 = performance.now();
  const o = job.options;
  const hours = o.hours;
  const dtH = o.dtH ?? DEFAULTS.dtH;
  const saveEvery = o.saveEveryH ?? DEFAULTS.saveEveryH;
  const burnInH = o.burnInH ?? DEFAULTS.burnInH;
  const burnInDt = o.burnInDtH ?? DEFAULTS.burnInDtH;
  const noiseOn = o.intracellularNoise ?? true;
  const fateOn = o.fate ?? true;
  const levels = [...(o.quantileLevels ?? DEFAULTS.quantileLevels)];
  const summarySample = o.summarySample ?? DEFAULTS.summarySample;
  for (const [v, what] of [[hours, 'hours'], [dtH, 'dtH'], [saveEvery, 'saveEveryH'], [burnInDt, 'burnInDtH']] as const) {
    if (!(v > 0) || !Number.isFinite(v)) throw new RangeError(`population: ${what} must be finite and > 0, got ${v}`);
  }
  if (!(burnInH >= 0)) throw new RangeError(`population: burnInH must be ≥ 0, got ${burnInH}`);
  if (!(job.cells >= 1)) throw new RangeError(`population: need at least one cell, got ${job.cells}`);
  const cf = model.cellFate;
  if (fateOn && !cf) {
    throw new InputError({ file: model.sourceName, field: 'cell_fate' }, 'the population engine needs a cell_fate table in the model (apoptosis, cycle, stage delays)');
  }

  const nS = model.nSpecies;
  const nP = model.nParameters;
  const base = job.parameters;
  const omega = moleculesPerUM(model.cellVolumeL);
  const classes = classifySpecies(model, job.u0, omega, o.lowCopyThreshold ?? DEFAULTS.lowCopyThreshold);
  const varying = job.variability.map((v) => v.parameter);
  const nV = varying.length;
  const sigma = job.variability.map((v) => Math.sqrt(Math.log(1 + v.cv * v.cv)));
  const mu = sigma.map((s) => -0.5 * s * s);
  const rho = job.inheritance;
  const rhoC = Math.sqrt(Math.max(0, 1 - rho * rho));
  const kernel = buildKernel({ model, baseParameters: base, varying, classes, omega });
  const step = kernel.step;

  let S = new Sampler(makeRng(job.seed));
  const summaryRng = makeRng(deriveSeed(job.seed, 'summary'));
  // With a burn-in, 10 % extra cells are drawn so that exactly `cells` viable cells can be seeded.
  const drawn = fateOn && burnInH > 0 ? Math.ceil(job.cells * SEED_OVERSAMPLE) : job.cells;
  const pop = new CellPopulation(nS, nV, Math.ceil(Math.max(drawn, job.cells) * 1.25));
  pop.n = start ? 0 : drawn;

  // Cycle bookkeeping.
  const td = cf ? base[cf.doublingTime]! : 1;
  const cycleCv = cf ? base[cf.cycleCv]! : 0;
  const cycleShape = cycleCv > 0 ? 1 / (cycleCv * cycleCv) : Infinity;
  const meanCycle = cycleCv > 0 ? (td * (Math.pow(2, cycleCv * cycleCv) - 1)) / (cycleCv * cycleCv * Math.LN2) : td;
  const drawCycleRate = (): number => 1 / S.gammaMean(meanCycle, cycleShape);

  // Initial cells.
  for (let c = 0; c < pop.n; c++) {
    for (let i = 0; i < nS; i++) {
      let v = job.u0[i]!;
      if (classes[i] === CLASS_POISSON && noiseOn) {
        const x = v * omega;
        const f = Math.floor(x);
        v = (f + (S.uniform() < x - f ? 1 : 0)) / omega;
      }
      pop.Y[i]![c] = v;
    }
    for (let k = 0; k < nV; k++) pop.M[k]![c] = Math.exp(mu[k]! + sigma[k]! * S.normal());
    pop.phase[c] = -Math.log2(1 - 0.5 * S.uniform());
    pop.cycleRate[c] = fateOn ? drawCycleRate() : 0;
    pop.stage[c] = STAGE_VIABLE;
  }

  // Well parameters (drugs applied) and the fallback QSS for one cell.
  const w = new Float64Array(nP);
  const doses = new Float64Array(model.drugs.length);
  const lastDoses = new Float64Array(model.drugs.length).fill(NaN);
  model.applyDrugs(base, doses, w);
  const qss = makeQssSolver(model);
  const pcell = new Float64Array(nP);
  const fix = (c: number, y: Float64Array): boolean => {
    if (!qss) return true;
    pcell.set(w);
    for (let k = 0; k < nV; k++) pcell[varying[k]!]! *= pop.M[k]![c]!;
    return qss.solve(y, pcell);
  };
  const yCell = new Float64Array(nS);
  const resolveFast = (c: number): void => {
    for (let i = 0; i < nS; i++) yCell[i] = pop.Y[i]![c]!;
    if (fix(c, yCell)) for (let i = 0; i < nS; i++) pop.Y[i]![c] = yCell[i]!;
    else st[ST_QSS_FAILURES]!++;
  };
  const nf = model.species.filter((s) => s.mode === 'fast').length;
  const scr: KernelScratch = { A: new Float64Array(Math.max(1, nf * nf)), R: new Float64Array(Math.max(1, nf)), piv: new Int32Array(Math.max(1, nf)), y: new Float64Array(nS) };
  const st = new Float64Array(ST_SIZE);
  st[ST_FIRST_BAD_CELL] = -1;
  const stats: WellStats = {
    cellSteps: 0,
    cellHours: 0,
    burnInCellSteps: 0,
    burnInCellHours: 0,
    newtonIterations: 0,
    qssFallbacks: 0,
    qssFailures: 0,
    peakCells: pop.n,
    thinnings: 0,
    wallSeconds: 0,
    mainSeconds: 0,
  };
  let tNow = -burnInH;
  let paramsChanged = false;
  const runKernel = (h: number, noise: number): void => {
    step(pop.n, pop.Y, pop.M, pop.stage, w, h, noise, paramsChanged ? 1 : 0, S, fix, scr, st, luFactor, luSolve);
    paramsChanged = false;
    if (st[ST_NONFINITE]! > 0) {
      const c = st[ST_FIRST_BAD_CELL]!;
      const bad = model.species.filter((_, i) => !(pop.Y[i]![c]! >= 0)).map((s) => s.name);
      throw new SolveError(`population well '${job.label}': cell ${c} has non-finite or negative ${bad.join(', ') || 'species'} near t = ${tNow.toFixed(3)} h`);
    }
  };
  const countViable = (): number => {
    let v = 0;
    const stg = pop.stage;
    for (let c = 0; c < pop.n; c++) if (stg[c] === STAGE_VIABLE) v++;
    return v;
  };

  // Burn-in.
  if (!start && burnInH > 0) {
    for (let k = 0; k < DET_RELAX_STEPS; k++) runKernel(DET_RELAX_DT, 0);
    if (noiseOn) {
      for (let i = 0; i < nS; i++) {
        if (classes[i] !== CLASS_POISSON) continue;
        const a = pop.Y[i]!;
        for (let c = 0; c < pop.n; c++) {
          const x = a[c]! * omega;
          const f = Math.floor(x);
          a[c] = (f + (S.uniform() < x - f ? 1 : 0)) / omega;
        }
      }
    }
    const nb = Math.max(1, Math.round(burnInH / burnInDt));
    const hb = burnInH / nb;
    for (let k = 0; k < nb; k++) {
      runKernel(hb, noiseOn ? 1 : 0);
      tNow += hb;
      stats.burnInCellSteps += pop.n;
      stats.burnInCellHours += pop.n * hb;
    }
  }
  tNow = 0;

  // Seeding: like counting viable cells from a culture before plating, cells whose state is past a
  // fate threshold after the burn-in (the culture's background death) are not seeded; the first
  // `cells` viable cells are (topped up with copies of random viable cells if too few).
  if (!start && fateOn && burnInH > 0 && cf) {
    const apoY = pop.Y[cf.apoptosis.species]!;
    const apoThr = w[cf.apoptosis.threshold]!;
    const necY = cf.necrosis ? pop.Y[cf.necrosis.species]! : apoY;
    const necThr = cf.necrosis ? w[cf.necrosis.threshold]! : Infinity;
    for (let c = 0; c < pop.n; c++) if (apoY[c]! > apoThr || necY[c]! > necThr) pop.stage[c] = STAGE_DEBRIS;
    pop.compact(STAGE_DEBRIS);
    if (pop.n === 0) throw new SolveError(`population well '${job.label}': every cell is past a fate threshold before treatment; check the line's parameters`);
    if (pop.n > job.cells) pop.n = job.cells;
    const viableSeeded = pop.n;
    while (pop.n < job.cells) pop.copyCell(Math.floor(S.uniform() * viableSeeded), pop.n++);
  }
  if (burnInOnly) {
    const n = pop.n;
    const cut = (a: Float64Array): Float64Array => a.slice(0, n);
    return { n, Y: pop.Y.map(cut), M: pop.M.map(cut), phase: cut(pop.phase), cycleRate: cut(pop.cycleRate) };
  }
  if (start) {
    if (start.n !== job.cells || start.Y.length !== nS || start.M.length !== nV) {
      throw new RangeError(`population well '${job.label}': the burnt-in cells (${start.n} cells, ${start.Y.length} species, ${start.M.length} multipliers) do not fit the job (${job.cells}, ${nS}, ${nV})`);
    }
    pop.ensure(start.n);
    pop.n = start.n;
    for (let i = 0; i < nS; i++) pop.Y[i]!.set(start.Y[i]!);
    for (let k = 0; k < nV; k++) pop.M[k]!.set(start.M[k]!);
    pop.phase.set(start.phase);
    pop.cycleRate.set(start.cycleRate);
    pop.stage.fill(STAGE_VIABLE, 0, start.n);
    pop.timer.fill(0, 0, start.n);
  }
  // From t = 0 every well continues on its own stream, whether its burn-in was computed here or shared.
  S = new Sampler(makeRng(deriveSeed(job.seed, 'treatment')));

  // Save times and step boundaries.
  const nSave = Math.max(2, Math.round(hours / saveEvery) + 1);
  const saveTimes = new Float64Array(nSave);
  for (let k = 0; k < nSave; k++) saveTimes[k] = Math.min(hours, k * saveEvery);
  saveTimes[nSave - 1] = hours;
  const boundaries = new Set<number>();
  for (const ev of job.schedule) {
    if (ev.atH > 0 && ev.atH < hours) boundaries.add(ev.atH);
    if (ev.washoutH > 0 && ev.washoutH < hours) boundaries.add(ev.washoutH);
  }
  for (const t of o.snapshotTimesH ?? []) if (t > 0 && t < hours) boundaries.add(t);
  for (const t of saveTimes) boundaries.add(t);
  const stops = [...boundaries].filter((t) => t > 0).sort((a, b) => a - b);

  // Outputs.
  const summaryNames = o.summarySpecies ?? model.species.map((s) => s.name);
  const summarySpecies = Int32Array.from(
    summaryNames.map((nm) => {
      const i = model.speciesIndex.get(nm);
      if (i === undefined) throw new InputError({ file: 'population', field: 'summarySpecies' }, `unknown species '${nm}'`);
      return i;
    }),
  );
  const nQ = levels.length;
  const counts = {
    viable: new Float64Array(nSave),
    earlyApoptotic: new Float64Array(nSave),
    lateApoptotic: new Float64Array(nSave),
    necrotic: new Float64Array(nSave),
    debris: new Float64Array(nSave),
    divisions: new Float64Array(nSave),
  };
  const means = new Float64Array(nSave * nS);
  const quantiles = new Float64Array(nSave * summarySpecies.length * nQ);
  const snapshots: Snapshot[] = [];
  const snapTimes = [...(o.snapshotTimesH ?? [])].filter((t) => t >= 0 && t <= hours).sort((a, b) => a - b);
  let iSnap = 0;
  let removed = 0;
  let divisions = 0;
  // Cells of the well each simulated cell stands for (doubles at each thinning, see `thin`).
  let weight = 1;
  const maxCells = o.maxCells ?? Infinity;
  if (!(maxCells >= 2 * job.cells)) throw new RangeError(`population: maxCells must be ≥ 2 × cells (${2 * job.cells}), got ${maxCells}`);
  let iSave = 0;

  const record = (k: number): void => {
    const stg = pop.stage;
    let nv = 0;
    let ne = 0;
    let nl = 0;
    let nn = 0;
    for (let c = 0; c < pop.n; c++) {
      const s = stg[c];
      if (s === STAGE_VIABLE) nv++;
      else if (s === STAGE_EARLY_APOPTOTIC) ne++;
      else if (s === STAGE_LATE_APOPTOTIC) nl++;
      else if (s === STAGE_NECROTIC) nn++;
    }
    counts.viable[k] = nv * weight;
    counts.earlyApoptotic[k] = ne * weight;
    counts.lateApoptotic[k] = nl * weight;
    counts.necrotic[k] = nn * weight;
    counts.debris[k] = removed;
    counts.divisions[k] = divisions;
    for (let i = 0; i < nS; i++) {
      const a = pop.Y[i]!;
      let sum = 0;
      for (let c = 0; c < pop.n; c++) if (stg[c] === STAGE_VIABLE) sum += a[c]!;
      means[k * nS + i] = nv > 0 ? sum / nv : NaN;
    }
    // Quantiles over (a random subset of) viable cells.
    const idx = new Int32Array(nv);
    let m = 0;
    for (let c = 0; c < pop.n; c++) if (stg[c] === STAGE_VIABLE) idx[m++] = c;
    const take = Math.min(nv, summarySample);
    const pick = new Int32Array(take);
    if (take === nv) pick.set(idx);
    else for (let j = 0; j < take; j++) pick[j] = idx[Math.floor(summaryRng.next() * nv)]!;
    const vals = new Float64Array(take);
    summarySpecies.forEach((i, si) => {
      const a = pop.Y[i]!;
      for (let j = 0; j < take; j++) vals[j] = a[pick[j]!]!;
      vals.sort();
      for (let q = 0; q < nQ; q++) quantiles[(k * summarySpecies.length + si) * nQ + q] = take > 0 ? quantileSorted(vals, levels[q]!) : NaN;
    });
  };

  const snapshot = (t: number): void => {
    const live: number[] = [];
    for (let c = 0; c < pop.n; c++) if (pop.stage[c] !== STAGE_DEBRIS) live.push(c);
    const max = o.snapshotMaxCells ?? Infinity;
    let chosen = live;
    if (live.length > max) {
      // Uniform subset without replacement (partial Fisher–Yates on the summary stream), in cell order.
      const a = live.slice();
      for (let j = 0; j < max; j++) {
        const r = j + Math.floor(summaryRng.next() * (a.length - j));
        [a[j], a[r]] = [a[r]!, a[j]!];
      }
      chosen = a.slice(0, max).sort((x, y) => x - y);
    }
    const states = new Float64Array(chosen.length * nS);
    const stage = new Uint8Array(chosen.length);
    chosen.forEach((c, j) => {
      stage[j] = pop.stage[c]!;
      for (let i = 0; i < nS; i++) states[j * nS + i] = pop.Y[i]![c]!;
    });
    snapshots.push({ timeH: t, cells: chosen.length, intact: live.length * weight, stage, states });
  };

  // Fate.
  const gsList = cf?.growthSignals ?? [];
  const dm = cf?.oxidativeDamage ?? null;
  const refFactor = (): number => {
    let f = 1;
    for (const gs of gsList) f *= hillAct(job.reference[gs.species]!, base[gs.K]!, base[gs.n]!);
    if (dm) f *= 1 - hillAct(job.reference[dm.species]!, base[dm.K]!, base[dm.n]!);
    return f;
  };
  const norm = cf ? refFactor() : 1;
  if (cf && !(norm > 0)) throw new SolveError(`population: the reference cell's cycle factor is ${norm}; check the cell_fate growth-signal and damage parameters`);
  const divList: number[] = [];
  let nViable = countViable();

  const fatePass = (t1: number, h: number): void => {
    if (!cf) return;
    const stg = pop.stage;
    const timer = pop.timer;
    const phase = pop.phase;
    const rate = pop.cycleRate;
    const apoY = pop.Y[cf.apoptosis.species]!;
    const apoThr = w[cf.apoptosis.threshold]!;
    const nec = cf.necrosis;
    const necY = nec ? pop.Y[nec.species]! : apoY;
    const necThr = nec ? w[nec.threshold]! : Infinity;
    const nG = gsList.length;
    const gY = gsList.map((g) => pop.Y[g.species]!);
    const gK = gsList.map((g) => w[g.K]!);
    const gN = gsList.map((g) => w[g.n]!);
    const dY = dm ? pop.Y[dm.species]! : apoY;
    const dK = dm ? w[dm.K]! : 1;
    const dN = dm ? w[dm.n]! : 1;
    const theta = w[cf.mediumExponent]!;
    const medium = Math.max(0, 1 - Math.pow((nViable * weight) / job.carryingCapacity, theta));
    const scale = (h * medium) / norm;
    const e2l = cf.earlyToLate;
    const l2d = cf.lateToDebris;
    const n2d = cf.necroticToDebris;
    const eMean = w[e2l.mean]!;
    const eShape = w[e2l.shape]!;
    const lMean = w[l2d.mean]!;
    const lShape = w[l2d.shape]!;
    const nMean = w[n2d.mean]!;
    const nShape = w[n2d.shape]!;
    divList.length = 0;
    let debris = 0;
    let viable = 0;
    for (let c = 0; c < pop.n; c++) {
      let s = stg[c]!;
      if (s === STAGE_VIABLE) {
        if (necY[c]! > necThr) {
          s = STAGE_NECROTIC;
          timer[c] = t1 + S.gammaMean(nMean, nShape);
        } else if (apoY[c]! > apoThr) {
          s = STAGE_EARLY_APOPTOTIC;
          timer[c] = t1 + S.gammaMean(eMean, eShape);
        } else {
          let f = rate[c]! * scale;
          for (let g = 0; g < nG; g++) f *= hillAct(gY[g]![c]!, gK[g]!, gN[g]!);
          if (dm) f *= 1 - hillAct(dY[c]!, dK, dN);
          const ph = phase[c]! + f;
          phase[c] = ph;
          if (ph >= 1) divList.push(c);
          viable++;
        }
      }
      if (s === STAGE_EARLY_APOPTOTIC && t1 >= timer[c]!) {
        s = STAGE_LATE_APOPTOTIC;
        timer[c] = timer[c]! + S.gammaMean(lMean, lShape);
      }
      if ((s === STAGE_LATE_APOPTOTIC || s === STAGE_NECROTIC) && t1 >= timer[c]!) {
        s = STAGE_DEBRIS;
        removed += weight;
      }
      if (s === STAGE_DEBRIS) debris++;
      stg[c] = s;
    }
    // Divisions.
    if (divList.length > 0) {
      pop.ensure(pop.n + divList.length);
      for (const c of divList) divide(c);
      viable += divList.length;
      divisions += divList.length * weight;
    }
    nViable = viable;
    // Compaction.
    if (debris > 0 && debris >= 0.02 * pop.n) pop.compact(STAGE_DEBRIS);
    if (pop.n > maxCells) thin();
    void h;
  };

  /**
   * Keep exactly half of the intact cells, chosen uniformly at random, each now standing for twice as
   * many cells of the well: unbiased for stage fractions, means and expansion (counts are multiplied
   * by `weight`), and it keeps a growing well's cost bounded — like passaging half a culture.
   */
  const thin = (): void => {
    pop.compact(STAGE_DEBRIS);
    const n = pop.n;
    const drop = n - Math.ceil(n / 2);
    // Partial Fisher–Yates over the indices: the first `drop` of a random permutation are removed.
    const idx = new Int32Array(n);
    for (let c = 0; c < n; c++) idx[c] = c;
    for (let j = 0; j < drop; j++) {
      const r = j + Math.floor(S.uniform() * (n - j));
      const t = idx[j]!;
      idx[j] = idx[r]!;
      idx[r] = t;
      pop.stage[idx[j]!] = STAGE_DEBRIS;
    }
    pop.compact(STAGE_DEBRIS);
    weight *= n / pop.n;
    let v = 0;
    for (let c = 0; c < pop.n; c++) if (pop.stage[c] === STAGE_VIABLE) v++;
    nViable = v;
    stats.thinnings++;
  };

  const divide = (c: number): void => {
    const d = pop.n++;
    pop.copyCell(c, d);
    const ph = Math.max(0, pop.phase[c]! - 1);
    pop.phase[c] = ph;
    pop.phase[d] = ph;
    pop.cycleRate[c] = drawCycleRate();
    pop.cycleRate[d] = drawCycleRate();
    for (let i = 0; i < nS; i++) {
      const cls = classes[i];
      if (!noiseOn || (cls !== CLASS_POISSON && cls !== CLASS_LANGEVIN)) continue;
      const a = pop.Y[i]!;
      if (cls === CLASS_POISSON) {
        const total = 2 * Math.round(a[c]! * omega);
        const x1 = S.binomial(total, 0.5);
        a[c] = x1 / omega;
        a[d] = (total - x1) / omega;
      } else {
        const x = a[c]! * omega;
        let x1 = x + Math.sqrt(0.5 * x) * S.normal();
        if (x1 < 0) x1 = 0;
        else if (x1 > 2 * x) x1 = 2 * x;
        a[c] = x1 / omega;
        a[d] = (2 * x - x1) / omega;
      }
    }
    if (noiseOn && qss) {
      // Partitioning moved the slow inputs of the fast block: re-solve it for both daughters.
      resolveFast(c);
      resolveFast(d);
    }
    for (let k = 0; k < nV; k++) {
      const m = pop.M[k]!;
      const z = Math.log(m[c]!) - mu[k]!;
      const sg = sigma[k]!;
      m[c] = Math.exp(mu[k]! + rho * z + rhoC * sg * S.normal());
      m[d] = Math.exp(mu[k]! + rho * z + rhoC * sg * S.normal());
    }
  };

  // Main loop.
  const main0 = performance.now();
  const updateDrugs = (t: number): void => {
    doseAt(job, t, doses);
    let changed = false;
    for (let k = 0; k < doses.length; k++) if (doses[k] !== lastDoses[k]) changed = true;
    if (changed) {
      model.applyDrugs(base, doses, w);
      lastDoses.set(doses);
      paramsChanged = true;
    }
  };
  // Cells whose state is already past a fate threshold after the burn-in (the culture's background
  // death) are classified before the first record.
  if (fateOn) fatePass(0, 0);
  while (iSnap < snapTimes.length && snapTimes[iSnap]! <= 0) snapshot(snapTimes[iSnap++]!);
  record(iSave++);
  let stopIdx = 0;
  const totalSteps = Math.ceil(hours / dtH) + stops.length;
  let stepsDone = 0;
  let nextProgress = 0;
  while (tNow < hours - 1e-12) {
    while (stopIdx < stops.length && stops[stopIdx]! <= tNow + 1e-12) stopIdx++;
    const stop = stopIdx < stops.length ? stops[stopIdx]! : hours;
    let t1 = Math.min(tNow + dtH, stop);
    if (stop - t1 < 1e-9 * dtH) t1 = stop;
    const h = t1 - tNow;
    updateDrugs(tNow + 0.5 * h);
    stats.cellSteps += nViable;
    stats.cellHours += nViable * h;
    runKernel(h, noiseOn ? 1 : 0);
    tNow = t1;
    if (fateOn) fatePass(t1, h);
    if (pop.n > stats.peakCells) stats.peakCells = pop.n;
    while (iSnap < snapTimes.length && snapTimes[iSnap]! <= tNow + 1e-9) snapshot(snapTimes[iSnap++]!);
    while (iSave < nSave && saveTimes[iSave]! <= tNow + 1e-9) record(iSave++);
    stepsDone++;
    if (onProgress && stepsDone >= nextProgress) {
      onProgress(Math.min(1, tNow / hours));
      nextProgress = stepsDone + Math.max(1, Math.floor(totalSteps / 100));
    }
  }
  while (iSave < nSave) record(iSave++);
  if (onProgress) onProgress(1);

  stats.newtonIterations = st[ST_NEWTON]!;
  stats.qssFallbacks = st[ST_FALLBACKS]!;
  stats.qssFailures = st[ST_QSS_FAILURES]!;
  const end = performance.now();
  stats.mainSeconds = (end - main0) / 1000;
  stats.wallSeconds = (end - wall0) / 1000;
  return {
    label: job.label,
    seed: job.seed,
    seededCells: job.cells,
    species: model.species.map((s) => s.name),
    timesH: saveTimes,
    counts,
    means,
    summarySpecies,
    quantileLevels: levels,
    quantiles,
    snapshots,
    stats,
  };
}

/** Quantile of sorted data by linear interpolation between order statistics (Hyndman–Fan type 7). */
export function quantileSorted(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}
