/**
 * Variance-based (Sobol') first- and total-order indices with Saltelli sampling (Saltelli et al.
 * 2010, Comput Phys Commun 181:259, Table 2): two independent N × k sample matrices A and B, and for
 * each factor i the matrix A_B^(i) = A with column i taken from B; N(k + 2) model runs.
 *
 *   Sᵢ  = (1/N) Σⱼ f(B)ⱼ (f(A_B^(i))ⱼ − f(A)ⱼ) / V             (Saltelli 2010, eq. (b) of Table 2)
 *   STᵢ = (1/2N) Σⱼ (f(A)ⱼ − f(A_B^(i))ⱼ)² / V                 (Jansen 1999, eq. (f))
 *
 * V = variance of all f(A) and f(B) values. The points are plain Monte Carlo from the project's seeded
 * RNG (not a low-discrepancy Sobol' sequence), so the error falls as 1/√N; the percentile-bootstrap CIs
 * (resampling the N rows) say how large it is. Rows with any NaN output are dropped.
 */
import type { Rng } from '../../core/rng.js';
import { percentileBootstrap } from './bootstrap.js';
import { checkFactors, toParams, type Factor } from './factors.js';

export interface SobolDesign {
  readonly method: 'sobol';
  readonly factors: readonly Factor[];
  /** Base sample size N. */
  readonly n: number;
  /** N·(k + 2) unit points, row after row: A_j, A_B^(1)_j, …, A_B^(k)_j, B_j. */
  readonly unit: readonly Float64Array[];
  readonly points: readonly Record<string, number>[];
}

export function saltelliDesign(factors: readonly Factor[], n: number, rng: Rng): SobolDesign {
  checkFactors(factors);
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`sobol: base samples must be an integer >= 2, got ${n}`);
  const k = factors.length;
  const unit: Float64Array[] = [];
  for (let j = 0; j < n; j++) {
    const a = new Float64Array(k);
    const b = new Float64Array(k);
    for (let i = 0; i < k; i++) a[i] = rng.next();
    for (let i = 0; i < k; i++) b[i] = rng.next();
    unit.push(a);
    for (let i = 0; i < k; i++) {
      const ab = Float64Array.from(a);
      ab[i] = b[i]!;
      unit.push(ab);
    }
    unit.push(b);
  }
  return { method: 'sobol', factors, n, unit, points: unit.map((u) => toParams(factors, u)) };
}

export interface SobolIndex {
  readonly name: string;
  readonly s1: number;
  readonly s1Ci95: readonly [number, number];
  readonly st: number;
  readonly stCi95: readonly [number, number];
  /** Bootstrap standard errors. */
  readonly s1Se: number;
  readonly stSe: number;
}

export interface SobolResult {
  readonly indices: SobolIndex[];
  /** Rows used (N minus rows with a NaN output). */
  readonly rows: number;
  readonly variance: number;
}

export function sobolIndices(design: SobolDesign, outputs: readonly number[], rng: Rng, bootstrap = 1000): SobolResult {
  const k = design.factors.length;
  const w = k + 2;
  if (outputs.length !== design.n * w) throw new RangeError(`sobol: ${outputs.length} outputs for ${design.n * w} design points`);
  const rows: number[] = [];
  for (let j = 0; j < design.n; j++) {
    let ok = true;
    for (let c = 0; c < w; c++) if (!Number.isFinite(outputs[j * w + c]!)) ok = false;
    if (ok) rows.push(j);
  }
  const fA = (j: number): number => outputs[j * w]!;
  const fB = (j: number): number => outputs[j * w + k + 1]!;
  const fAB = (j: number, i: number): number => outputs[j * w + 1 + i]!;
  const variance = (idx: ArrayLike<number>): number => {
    let s = 0;
    let s2 = 0;
    const m = idx.length;
    for (let q = 0; q < m; q++) {
      const j = rows[idx[q]!]!;
      s += fA(j) + fB(j);
      s2 += fA(j) ** 2 + fB(j) ** 2;
    }
    const mean = s / (2 * m);
    return (s2 - 2 * m * mean * mean) / (2 * m - 1);
  };
  const first = (i: number, idx: ArrayLike<number>, v: number): number => {
    let s = 0;
    for (let q = 0; q < idx.length; q++) {
      const j = rows[idx[q]!]!;
      s += fB(j) * (fAB(j, i) - fA(j));
    }
    return s / idx.length / v;
  };
  const total = (i: number, idx: ArrayLike<number>, v: number): number => {
    let s = 0;
    for (let q = 0; q < idx.length; q++) {
      const j = rows[idx[q]!]!;
      s += (fA(j) - fAB(j, i)) ** 2;
    }
    return s / (2 * idx.length) / v;
  };
  const all = Int32Array.from(rows.keys());
  const V = variance(all);
  const m = rows.length;
  const indices = design.factors.map((f, i) => {
    const c1 = percentileBootstrap(m, (idx) => first(i, idx, variance(idx)), rng, bootstrap);
    const cT = percentileBootstrap(m, (idx) => total(i, idx, variance(idx)), rng, bootstrap);
    return {
      name: f.name,
      s1: first(i, all, V),
      s1Ci95: [c1.lo, c1.hi] as const,
      st: total(i, all, V),
      stCi95: [cT.lo, cT.hi] as const,
      s1Se: c1.se,
      stSe: cT.se,
    };
  });
  return { indices, rows: m, variance: V };
}
