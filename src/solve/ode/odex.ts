/**
 * Gragg–Bulirsch–Stoer extrapolation (Hairer, Nørsett & Wanner, Solving ODEs I, §II.9, code ODEX; via
 * the `odex` package) on the reduced model: only the non-fast species are integrated, and the `fast`
 * species are held at their quasi-steady state given the slow ones ({@link makeQssSolver}, solved inside
 * every derivative evaluation, warm-started from the previous one). With the sub-second species
 * eliminated the remaining system is non-stiff, which is what an explicit extrapolation method needs.
 * A model without fast species is integrated in full (an independent cross-check on non-stiff models).
 *
 * Output at `prob.saveTimesH` uses ODEX's dense output (Hairer & Ostermann 1990) for the slow species
 * and a QSS solve at each save time for the fast ones; the reported state at t0 has the fast species at
 * their QSS (conserved totals of the fast block from `prob.u0`). odex reports failure only through
 * `outcome`, which is always checked here.
 *
 * A QSS failure at a trial stage (where extrapolation stages can stray) returns a huge finite
 * derivative, so odex's extrapolation error or stability check rejects the step and halves it. The
 * solve ends with 'QssFailed' when the accepted state itself has no QSS, after
 * {@link MAX_QSS_RETRIES} consecutive failures, or when the failing stage is within
 * 1e-9·(t1 − t0) of the last accepted time (no smaller step can help).
 */
import { Outcome, Solver } from '#odex';
import type { OdexReduced } from '../algorithms.js';
import { effectiveParameters, type Problem } from '../problem.js';
import { makeQssSolver } from '../qss.js';
import { emptyStats, type Solution } from '../solution.js';
import { badStateIndex, describeBadValue, fmtTime } from './guards.js';

/** Consecutive trial-stage QSS failures (each halves odex's step) before giving up. */
export const MAX_QSS_RETRIES = 30;
/** Derivative returned for a failed QSS stage: finite (no NaN in odex's error norm), far too large to accept. */
const REJECT_DERIVATIVE = 1e60;

/** Thrown out of odex's callbacks to stop it when the QSS solve fails. */
class QssFailure extends Error {
  constructor(readonly t: number) {
    super(`QSS failure at t = ${t}`);
  }
}

export function solveOdexQss(prob: Problem, alg: OdexReduced): Solution {
  const m = prob.model;
  const n = m.nSpecies;
  const p = effectiveParameters(prob);
  const qss = makeQssSolver(m);
  const isFast = new Uint8Array(n);
  if (qss) for (const i of qss.fast) isFast[i] = 1;
  const slowList: number[] = [];
  for (let i = 0; i < n; i++) if (!isFast[i]) slowList.push(i);
  const slow = Int32Array.from(slowList);
  const nSlow = slow.length;
  const fastNames = qss ? Array.from(qss.fast, (i) => m.species[i]!.name).join(', ') : '';

  const yFull = Float64Array.from(prob.u0);
  const dydt = new Float64Array(n);
  const [t0, t1] = prob.tspanH;
  const save = prob.saveTimesH;
  const nSave = save.length;
  const states = new Float64Array(nSave * n);
  const stats = emptyStats();
  let k = 0;

  const finish = (retcode: Solution['retcode'], message: string): Solution => {
    if (qss) stats.jacobianEvaluations = qss.stats.jacobianEvaluations;
    return {
      problem: prob,
      algorithm: alg,
      timesH: save.slice(0, k),
      states: states.slice(0, k * n),
      retcode,
      message,
      stats,
    };
  };
  let tReached = t0;
  const qssMessage = (t: number): string =>
    `quasi-steady state of the fast species (${fastNames}) not found at t = ${fmtTime(t)} h` +
    (fmtTime(t) !== fmtTime(tReached) ? ` (solution reached t = ${fmtTime(tReached)} h)` : '');
  const fillRest = (): void => {
    for (; k < nSave; k++) states.set(yFull, k * n);
  };

  if (qss && !qss.solve(yFull, p)) return finish('QssFailed', qssMessage(t0));
  while (k < nSave && save[k]! <= t0) states.set(yFull, k++ * n);
  if (t1 === t0 || nSlow === 0) {
    // Nothing to integrate: with no slow species the QSS depends on nothing that changes.
    fillRest();
    return finish('Success', '');
  }

  const minGap = 1e-9 * (t1 - t0);
  let failStreak = 0;
  let lastCallFailed = false;
  const f = (x: number, ys: number[]): number[] => {
    for (let i = 0; i < nSlow; i++) yFull[slow[i]!] = ys[i]!;
    if (qss && !qss.solve(yFull, p)) {
      lastCallFailed = true;
      if (++failStreak > MAX_QSS_RETRIES || x - tReached <= minGap) throw new QssFailure(x);
      return new Array<number>(nSlow).fill(REJECT_DERIVATIVE);
    }
    lastCallFailed = false;
    m.rhs(yFull, p, dydt);
    stats.rhsEvaluations++;
    const out = new Array<number>(nSlow);
    for (let i = 0; i < nSlow; i++) out[i] = dydt[slow[i]!]!;
    return out;
  };

  let accepted = 0;
  let badSpecies = -1;
  let badValue = 0;
  const solOut = (
    nr: number,
    _xOld: number,
    x: number,
    y: number[],
    dense?: (c: number, x: number) => number,
  ): boolean | void => {
    accepted = nr - 1;
    // in dense mode the last derivative before this call was at the accepted state itself
    if (nr > 1 && lastCallFailed) throw new QssFailure(x);
    failStreak = 0;
    tReached = x;
    for (let i = 0; i < nSlow; i++) yFull[slow[i]!] = y[i]!;
    const bad = badStateIndex(yFull, alg.atol);
    if (bad >= 0) {
      badSpecies = bad;
      badValue = yFull[bad]!;
      return false;
    }
    if (!dense) return;
    while (k < nSave && save[k]! <= x) {
      for (let i = 0; i < nSlow; i++) yFull[slow[i]!] = dense(i, save[k]!);
      if (qss && !qss.solve(yFull, p)) throw new QssFailure(save[k]!);
      states.set(yFull, k++ * n);
    }
  };

  const solver = new Solver(nSlow);
  solver.maxSteps = alg.maxSteps;
  solver.relativeTolerance = alg.rtol;
  solver.absoluteTolerance = alg.atol;
  solver.denseOutput = true;
  const y0 = Array.from(slow, (i) => yFull[i]!);
  let result;
  try {
    result = solver.solve(f, t0, y0, t1, solOut);
  } catch (e) {
    if (e instanceof QssFailure) {
      stats.steps = accepted;
      return finish('QssFailed', qssMessage(e.t));
    }
    throw e;
  }
  stats.steps = result.nAccept;
  stats.rejectedSteps = result.nReject;
  switch (result.outcome) {
    case Outcome.Converged: {
      for (let i = 0; i < nSlow; i++) yFull[slow[i]!] = result.y[i]!;
      if (qss && !qss.solve(yFull, p)) return finish('QssFailed', qssMessage(t1));
      fillRest();
      return finish('Success', '');
    }
    case Outcome.MaxStepsExceeded:
      return finish(
        'MaxSteps',
        `maximum number of steps (${alg.maxSteps}) reached at t = ${fmtTime(tReached)} h of ${fmtTime(t1)} h`,
      );
    case Outcome.EarlyReturn:
      return finish(
        'Unstable',
        badSpecies >= 0
          ? `unstable at t = ${fmtTime(tReached)} h: ${describeBadValue(m.species[badSpecies]!.name, badValue)}`
          : `integration stopped early at t = ${fmtTime(tReached)} h`,
      );
  }
}
