/**
 * The shared event-loop core of the stochastic engines: molecule counts for `discrete` species,
 * deterministic integration of `continuous` species between events, QSS synchronisation of `fast`
 * species, propensities with a dependency graph and running sum, exact SSA steps, and output sampling.
 *
 * ## State and units
 * Discrete species are integer counts X = round(u0 · Ω) (Ω = molecules per µM of the problem's cell
 * volume); the concentration vector y (µM) handed to rate laws and reported in the Solution holds
 * X/Ω for them, and µM values for continuous and fast species.
 *
 * ## Exact steps (Gillespie 1977 direct method)
 * One exponential draw gives the waiting time τ = −ln(1−U₁)/a₀, a second uniform picks the reaction by
 * linear search over the cumulative propensities. After reaction r fires, only the propensities of
 * the reactions in r's dependency list are re-evaluated (see partition.ts), and a₀ is updated by the
 * differences; to bound round-off drift, a₀ is re-summed from scratch every 2¹⁴ events and whenever it
 * falls below 1e-10 of its recent maximum (cancellation).
 *
 * ## Continuous species
 * Continuous reactions are integrated with the explicit Heun–Euler pair (order 2 with an embedded
 * order-1 error estimate; rtol 1e-5, atol 1e-3 molecules by default) with substeps of at most
 * `maxSubstepH` (default 0.01 h = 36 s; continuous species are slow, high-copy pools). Two cases:
 * - No discrete propensity depends on a continuously changing species (directly, or through fast
 *   species that do): the continuous state is integrated lazily, only up to the time of an event that
 *   changes a species the continuous reactions read, a save time, or a QSS re-solve that needs it. The
 *   discrete state is exactly piecewise constant in between, so this is exact up to the ODE error.
 * - Otherwise (time-varying propensities): the integrated-hazard method (e.g. Alfonsi et al. 2005,
 *   "Adaptive simulation of hybrid stochastic and deterministic models for biochemical systems",
 *   ESAIM Proc 14:1) over windows. A window (≤ maxSubstepH, ending at save times) opens with a QSS
 *   solve, a full propensity refresh and one continuous step with the discrete state frozen; each
 *   time-varying propensity is then taken linear between its exact values at the window's ends (so
 *   the hazard is second order in the window length), and one Exp(1) target R per event is consumed
 *   as ∫a₀dt — events inside the window are placed by solving the quadratic hazard, with no further
 *   continuous work (continuous and fast values at an event are interpolated linearly). An event that
 *   moves a discrete input of the continuous or QSS block by more than the QSS threshold below closes
 *   the window at the event, so the frozen-input error stays below that relative threshold. This costs
 *   one continuous step and one to three QSS solves per window rather than per event.
 *
 * ## Fast species (QSS synchronisation)
 * Re-solving the QSS after every event would dominate the cost, so the fast species are re-solved
 * only when an input of the fast block (a non-fast species read by a fast reaction) has moved, since
 * the last solve, by more than max(qssRelChange · |value at last solve|, ½ molecule) — with the default
 * qssRelChange = 0.002 that is every change while the input has fewer than 250 molecules, and every
 * 0.2 % above. Smaller moves only mark the fast state stale; stale fast states are re-solved before each
 * saved output (and, in the time-varying case, at every window start). The propensities of reactions
 * reading fast species are refreshed after each re-solve. When the fast block reads continuously
 * changing species, the QSS is re-solved at each continuous stage. The same threshold closes windows.
 *
 * ## Output
 * At each save time s the state just before the first event after s is recorded (piecewise-constant
 * sampling of the jump process), with continuous species integrated to s.
 *
 * ## Reproducibility
 * All randomness comes from one Alea stream, makeRng(alg.seed), consumed in a fixed order, so a seed
 * gives bit-identical output for the same problem and options (save times included: they bound
 * continuous substeps and windows).
 */
import type { RetCode } from '../../core/retcode.js';
import type { Rng } from '../../core/rng.js';
import { makeRng } from '../../core/rng.js';
import type { Algorithm } from '../algorithms.js';
import type { Problem } from '../problem.js';
import { effectiveParameters } from '../problem.js';
import type { QssSolver } from '../qss.js';
import { makeQssSolver } from '../qss.js';
import type { Solution, SolveStats } from '../solution.js';
import { emptyStats } from '../solution.js';
import type { HybridPartition } from './partition.js';
import { MODE_DISCRETE, buildPartition } from './partition.js';
import { propensity } from './propensity.js';

/** Options shared by the stochastic engines (all optional; defaults in brackets). */
export interface StochasticOptions {
  /** Largest continuous substep, and largest window of the time-varying case, h [0.01]. */
  readonly maxSubstepH?: number;
  /** Relative tolerance of the continuous integration [1e-5]. */
  readonly continuousRtol?: number;
  /** Absolute tolerance of the continuous integration, molecules [1e-3]. */
  readonly continuousAtolMolecules?: number;
  /** Relative move of a fast-block input that triggers a QSS re-solve [0.002]; 0 = after every change. */
  readonly qssRelChange?: number;
  /** Maximum number of exact events before giving up with retcode MaxSteps [1e9]. */
  readonly maxEvents?: number;
  /** Maximum number of leaps (tau-leaping) before giving up with retcode MaxSteps [1e8]. */
  readonly maxLeaps?: number;
}

/** Internal: stops a simulation with a retcode (caught by {@link runStochastic}). */
export class SimulationStop extends Error {
  readonly retcode: RetCode;
  constructor(retcode: RetCode, message: string) {
    super(message);
    this.name = 'SimulationStop';
    this.retcode = retcode;
  }
}

const RESUM_INTERVAL = 1 << 14;
const RESUM_RELATIVE = 1e-10;

function fmtT(t: number): string {
  return `t = ${Number(t.toPrecision(10))} h`;
}

export class HybridEngine {
  readonly prob: Problem;
  readonly part: HybridPartition;
  readonly p: Float64Array;
  readonly omega: number;
  readonly rng: Rng;
  /** Molecule counts (discrete species entries; others unused). */
  readonly x: Float64Array;
  /** Concentrations, µM, all species. */
  readonly y: Float64Array;
  /** Propensities, events/h, indexed by reaction (0 for non-discrete reactions). */
  readonly a: Float64Array;
  a0 = 0;
  private a0Ref = 0;
  private sinceResum = 0;
  // Time-varying case (windows, see beginWindow).
  /** Per reaction: slope of the propensity within the current window (0 unless time-varying). */
  private readonly slope: Float64Array;
  private b0 = 0;
  private tW0 = 0;
  private tW1 = 0;
  private readonly yStart: Float64Array;
  private readonly yEnd: Float64Array;
  private readonly contFastSpecies: Int32Array;
  private readonly isTimeVarying: Uint8Array;
  /** Discrete species read by continuous or fast reactions (frozen over a window's continuous step). */
  private readonly isWindowInput: Uint8Array;
  private readonly windowInputs: Int32Array;
  private readonly changesWindowInput: Uint8Array;
  private readonly winRef: Float64Array;
  t: number;
  /** Time the continuous state has been integrated to. */
  tCont: number;
  readonly tEnd: number;
  done = false;
  readonly saveTimes: Float64Array;
  readonly states: Float64Array;
  iSave = 0;
  readonly stats: SolveStats = emptyStats();

  readonly maxSubstepH: number;
  private readonly rtol: number;
  private readonly atolUM: number;
  private readonly qssRel: number;
  private readonly maxEvents: number;
  readonly maxLeaps: number;

  private qss: QssSolver | null = null;
  private readonly fastRef: Float64Array;
  private readonly fastInputsDiscrete: Int32Array;
  private fastStale = false;

  private readonly k1: Float64Array;
  private readonly k2: Float64Array;
  private readonly ytmp: Float64Array;
  private hCont: number;

  constructor(prob: Problem, seed: string | number, opts: StochasticOptions = {}) {
    this.prob = prob;
    const model = prob.model;
    this.part = buildPartition(model, prob.cellVolumeL);
    this.p = effectiveParameters(prob);
    this.omega = this.part.omega;
    this.rng = makeRng(seed);
    const nS = model.nSpecies;
    this.x = new Float64Array(nS);
    this.y = new Float64Array(nS);
    this.a = new Float64Array(model.nReactions);
    this.t = prob.tspanH[0];
    this.tCont = this.t;
    this.tEnd = prob.tspanH[1];
    this.saveTimes = prob.saveTimesH;
    this.states = new Float64Array(this.saveTimes.length * nS);
    this.maxSubstepH = opts.maxSubstepH ?? 0.01;
    this.rtol = opts.continuousRtol ?? 1e-5;
    this.atolUM = (opts.continuousAtolMolecules ?? 1e-3) / this.omega;
    this.qssRel = opts.qssRelChange ?? 0.002;
    this.maxEvents = opts.maxEvents ?? 1e9;
    this.maxLeaps = opts.maxLeaps ?? 1e8;
    if (!(this.maxSubstepH > 0)) throw new RangeError(`maxSubstepH must be > 0, got ${this.maxSubstepH}`);
    this.hCont = this.maxSubstepH;
    this.fastRef = new Float64Array(nS);
    const fid: number[] = [];
    for (let i = 0; i < nS; i++) {
      if (this.part.isFastInput[i] === 1 && this.part.speciesMode[i] === MODE_DISCRETE) fid.push(i);
    }
    this.fastInputsDiscrete = Int32Array.from(fid);
    this.k1 = new Float64Array(nS);
    this.k2 = new Float64Array(nS);
    this.ytmp = new Float64Array(nS);

    const part = this.part;
    const nR = model.nReactions;
    this.slope = new Float64Array(nR);
    this.yStart = new Float64Array(nS);
    this.yEnd = new Float64Array(nS);
    const cf: number[] = [];
    for (let i = 0; i < nS; i++) if (part.speciesMode[i] !== MODE_DISCRETE) cf.push(i);
    this.contFastSpecies = Int32Array.from(cf);
    this.isTimeVarying = new Uint8Array(nR);
    for (const q of part.readsTimeVarying) this.isTimeVarying[q] = 1;
    this.isWindowInput = new Uint8Array(nS);
    for (const r of part.continuousReactions) {
      for (const i of model.reactions[r]!.dependsOn) if (part.speciesMode[i] === MODE_DISCRETE) this.isWindowInput[i] = 1;
    }
    for (let i = 0; i < nS; i++) {
      if (part.isFastInput[i] === 1 && part.speciesMode[i] === MODE_DISCRETE) this.isWindowInput[i] = 1;
    }
    const wi: number[] = [];
    for (let i = 0; i < nS; i++) if (this.isWindowInput[i] === 1) wi.push(i);
    this.windowInputs = Int32Array.from(wi);
    this.changesWindowInput = new Uint8Array(nR);
    for (let r = 0; r < nR; r++) {
      for (let k = part.stoichPtr[r]!; k < part.stoichPtr[r + 1]!; k++) {
        if (this.isWindowInput[part.stoichSpecies[k]!] === 1) this.changesWindowInput[r] = 1;
      }
    }
    this.winRef = new Float64Array(nS);
  }

  /** Initial counts, QSS and propensities. */
  start(): void {
    const { part, prob, x, y, omega } = this;
    const u0 = prob.u0;
    for (let i = 0; i < part.nSpecies; i++) {
      if (part.speciesMode[i] === MODE_DISCRETE) {
        const c = Math.round(u0[i]! * omega);
        if (!(c >= 0) || !Number.isFinite(c)) {
          throw new SimulationStop(
            'Unstable',
            `initial state of discrete species ${prob.model.species[i]!.name} is ${u0[i]} µM (${c} molecules)`,
          );
        }
        x[i] = c;
        y[i] = c / omega;
      } else {
        y[i] = u0[i]!;
      }
    }
    if (part.hasFast) {
      this.qss = makeQssSolver(prob.model);
      this.solveFast();
    }
    this.recomputeAll();
  }

  // ---------------------------------------------------------------- propensities

  private fail(r: number, v: number): never {
    const info = this.part.model.reactions[r]!;
    throw new SimulationStop(
      'Unstable',
      `reaction ${info.id} has propensity ${v} at ${fmtT(this.t)} (rate law '${info.rateLaw}'); ` +
        'propensities must be finite and >= 0',
    );
  }

  /** Re-evaluate every discrete propensity and re-sum a₀. */
  recomputeAll(): void {
    const { part, a, x, y, p } = this;
    const list = part.discreteReactions;
    let s = 0;
    for (let k = 0; k < list.length; k++) {
      const r = list[k]!;
      const v = propensity(part, r, x, y, p);
      if (!(v >= 0)) this.fail(r, v);
      a[r] = v;
      s += v;
    }
    this.a0 = s;
    this.a0Ref = s;
    this.sinceResum = 0;
  }

  /** Re-sum a₀ from the stored propensities. */
  resum(): void {
    const list = this.part.discreteReactions;
    const a = this.a;
    let s = 0;
    for (let k = 0; k < list.length; k++) s += a[list[k]!]!;
    this.a0 = s;
    this.a0Ref = s;
    this.sinceResum = 0;
  }

  private update(r: number): void {
    const v = propensity(this.part, r, this.x, this.y, this.p);
    if (!(v >= 0)) this.fail(r, v);
    const a0 = this.a0 + (v - this.a[r]!);
    this.a[r] = v;
    this.a0 = a0;
    if (a0 > this.a0Ref) this.a0Ref = a0;
  }

  private updateList(list: Int32Array): void {
    for (let k = 0; k < list.length; k++) this.update(list[k]!);
  }

  /** A reaction index drawn with probability a_r/a₀ (one uniform); −1 only after severe round-off. */
  select(): number {
    const target = this.rng.next() * this.a0;
    const list = this.part.discreteReactions;
    const a = this.a;
    let acc = 0;
    let last = -1;
    for (let k = 0; k < list.length; k++) {
      const r = list[k]!;
      const ar = a[r]!;
      if (ar > 0) {
        acc += ar;
        last = r;
        if (acc > target) return r;
      }
    }
    return last;
  }

  /** Apply one firing of discrete reaction r at the current time and update what depends on it. */
  fire(r: number): void {
    const part = this.part;
    const { x, y, omega } = this;
    const sp = part.stoichPtr;
    const ss = part.stoichSpecies;
    const sc = part.stoichCoef;
    const end = sp[r + 1]!;
    for (let k = sp[r]!; k < end; k++) {
      const i = ss[k]!;
      const xi = x[i]! + sc[k]!;
      if (xi < 0) this.negativeCount(r, i, xi);
      x[i] = xi;
      y[i] = xi / omega;
    }
    const dp = part.depPtr;
    const dl = part.depList;
    const dend = dp[r + 1]!;
    for (let k = dp[r]!; k < dend; k++) this.update(dl[k]!);
    if (part.changesFastInput[r] === 1) this.afterFastInputChange(r);
    if (++this.sinceResum >= RESUM_INTERVAL) this.resum();
  }

  private negativeCount(r: number, i: number, xi: number): never {
    const m = this.part.model;
    throw new SimulationStop(
      'Unstable',
      `reaction ${m.reactions[r]!.id} drove ${m.species[i]!.name} to ${xi} molecules at ${fmtT(this.t)} ` +
        '(its stoichiometry consumes a species that is not among its reactants)',
    );
  }

  // ---------------------------------------------------------------- fast species

  private solveFast(): void {
    if (this.part.fastDependsOnContinuous) this.advanceContinuous(this.t);
    this.solveQssInto(this.y);
    const fi = this.fastInputsDiscrete;
    for (let k = 0; k < fi.length; k++) this.fastRef[fi[k]!] = this.x[fi[k]!]!;
    this.fastStale = false;
  }

  private solveQssInto(yv: Float64Array): void {
    if (!this.qss!.solve(yv, this.p)) {
      throw new SimulationStop('QssFailed', `QSS solve of the fast species did not converge at ${fmtT(this.t)}`);
    }
  }

  /** Re-solve the fast block and refresh the propensities that read it. */
  resolveFast(): void {
    this.solveFast();
    this.updateList(this.part.readsFast);
  }

  private moved(i: number): number {
    const ref = this.fastRef[i]!;
    const d = Math.abs(this.x[i]! - ref);
    return d > Math.max(this.qssRel * Math.abs(ref), 0.5) ? 2 : d > 0 ? 1 : 0;
  }

  private afterFastInputChange(r: number): void {
    const part = this.part;
    let worst = 0;
    for (let k = part.stoichPtr[r]!; k < part.stoichPtr[r + 1]!; k++) {
      const i = part.stoichSpecies[k]!;
      if (part.isFastInput[i] === 1) worst = Math.max(worst, this.moved(i));
    }
    if (worst === 2) this.resolveFast();
    else if (worst === 1) this.fastStale = true;
  }

  /** After a bulk change of counts (a leap): re-solve the fast block if an input moved enough. */
  checkFastInputs(): void {
    if (!this.part.hasFast) return;
    let worst = 0;
    const fi = this.fastInputsDiscrete;
    for (let k = 0; k < fi.length; k++) worst = Math.max(worst, this.moved(fi[k]!));
    if (worst === 2) this.resolveFast();
    else if (worst === 1) this.fastStale = true;
  }

  // ---------------------------------------------------------------- continuous species

  private contRhs(yv: Float64Array, out: Float64Array): void {
    const part = this.part;
    const cs = part.continuousSpecies;
    for (let k = 0; k < cs.length; k++) out[cs[k]!] = 0;
    const cr = part.continuousReactions;
    const model = part.model;
    const sp = part.stoichPtr;
    const ss = part.stoichSpecies;
    const sc = part.stoichCoef;
    for (let k = 0; k < cr.length; k++) {
      const r = cr[k]!;
      const v = model.rate(r, yv, this.p);
      if (!Number.isFinite(v)) {
        const info = model.reactions[r]!;
        throw new SimulationStop('Unstable', `continuous reaction ${info.id} has rate ${v} at ${fmtT(this.tCont)}`);
      }
      for (let j = sp[r]!; j < sp[r + 1]!; j++) out[ss[j]!]! += sc[j]! * v;
    }
    this.stats.rhsEvaluations++;
  }

  /**
   * One accepted Heun–Euler step of the continuous species from tCont, of size ≤ hReq (smaller when
   * the error control rejects); the discrete state is held fixed. Returns the size taken.
   */
  contStep(hReq: number): number {
    const part = this.part;
    const { y, k1, k2, ytmp } = this;
    const cs = part.continuousSpecies;
    const nc = cs.length;
    this.contRhs(y, k1);
    const hPrev = this.hCont;
    let h = Math.min(hReq, hPrev);
    // A step shortened only by the request (a save time, an event) keeps the controller's size.
    let keepPrev = hReq < hPrev;
    for (;;) {
      ytmp.set(y);
      for (let k = 0; k < nc; k++) {
        const c = cs[k]!;
        ytmp[c] = y[c]! + h * k1[c]!;
      }
      if (part.fastDependsOnContinuous) this.solveQssInto(ytmp);
      this.contRhs(ytmp, k2);
      let err = 0;
      for (let k = 0; k < nc; k++) {
        const c = cs[k]!;
        const yn = y[c]! + 0.5 * h * (k1[c]! + k2[c]!);
        const sc = this.atolUM + this.rtol * Math.max(Math.abs(y[c]!), Math.abs(yn));
        const e = (0.5 * h * Math.abs(k2[c]! - k1[c]!)) / sc;
        if (e > err || Number.isNaN(e)) err = e;
      }
      if (Number.isNaN(err)) {
        let bad = -1;
        for (let k = 0; k < nc && bad < 0; k++) {
          const c = cs[k]!;
          if (Number.isNaN(k1[c]! + k2[c]!)) bad = c;
        }
        const name = bad >= 0 ? this.prob.model.species[bad]!.name : 'a continuous species';
        throw new SimulationStop('Unstable', `continuous integration produced NaN in ${name} at ${fmtT(this.tCont)}`);
      }
      const fac = err > 0 ? 0.9 / Math.sqrt(err) : 5;
      if (err <= 1) {
        for (let k = 0; k < nc; k++) {
          const c = cs[k]!;
          y[c] = y[c]! + 0.5 * h * (k1[c]! + k2[c]!);
        }
        this.tCont += h;
        const hNext = Math.min(this.maxSubstepH, h * Math.min(5, fac));
        this.hCont = keepPrev ? Math.max(hPrev, hNext) : hNext;
        if (part.fastDependsOnContinuous) this.solveQssInto(y);
        return h;
      }
      h *= Math.max(0.2, fac);
      this.hCont = h;
      keepPrev = false;
      this.stats.rejectedSteps++;
      if (h < 1e-13 * Math.max(1, Math.abs(this.tCont))) {
        throw new SimulationStop(
          'StepTooSmall',
          `continuous step size underflow (${h} h) at ${fmtT(this.tCont)}; consider mode 'fast' for stiff species`,
        );
      }
    }
  }

  /** Integrate the continuous species (discrete state fixed) from tCont up to tTarget. */
  advanceContinuous(tTarget: number): void {
    if (!this.part.hasContinuousReactions) {
      if (tTarget > this.tCont) this.tCont = tTarget;
      return;
    }
    while (this.tCont < tTarget) {
      const rem = tTarget - this.tCont;
      const taken = this.contStep(Math.min(rem, this.maxSubstepH));
      if (taken >= rem) this.tCont = tTarget;
    }
  }

  // ---------------------------------------------------------------- output

  nextSaveTime(): number {
    return this.iSave < this.saveTimes.length ? this.saveTimes[this.iSave]! : Infinity;
  }

  /** Record the saves at times < limit (≤ limit when inclusive) and ≤ tEnd, in order. */
  recordSaves(limit: number, inclusive: boolean): void {
    const saves = this.saveTimes;
    const nS = this.part.nSpecies;
    while (this.iSave < saves.length) {
      const s = saves[this.iSave]!;
      if (inclusive ? s > limit : s >= limit) break;
      if (s > this.tEnd) break;
      this.advanceContinuous(s);
      if (this.fastStale) this.resolveFast();
      this.states.set(this.y, this.iSave * nS);
      this.iSave++;
    }
  }

  /** Fill any saves left (beyond tEnd) with the final state. */
  finish(): void {
    const nS = this.part.nSpecies;
    this.recordSaves(this.tEnd, true);
    if (this.iSave < this.saveTimes.length) {
      this.advanceContinuous(this.tEnd);
      if (this.fastStale) this.resolveFast();
      while (this.iSave < this.saveTimes.length) this.states.set(this.y, this.iSave++ * nS);
    }
    this.stats.steps = this.stats.events + this.stats.leaps;
  }

  private countEvent(): void {
    if (++this.stats.events >= this.maxEvents) {
      throw new SimulationStop('MaxSteps', `reached maxEvents = ${this.maxEvents} at ${fmtT(this.t)}`);
    }
  }

  // ---------------------------------------------------------------- exact SSA steps

  /**
   * Up to maxN exact events (fewer when tEnd is reached, then `done` is set), recording saves on the
   * way. Returns the number of events fired.
   */
  exactSteps(maxN: number): number {
    if (this.part.timeVarying) return this.exactStepsTimeVarying(maxN);
    const rng = this.rng;
    const saves = this.saveTimes;
    const nSave = saves.length;
    const tEnd = this.tEnd;
    const chCont = this.part.changesContinuousInput;
    const lazy = this.part.hasContinuousReactions;
    let n = 0;
    while (n < maxN) {
      if (this.a0 < this.a0Ref * RESUM_RELATIVE) this.resum();
      const a0 = this.a0;
      const tNext = a0 > 0 ? this.t - Math.log(1 - rng.next()) / a0 : Infinity;
      if (this.iSave < nSave && saves[this.iSave]! < tNext) this.recordSaves(tNext, false);
      if (tNext > tEnd) {
        this.t = tEnd;
        this.done = true;
        return n;
      }
      const r = this.select();
      if (r < 0) {
        this.resum();
        continue;
      }
      if (lazy && chCont[r] === 1) this.advanceContinuous(tNext);
      this.t = tNext;
      this.fire(r);
      n++;
      this.countEvent();
    }
    return n;
  }

  // ---------------------------------------------------------------- time-varying propensities

  /**
   * Open a window at the current time: re-solve the QSS, refresh every propensity, take one continuous
   * step (discrete state frozen) to tW1 ≤ min(next save, tEnd, t + maxSubstepH), and give each
   * time-varying reaction the slope between its start value and its value at the step's end. Within the
   * window a[r] holds each propensity's value extrapolated to tW0 and slope[r] its slope, so
   * a₀(t) = A + B·(t − tW0) with A = Σa, B = Σslope.
   */
  private beginWindow(): void {
    const part = this.part;
    const { x, y, p, a, slope, yStart, yEnd } = this;
    if (part.hasFast) {
      this.solveQssInto(y);
      const fi = this.fastInputsDiscrete;
      for (let k = 0; k < fi.length; k++) this.fastRef[fi[k]!] = x[fi[k]!]!;
      this.fastStale = false;
    }
    this.recomputeAll();
    const wi = this.windowInputs;
    for (let k = 0; k < wi.length; k++) this.winRef[wi[k]!] = x[wi[k]!]!;
    const t0 = this.t;
    const tStop = Math.min(this.nextSaveTime(), this.tEnd);
    const toStop = tStop - t0;
    yStart.set(y);
    this.tCont = t0;
    const taken = this.contStep(Math.min(toStop, this.maxSubstepH));
    const t1 = taken >= toStop ? tStop : t0 + taken;
    this.tW0 = t0;
    this.tW1 = t1;
    this.tCont = t1;
    yEnd.set(y);
    y.set(yStart);
    const tv = part.readsTimeVarying;
    const len = t1 - t0;
    let b = 0;
    for (let k = 0; k < tv.length; k++) {
      const q = tv[k]!;
      const ae = propensity(part, q, x, yEnd, p);
      if (!(ae >= 0)) this.fail(q, ae);
      const sl = len > 0 ? (ae - a[q]!) / len : 0;
      slope[q] = sl;
      b += sl;
    }
    this.b0 = b;
  }

  /** Continuous and fast entries of y linearly interpolated to time t within the window. */
  private interpolate(t: number): void {
    const { y, yStart, yEnd } = this;
    const w = (t - this.tW0) / (this.tW1 - this.tW0);
    const cf = this.contFastSpecies;
    for (let k = 0; k < cf.length; k++) {
      const j = cf[k]!;
      y[j] = yStart[j]! + w * (yEnd[j]! - yStart[j]!);
    }
  }

  /** A reaction drawn with probability a_r(t)/a₀(t) inside a window (dt = t − tW0). */
  private selectWindowed(dt: number, total: number): number {
    const target = this.rng.next() * total;
    const list = this.part.discreteReactions;
    const { a, slope } = this;
    let acc = 0;
    let last = -1;
    for (let k = 0; k < list.length; k++) {
      const r = list[k]!;
      const v = a[r]! + slope[r]! * dt;
      if (v > 0) {
        acc += v;
        last = r;
        if (acc > target) return r;
      }
    }
    return last;
  }

  /**
   * Fire r inside a window at time t (y already interpolated to t). Time-varying dependents get a new
   * value at t and at the window's end (with the new counts). Returns true when r moved an input of
   * the continuous or QSS block beyond the threshold, so the window must close at t.
   */
  private fireWindowed(r: number, t: number): boolean {
    const part = this.part;
    const { x, y, yEnd, omega, a, slope, p } = this;
    const sp = part.stoichPtr;
    const ss = part.stoichSpecies;
    const sc = part.stoichCoef;
    const end = sp[r + 1]!;
    for (let k = sp[r]!; k < end; k++) {
      const i = ss[k]!;
      const xi = x[i]! + sc[k]!;
      if (xi < 0) this.negativeCount(r, i, xi);
      x[i] = xi;
      const c = xi / omega;
      y[i] = c;
      yEnd[i] = c;
    }
    const dt = t - this.tW0;
    const rest = this.tW1 - t;
    const tvFlag = this.isTimeVarying;
    const dp = part.depPtr;
    const dl = part.depList;
    for (let k = dp[r]!; k < dp[r + 1]!; k++) {
      const q = dl[k]!;
      const now = propensity(part, q, x, y, p);
      if (!(now >= 0)) this.fail(q, now);
      if (tvFlag[q] === 1) {
        const ae = propensity(part, q, x, yEnd, p);
        if (!(ae >= 0)) this.fail(q, ae);
        const sl = rest > 0 ? (ae - now) / rest : 0;
        const ref = now - sl * dt;
        this.a0 += ref - a[q]!;
        this.b0 += sl - slope[q]!;
        a[q] = ref;
        slope[q] = sl;
      } else {
        this.a0 += now - a[q]!;
        a[q] = now;
      }
    }
    if (this.changesWindowInput[r] === 1) {
      for (let k = sp[r]!; k < end; k++) {
        const i = ss[k]!;
        if (this.isWindowInput[i] === 1) {
          const ref = this.winRef[i]!;
          if (Math.abs(x[i]! - ref) > Math.max(this.qssRel * Math.abs(ref), 0.5)) return true;
        }
      }
    }
    return false;
  }

  /**
   * Exact steps with time-varying propensities (integrated hazard over windows, see beginWindow): the
   * event time solves (A + B·dt)u + B·u²/2 = R for the Exp(1) target R; a window without (further)
   * events consumes its exact linear hazard. Returns the number of events fired.
   */
  private exactStepsTimeVarying(maxN: number): number {
    const rng = this.rng;
    let n = 0;
    let hazard = -Math.log(1 - rng.next());
    while (n < maxN) {
      this.recordSaves(this.t, true);
      if (this.t >= this.tEnd) {
        this.done = true;
        return n;
      }
      this.beginWindow();
      let closed = false;
      while (!closed) {
        const t = this.t;
        const dt = t - this.tW0;
        const b = this.b0;
        const c = this.a0 + b * dt;
        const rem = this.tW1 - t;
        const disc = c * c + 2 * b * hazard;
        const root = disc >= 0 ? c + Math.sqrt(disc) : 0;
        const u = root > 0 ? (2 * hazard) / root : Infinity;
        if (!(u < rem)) {
          hazard -= c * rem + 0.5 * b * rem * rem;
          if (hazard < 0) hazard = 0;
          this.t = this.tW1;
          this.y.set(this.yEnd);
          this.tCont = this.tW1;
          closed = true;
          continue;
        }
        const te = t + u;
        this.t = te;
        hazard = -Math.log(1 - rng.next());
        const dte = te - this.tW0;
        const r = this.selectWindowed(dte, this.a0 + b * dte);
        if (r < 0) continue;
        this.interpolate(te);
        const close = this.fireWindowed(r, te);
        n++;
        this.countEvent();
        if (close || n >= maxN) {
          // Continuous state at te by interpolation (second order); the next window re-solves the QSS.
          this.tCont = te;
          closed = true;
        }
      }
    }
    return n;
  }
}

/**
 * Run a stochastic engine body on a fresh engine and package the Solution: retcode Success, or the
 * retcode and message of a {@link SimulationStop} with the rows saved before it.
 */
export function runStochastic(
  prob: Problem,
  alg: Algorithm & { readonly seed: string | number },
  opts: StochasticOptions,
  body: (eng: HybridEngine) => void,
): Solution {
  const eng = new HybridEngine(prob, alg.seed, opts);
  let retcode: RetCode = 'Success';
  let message = '';
  try {
    eng.start();
    body(eng);
    eng.finish();
  } catch (e) {
    if (!(e instanceof SimulationStop)) throw e;
    retcode = e.retcode;
    message = e.message;
    eng.stats.steps = eng.stats.events + eng.stats.leaps;
  }
  const nS = prob.model.nSpecies;
  const n = eng.iSave;
  return {
    problem: prob,
    algorithm: alg,
    timesH: prob.saveTimesH.slice(0, n),
    states: n === prob.saveTimesH.length ? eng.states : eng.states.slice(0, n * nS),
    retcode,
    message,
    stats: eng.stats,
  };
}
