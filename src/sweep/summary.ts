/**
 * Per-point statistics of a sweep: mean and a t-based 95 % confidence interval of the mean over all
 * replicate values of all repeats (biological replicates have their own cell streams, and repeats
 * their own seeds, so the values are independent draws): mean ± t(0.975, n−1)·s/√n.
 */
import { mean, standardDeviation } from '../analysis/stats/descriptive.js';
import { studentTQuantile } from '../analysis/stats/distributions.js';

export interface MeanCi {
  readonly mean: number;
  /** [lo, hi]; NaN when n < 2. */
  readonly ci95: readonly [number, number];
  /** Finite values used (failed fits and non-finite values are left out). */
  readonly n: number;
}

export function meanCi95(values: readonly unknown[]): MeanCi {
  const xs = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  const n = xs.length;
  if (n === 0) return { mean: NaN, ci95: [NaN, NaN], n };
  const m = mean(xs);
  if (n < 2) return { mean: m, ci95: [NaN, NaN], n };
  const half = (studentTQuantile(0.975, n - 1) * standardDeviation(xs)) / Math.sqrt(n);
  return { mean: m, ci95: [m - half, m + half], n };
}
