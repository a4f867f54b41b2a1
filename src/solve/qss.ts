import type { CompiledModel, ConservationLaw } from '../model/types.js';
import { luFactor, luSolve } from './linalg.js';

/**
 * Quasi-steady state of the model's `fast` species given the slow ones (slow-scale approximation,
 * Cao, Gillespie & Petzold 2005, J Chem Phys 122:014116; for the ODE case Segel & Slemrod 1989).
 *
 * Newton's method on the fast block g(y_F) = (dy/dt)_F = 0 with the slow species held fixed, using the
 * fast×fast block of the analytic Jacobian. The fast block's own conservation laws (the left null
 * space of the stoichiometry restricted to fast-species columns, e.g. Trx_red + Trx_ox) make that
 * block singular, so one dependent row per law is replaced by the law Σ c_j y_j = total, with totals
 * from the input state. Globalisation: damped Newton with a fraction-to-the-boundary rule
 * (concentrations stay ≥ 0: at most 99 % of the way to zero per iteration) and backtracking on
 * Deuflhard's natural monotonicity test ‖J⁻¹F(y + λΔ)‖ ≤ (1 − λ/4)‖Δ‖ in a concentration-scaled norm
 * (Deuflhard, Newton Methods for Nonlinear Problems, 2004, §3.1.4) — affine invariant, so rate rows
 * (µM/h) and conservation rows (µM) need no common scale. Converged when every rate row's net rate
 * is ≤ 1e-10 of its gross flux (and conservation rows likewise), or the Newton step is below 1e-10
 * relative (1e-15 µM absolute).
 */
export interface QssSolver {
  /** Indices of the fast species. */
  readonly fast: Int32Array;
  /** Conservation laws of the fast block (coefficients over all species, zero outside the fast ones). */
  readonly laws: readonly ConservationLaw[];
  /** Counters since construction: calls, Newton iterations, Jacobian evaluations and failures. */
  readonly stats: QssStats;
  /**
   * Overwrite the fast entries of `y` (µM) with their quasi-steady state for the slow entries of `y`
   * and effective parameters `p`. Conserved totals of the fast block are taken from `y` as given.
   * Returns false when Newton fails to converge (the fast entries of `y` are then restored).
   */
  solve(y: Float64Array, p: Float64Array): boolean;
}

export interface QssStats {
  calls: number;
  iterations: number;
  jacobianEvaluations: number;
  failures: number;
}

/** Converged when every |residual_i| ≤ RTOL·(gross flux through species i). */
const RTOL = 1e-10;
const MAX_ITER = 50;
/** Fraction of the distance to zero a concentration may move in one Newton step. */
const TAU = 0.99;
/** Concentration floor, µM (≈ 6e-13 molecules in 1 fL): steps below it are converged. */
const ABS_FLOOR_UM = 1e-15;
const MIN_LAMBDA = 1e-8;

/**
 * Null space basis of the m×n row-major matrix `a` (copied), by reduced row echelon form with partial
 * pivoting. Returns the basis vectors and, for each, its free column (where it is 1 and every other
 * basis vector is 0).
 */
function nullSpace(a: Float64Array, m: number, n: number): { basis: Float64Array[]; free: number[] } {
  const r = Float64Array.from(a);
  let scale = 0;
  for (const v of r) scale = Math.max(scale, Math.abs(v));
  const tol = 1e-10 * Math.max(1, scale);
  const pivCols: number[] = [];
  let row = 0;
  for (let c = 0; c < n && row < m; c++) {
    let best = row;
    for (let i = row + 1; i < m; i++) if (Math.abs(r[i * n + c]!) > Math.abs(r[best * n + c]!)) best = i;
    if (Math.abs(r[best * n + c]!) <= tol) continue;
    for (let j = 0; j < n; j++) {
      const t = r[row * n + j]!;
      r[row * n + j] = r[best * n + j]!;
      r[best * n + j] = t;
    }
    const pv = r[row * n + c]!;
    for (let j = 0; j < n; j++) r[row * n + j]! /= pv;
    for (let i = 0; i < m; i++) {
      if (i === row) continue;
      const f = r[i * n + c]!;
      if (f !== 0) for (let j = 0; j < n; j++) r[i * n + j]! -= f * r[row * n + j]!;
    }
    pivCols.push(c);
    row++;
  }
  const isPiv = new Uint8Array(n);
  for (const c of pivCols) isPiv[c] = 1;
  const basis: Float64Array[] = [];
  const free: number[] = [];
  for (let f = 0; f < n; f++) {
    if (isPiv[f]) continue;
    const v = new Float64Array(n);
    v[f] = 1;
    pivCols.forEach((c, i) => {
      const x = -r[i * n + f]!;
      v[c] = Math.abs(x) <= tol ? 0 : x;
    });
    basis.push(v);
    free.push(f);
  }
  return { basis, free };
}

/** A QSS solver for the model's fast species, or null when the model has none. */
export function makeQssSolver(model: CompiledModel): QssSolver | null {
  const n = model.nSpecies;
  const nR = model.nReactions;
  const S = model.stoichiometry;
  const fastList: number[] = [];
  model.species.forEach((s, i) => {
    if (s.mode === 'fast') fastList.push(i);
  });
  const nf = fastList.length;
  if (nf === 0) return null;
  const fast = Int32Array.from(fastList);

  // Stoichiometry restricted to fast columns, over the reactions that touch a fast species.
  const touching: number[] = [];
  for (let r = 0; r < nR; r++) if (fastList.some((i) => S[r * n + i] !== 0)) touching.push(r);
  const m = touching.length;
  const sf = new Float64Array(m * nf);
  touching.forEach((r, a) => fastList.forEach((i, b) => (sf[a * nf + b] = S[r * n + i]!)));
  const { basis, free } = nullSpace(sf, m, nf);
  const nLaw = basis.length;
  /** lawOfRow[b] = law replacing fast row b, or −1. */
  const lawOfRow = new Int32Array(nf).fill(-1);
  free.forEach((b, l) => (lawOfRow[b] = l));
  const laws: ConservationLaw[] = basis.map((c) => {
    const coefficients = new Float64Array(n);
    const terms: string[] = [];
    c.forEach((v, b) => {
      coefficients[fast[b]!] = v;
      if (v !== 0) terms.push(`${v === 1 ? '' : `${v}·`}${model.species[fast[b]!]!.name}`);
    });
    return { coefficients, description: `fast-block total ${terms.join(' + ')}` };
  });

  // Sparse fast rows of the stoichiometry: for fast species b, reactions and coefficients.
  const rowStart = new Int32Array(nf + 1);
  const rowReac: number[] = [];
  const rowCoef: number[] = [];
  for (let b = 0; b < nf; b++) {
    rowStart[b] = rowReac.length;
    for (const r of touching) {
      const c = S[r * n + fast[b]!]!;
      if (c !== 0) {
        rowReac.push(r);
        rowCoef.push(c);
      }
    }
  }
  rowStart[nf] = rowReac.length;
  const reac = Int32Array.from(rowReac);
  const coef = Float64Array.from(rowCoef);

  // Preallocated buffers.
  const rates = new Float64Array(nR);
  const jac = new Float64Array(n * n);
  const A = new Float64Array(nf * nf);
  const piv = new Int32Array(nf);
  const y0 = new Float64Array(nf);
  const yc = new Float64Array(nf);
  const delta = new Float64Array(nf);
  const res = new Float64Array(nf);
  const gross = new Float64Array(nf);
  const rowScale = new Float64Array(nf);
  const dbar = new Float64Array(nf);
  const wt = new Float64Array(nf);
  const totals = new Float64Array(nLaw);
  const stats: QssStats = { calls: 0, iterations: 0, jacobianEvaluations: 0, failures: 0 };

  /**
   * Residual at the fast values currently in `y` into `res`: net rates for ordinary rows,
   * Σc·y − total for law rows; and the gross size of each row into `gross`: Σ|N·v| (rate rows) or
   * Σ|c·y| (law rows), the natural scale of that row.
   */
  const evalResidual = (y: Float64Array, p: Float64Array): void => {
    model.rates(y, p, rates);
    for (let b = 0; b < nf; b++) {
      const l = lawOfRow[b]!;
      let g = 0;
      let s = 0;
      if (l < 0) {
        for (let q = rowStart[b]!; q < rowStart[b + 1]!; q++) {
          const v = coef[q]! * rates[reac[q]!]!;
          g += v;
          s += Math.abs(v);
        }
      } else {
        const c = basis[l]!;
        for (let j = 0; j < nf; j++) {
          const v = c[j]! * y[fast[j]!]!;
          g += v;
          s += Math.abs(v);
        }
        g -= totals[l]!;
      }
      res[b] = g;
      gross[b] = s;
    }
  };
  const restore = (y: Float64Array): false => {
    for (let b = 0; b < nf; b++) y[fast[b]!] = y0[b]!;
    stats.failures++;
    return false;
  };

  const solve = (y: Float64Array, p: Float64Array): boolean => {
    stats.calls++;
    for (let b = 0; b < nf; b++) y0[b] = y[fast[b]!]!;
    for (let l = 0; l < nLaw; l++) {
      const c = basis[l]!;
      let t = 0;
      for (let j = 0; j < nf; j++) t += c[j]! * y0[j]!;
      totals[l] = t;
    }
    for (let it = 0; it < MAX_ITER; it++) {
      evalResidual(y, p);
      let worst = 0;
      for (let b = 0; b < nf; b++) {
        const z = Math.abs(res[b]!) / (gross[b]! > 0 ? gross[b]! : Number.MIN_VALUE);
        if (!(z === z)) return restore(y);
        if (z > worst) worst = z;
      }
      if (worst <= RTOL) return true;
      stats.iterations++;
      // Newton matrix: fast×fast Jacobian block, law rows replaced; rows equilibrated.
      model.jacobian(y, p, jac);
      stats.jacobianEvaluations++;
      for (let b = 0; b < nf; b++) {
        const l = lawOfRow[b]!;
        let rmax = 0;
        for (let j = 0; j < nf; j++) {
          const v = l < 0 ? jac[fast[b]! * n + fast[j]!]! : basis[l]![j]!;
          A[b * nf + j] = v;
          rmax = Math.max(rmax, Math.abs(v));
        }
        if (!(rmax > 0) || rmax === Infinity) return restore(y);
        rowScale[b] = 1 / rmax;
        for (let j = 0; j < nf; j++) A[b * nf + j]! /= rmax;
        delta[b] = -res[b]! / rmax;
      }
      if (luFactor(A, nf, piv) >= 0) return restore(y);
      luSolve(A, nf, piv, delta);
      // Fraction to the boundary; entries already at/below zero may not decrease further.
      let lambda = 1;
      let small = true;
      for (let b = 0; b < nf; b++) {
        const yb = y[fast[b]!]!;
        yc[b] = yb;
        const d = delta[b]!;
        if (!(d === d)) return restore(y);
        if (Math.abs(d) > RTOL * Math.abs(yb) + ABS_FLOOR_UM) small = false;
        if (d < 0) {
          if (yb <= 0) delta[b] = 0;
          else if (yb + d < 0) lambda = Math.min(lambda, (TAU * yb) / -d);
        }
        wt[b] = 1 / (Math.max(Math.abs(yb), Math.abs(yb + d)) + ABS_FLOOR_UM);
      }
      if (small) {
        for (let b = 0; b < nf; b++) y[fast[b]!] = Math.max(0, yc[b]! + delta[b]!);
        return true;
      }
      let norm0 = 0;
      for (let b = 0; b < nf; b++) norm0 += (delta[b]! * wt[b]!) ** 2;
      norm0 = Math.sqrt(norm0);
      // Backtracking on the natural monotonicity test (simplified Newton correction, same LU).
      for (;;) {
        for (let b = 0; b < nf; b++) y[fast[b]!] = yc[b]! + lambda * delta[b]!;
        evalResidual(y, p);
        for (let b = 0; b < nf; b++) dbar[b] = -res[b]! * rowScale[b]!;
        luSolve(A, nf, piv, dbar);
        let norm = 0;
        for (let b = 0; b < nf; b++) norm += (dbar[b]! * wt[b]!) ** 2;
        norm = Math.sqrt(norm);
        if (norm <= (1 - lambda / 4) * norm0) break;
        lambda *= 0.5;
        if (lambda < MIN_LAMBDA) return restore(y);
      }
    }
    return restore(y);
  };

  return { fast, laws, stats, solve };
}
