/**
 * Adaptive L-stable Rosenbrock method "ros23s" of Shampine & Reichelt (1997), "The MATLAB ODE Suite",
 * SIAM J Sci Comput 18(1):1–22, §3.1 — the method of MATLAB's ode23s. For the autonomous system
 * y' = f(y) with Jacobian J and d = 1/(2+√2), e32 = 6+√2, W = I − h·d·J:
 *
 *   F0 = f(y)                       (FSAL: F2 of the previous step)
 *   k1 = W⁻¹ F0
 *   F1 = f(y + ½h·k1),              k2 = W⁻¹ (F1 − k1) + k1
 *   y₊ = y + h·k2                   (second order, L-stable)
 *   F2 = f(y₊),                     k3 = W⁻¹ (F2 − e32·(k2 − F1) − 2·(k1 − F0))
 *   err = h/6 · (k1 − 2·k2 + k3)    (third-order estimate of the local error)
 *
 * Continuous extension (ntrp23s): y(t + s·h) = y + h·(s(1−s)/(1−2d)·k1 + s(s−2d)/(1−2d)·k2).
 * Error control: RMS norm of err_i / (atol + rtol·max(|y_i|, |y₊_i|)), new step h·clamp(0.9·err^(−1/3),
 * 0.2, 5), no growth right after a rejection (Hairer, Nørsett & Wanner, Solving ODEs I, §II.4). Initial step:
 * Hairer, Nørsett & Wanner, Solving ODEs I, §II.4 (starting step size algorithm).
 */
import type { RetCode } from '../../core/retcode.js';
import type { CompiledModel } from '../../model/types.js';
import type { Rosenbrock23 } from '../algorithms.js';
import { luFactor, luSolve } from '../linalg.js';
import { effectiveParameters, type Problem } from '../problem.js';
import { emptyStats, type Solution } from '../solution.js';
import { badStateIndex, describeBadValue, fmtTime } from './guards.js';

const D = 1 / (2 + Math.SQRT2);
const E32 = 6 + Math.SQRT2;
const SAFETY = 0.9;
const FAC_MIN = 0.2;
const FAC_MAX = 5;
/** Step shrink after a trial step produced a non-finite or strongly negative state. */
const FAC_BAD = 0.25;
/** Steps below HMIN_REL·max(|t|, |t1 − t0|) count as underflow. */
const HMIN_REL = 1e-14;

/** Reusable buffers and the last accepted step (for dense output). Make with {@link makeRosenbrockWork}. */
export interface RosenbrockWork {
  readonly n: number;
  readonly jac: Float64Array;
  readonly w: Float64Array;
  readonly piv: Int32Array;
  /** f at the current state (swapped with f2 on acceptance). */
  f0: Float64Array;
  readonly f1: Float64Array;
  f2: Float64Array;
  readonly k1: Float64Array;
  readonly k2: Float64Array;
  readonly k3: Float64Array;
  readonly ytmp: Float64Array;
  /** State at the end of the last accepted step. */
  readonly ynew: Float64Array;
  /** State at the start of the last accepted step. */
  readonly yOld: Float64Array;
  /** Start, end and size of the last accepted step, h. */
  tOld: number;
  tNew: number;
  h: number;
}

export function makeRosenbrockWork(n: number): RosenbrockWork {
  const v = (): Float64Array => new Float64Array(n);
  return {
    n,
    jac: new Float64Array(n * n),
    w: new Float64Array(n * n),
    piv: new Int32Array(n),
    f0: v(),
    f1: v(),
    f2: v(),
    k1: v(),
    k2: v(),
    k3: v(),
    ytmp: v(),
    ynew: v(),
    yOld: v(),
    tOld: 0,
    tNew: 0,
    h: 0,
  };
}

export interface RosenbrockOptions {
  readonly rtol: number;
  readonly atol: number;
  /** Maximum number of attempted (accepted + rejected) steps. */
  readonly maxSteps: number;
  /** Initial step, h; chosen by the Hairer–Nørsett–Wanner heuristic when absent or ≤ 0. */
  readonly h0?: number;
  /** Largest step, h (default and cap: t1 − t0). */
  readonly hMax?: number;
  /**
   * Called after each accepted step; `work.tOld`, `work.tNew` bracket it and
   * {@link rosenbrockInterpolate} gives the solution inside it.
   */
  readonly onStep?: (work: RosenbrockWork) => void;
}

export interface RosenbrockResult {
  retcode: RetCode;
  /** Empty on success; otherwise names the time (h) and the species. */
  message: string;
  /** Time reached, h (t1 on success). */
  t: number;
  /** Proposed next step size, h (to warm-start a following call). */
  hNext: number;
  steps: number;
  rejectedSteps: number;
  rhsEvaluations: number;
  jacobianEvaluations: number;
}

/**
 * The ros23s continuous extension in the last accepted step at time t ∈ [work.tOld, work.tNew],
 * written to out[offset .. offset + n).
 */
export function rosenbrockInterpolate(work: RosenbrockWork, t: number, out: Float64Array, offset = 0): void {
  const n = work.n;
  if (t >= work.tNew) {
    for (let i = 0; i < n; i++) out[offset + i] = work.ynew[i]!;
    return;
  }
  const h = work.h;
  const s = (t - work.tOld) / h;
  const c1 = (h * s * (1 - s)) / (1 - 2 * D);
  const c2 = (h * s * (s - 2 * D)) / (1 - 2 * D);
  const { yOld, k1, k2 } = work;
  for (let i = 0; i < n; i++) out[offset + i] = yOld[i]! + c1 * k1[i]! + c2 * k2[i]!;
}

function firstNonFinite(v: Float64Array): number {
  for (let i = 0; i < v.length; i++) if (!(v[i]! - v[i]! === 0)) return i;
  return -1;
}

/**
 * Starting step (Hairer, Nørsett & Wanner, Solving ODEs I, §II.4) for a method whose local error is
 * O(h³): h = min(100·h0, (0.01 / max(‖f0‖, ‖f'‖))^(1/3)) in the error-weighted RMS norm.
 * Uses work.ytmp and work.f1; one right-hand-side evaluation.
 */
function initialStep(
  model: CompiledModel,
  y: Float64Array,
  p: Float64Array,
  f0: Float64Array,
  rtol: number,
  atol: number,
  hMax: number,
  work: RosenbrockWork,
): number {
  const n = work.n;
  let d0 = 0;
  let d1 = 0;
  for (let i = 0; i < n; i++) {
    const sc = atol + rtol * Math.abs(y[i]!);
    d0 += (y[i]! / sc) ** 2;
    d1 += (f0[i]! / sc) ** 2;
  }
  d0 = Math.sqrt(d0 / n);
  d1 = Math.sqrt(d1 / n);
  let h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 * hMax : (0.01 * d0) / d1;
  h0 = Math.min(h0, hMax);
  const { ytmp, f1 } = work;
  for (let i = 0; i < n; i++) ytmp[i] = y[i]! + h0 * f0[i]!;
  model.rhs(ytmp, p, f1);
  let d2 = 0;
  for (let i = 0; i < n; i++) {
    const sc = atol + rtol * Math.abs(y[i]!);
    d2 += ((f1[i]! - f0[i]!) / sc) ** 2;
  }
  d2 = Math.sqrt(d2 / n) / h0;
  const dm = Math.max(d1, d2);
  const h1 = dm <= 1e-15 ? Math.max(1e-6 * hMax, h0 * 1e-3) : Math.cbrt(0.01 / dm);
  const h = Math.min(100 * h0, h1, hMax);
  return Number.isFinite(h) && h > 0 ? h : h0;
}

/**
 * Advance `y` (µM, length nSpecies) in place from t0 to t1 (h) with ros23s, parameters `p` as given
 * (apply drugs beforehand). Allocation-free apart from the result object. On failure `y` holds the
 * last accepted state at `result.t`.
 */
export function integrateRosenbrock(
  model: CompiledModel,
  y: Float64Array,
  p: Float64Array,
  t0: number,
  t1: number,
  opts: RosenbrockOptions,
  work: RosenbrockWork,
): RosenbrockResult {
  const n = model.nSpecies;
  if (work.n !== n) throw new RangeError(`Rosenbrock workspace is for ${work.n} species, model has ${n}`);
  if (!(t1 >= t0)) throw new RangeError(`integrateRosenbrock: t1 (${t1}) must be ≥ t0 (${t0})`);
  const res: RosenbrockResult = {
    retcode: 'Success',
    message: '',
    t: t0,
    hNext: 0,
    steps: 0,
    rejectedSteps: 0,
    rhsEvaluations: 0,
    jacobianEvaluations: 0,
  };
  const names = model.species;
  const fail = (code: RetCode, t: number, msg: string): RosenbrockResult => {
    res.retcode = code;
    res.t = t;
    res.message = msg;
    return res;
  };
  work.tOld = work.tNew = t0;
  work.h = 0;
  work.ynew.set(y);
  if (t1 === t0) return res;

  const { rtol, atol, maxSteps } = opts;
  const span = t1 - t0;
  const hMax = Math.min(opts.hMax !== undefined && opts.hMax > 0 ? opts.hMax : span, span);
  const { jac, w, piv, f1, k1, k2, k3, ytmp, ynew } = work;
  const nn = n * n;

  model.rhs(y, p, work.f0);
  res.rhsEvaluations++;
  const bad0 = firstNonFinite(work.f0);
  if (bad0 >= 0) return fail('Unstable', t0, `non-finite rate of change of ${names[bad0]!.name} at t = ${fmtTime(t0)} h`);
  let h: number;
  if (opts.h0 !== undefined && opts.h0 > 0) h = Math.min(opts.h0, hMax);
  else {
    h = initialStep(model, y, p, work.f0, rtol, atol, hMax, work);
    res.rhsEvaluations++;
  }

  let t = t0;
  let jacCurrent = false;
  let lastRejected = false;
  /** Why the last trial step was rejected, for the failure message. */
  let why: 'error' | 'bad' | 'singular' = 'error';
  let whySpecies = 0;
  let whyValue = 0;
  let attempts = 0;

  while (t < t1) {
    const hMin = HMIN_REL * Math.max(Math.abs(t), span);
    if (h < hMin || t + h === t) {
      const at = `step size underflow at t = ${fmtTime(t)} h`;
      if (why === 'bad') return fail('Unstable', t, `${at}; ${describeBadValue(names[whySpecies]!.name, whyValue)}`);
      if (why === 'singular') return fail('StepTooSmall', t, `${at}; singular iteration matrix I − h·d·J`);
      return fail('StepTooSmall', t, `${at}; largest error in ${names[whySpecies]!.name}`);
    }
    if (attempts >= maxSteps) {
      const tail = attempts > 0 ? `; largest error in ${names[whySpecies]!.name}` : '';
      return fail(
        'MaxSteps',
        t,
        `maximum number of steps (${maxSteps}) reached at t = ${fmtTime(t)} h of ${fmtTime(t1)} h${tail}`,
      );
    }
    attempts++;
    let last = false;
    if (t + 1.01 * h >= t1) {
      h = t1 - t;
      last = true;
    }
    if (!jacCurrent) {
      model.jacobian(y, p, jac);
      res.jacobianEvaluations++;
      jacCurrent = true;
      const bj = firstNonFinite(jac);
      if (bj >= 0) {
        const i = Math.floor(bj / n);
        const j = bj % n;
        return fail(
          'Unstable',
          t,
          `non-finite Jacobian entry ∂(${names[i]!.name}')/∂(${names[j]!.name}) at t = ${fmtTime(t)} h`,
        );
      }
    }
    const hd = h * D;
    for (let i = 0; i < nn; i++) w[i] = -hd * jac[i]!;
    for (let i = 0; i < n; i++) w[i * n + i]! += 1;
    if (luFactor(w, n, piv) >= 0) {
      why = 'singular';
      res.rejectedSteps++;
      lastRejected = true;
      h *= 0.5;
      continue;
    }
    const f0 = work.f0;
    const f2 = work.f2;
    // k1 = W⁻¹ F0
    k1.set(f0);
    luSolve(w, n, piv, k1);
    for (let i = 0; i < n; i++) ytmp[i] = y[i]! + 0.5 * h * k1[i]!;
    model.rhs(ytmp, p, f1);
    res.rhsEvaluations++;
    // k2 = W⁻¹ (F1 − k1) + k1
    for (let i = 0; i < n; i++) k2[i] = f1[i]! - k1[i]!;
    luSolve(w, n, piv, k2);
    for (let i = 0; i < n; i++) {
      k2[i]! += k1[i]!;
      ynew[i] = y[i]! + h * k2[i]!;
    }
    const bi = badStateIndex(ynew, atol);
    if (bi >= 0) {
      why = 'bad';
      whySpecies = bi;
      whyValue = ynew[bi]!;
      res.rejectedSteps++;
      lastRejected = true;
      h *= FAC_BAD;
      continue;
    }
    model.rhs(ynew, p, f2);
    res.rhsEvaluations++;
    // k3 = W⁻¹ (F2 − e32 (k2 − F1) − 2 (k1 − F0))
    for (let i = 0; i < n; i++) k3[i] = f2[i]! - E32 * (k2[i]! - f1[i]!) - 2 * (k1[i]! - f0[i]!);
    luSolve(w, n, piv, k3);
    let sum = 0;
    let worst = 0;
    let worstE = -1;
    const h6 = h / 6;
    for (let i = 0; i < n; i++) {
      const yi = Math.abs(y[i]!);
      const yn = Math.abs(ynew[i]!);
      const sc = atol + rtol * (yi > yn ? yi : yn);
      const e = (h6 * (k1[i]! - 2 * k2[i]! + k3[i]!)) / sc;
      const e2 = e * e;
      sum += e2;
      if (e2 > worstE) {
        worstE = e2;
        worst = i;
      }
    }
    const err = Math.sqrt(sum / n);
    if (!(err <= 1)) {
      res.rejectedSteps++;
      lastRejected = true;
      if (err !== err) {
        // NaN: a non-finite rate at the trial state
        const bf = firstNonFinite(f2);
        why = 'bad';
        whySpecies = bf >= 0 ? bf : worst;
        whyValue = Number.NaN;
        h *= FAC_BAD;
      } else {
        why = 'error';
        whySpecies = worst;
        h *= Math.max(FAC_MIN, SAFETY / Math.cbrt(err));
      }
      continue;
    }
    // accept
    work.yOld.set(y);
    y.set(ynew);
    work.f0 = f2;
    work.f2 = f0;
    work.tOld = t;
    work.h = h;
    t = last ? t1 : t + h;
    work.tNew = t;
    res.steps++;
    jacCurrent = false;
    why = 'error';
    whySpecies = worst;
    let fac = err === 0 ? FAC_MAX : Math.min(FAC_MAX, SAFETY / Math.cbrt(err));
    if (lastRejected) fac = Math.min(fac, 1);
    lastRejected = false;
    h = Math.min(h * fac, hMax);
    opts.onStep?.(work);
  }
  res.t = t;
  res.hNext = h;
  return res;
}

/**
 * Solve `prob` with ros23s: drug effects applied to the parameters, the solution reported at
 * `prob.saveTimesH` through the method's continuous extension (steps are not forced onto save
 * times). On failure the solution holds the save times reached, and `message` names the time and the
 * species.
 */
export function solveRosenbrock(prob: Problem, alg: Rosenbrock23): Solution {
  const m = prob.model;
  const n = m.nSpecies;
  const p = effectiveParameters(prob);
  const y = Float64Array.from(prob.u0);
  const [t0, t1] = prob.tspanH;
  const save = prob.saveTimesH;
  const ns = save.length;
  const states = new Float64Array(ns * n);
  let k = 0;
  while (k < ns && save[k]! <= t0) {
    states.set(y, k * n);
    k++;
  }
  const work = makeRosenbrockWork(n);
  const r = integrateRosenbrock(
    m,
    y,
    p,
    t0,
    t1,
    {
      rtol: alg.rtol,
      atol: alg.atol,
      maxSteps: alg.maxSteps,
      onStep: (wk) => {
        while (k < ns && save[k]! <= wk.tNew) {
          rosenbrockInterpolate(wk, save[k]!, states, k * n);
          k++;
        }
      },
    },
    work,
  );
  if (r.retcode === 'Success') {
    for (; k < ns; k++) states.set(y, k * n);
  }
  const stats = emptyStats();
  stats.steps = r.steps;
  stats.rejectedSteps = r.rejectedSteps;
  stats.rhsEvaluations = r.rhsEvaluations;
  stats.jacobianEvaluations = r.jacobianEvaluations;
  return {
    problem: prob,
    algorithm: alg,
    timesH: save.slice(0, k),
    states: states.slice(0, k * n),
    retcode: r.retcode,
    message: r.message,
    stats,
  };
}
