/**
 * Percentile bootstrap (Efron & Tibshirani 1993, ch. 13) of a statistic of n resampled units, with
 * the project's seeded RNG: the same seed gives the same interval.
 */
import type { Rng } from '../../core/rng.js';

export interface BootstrapCi {
  readonly lo: number;
  readonly hi: number;
  /** Standard deviation of the bootstrap replicates (the bootstrap standard error). */
  readonly se: number;
}

/** `stat(idx)` evaluates the statistic on the resampled unit indices idx (length n). */
export function percentileBootstrap(n: number, stat: (idx: Int32Array) => number, rng: Rng, replicates = 1000, level = 0.95): BootstrapCi {
  if (n < 2) return { lo: NaN, hi: NaN, se: NaN };
  const vals: number[] = [];
  const idx = new Int32Array(n);
  for (let b = 0; b < replicates; b++) {
    for (let i = 0; i < n; i++) idx[i] = Math.floor(rng.next() * n);
    const v = stat(idx);
    if (Number.isFinite(v)) vals.push(v);
  }
  if (vals.length < 2) return { lo: NaN, hi: NaN, se: NaN };
  vals.sort((a, b) => a - b);
  const q = (p: number): number => {
    const h = (vals.length - 1) * p;
    const lo = Math.floor(h);
    return vals[lo]! + (h - lo) * ((vals[Math.min(lo + 1, vals.length - 1)] ?? vals[lo]!) - vals[lo]!);
  };
  const m = vals.reduce((s, v) => s + v, 0) / vals.length;
  const se = Math.sqrt(vals.reduce((s, v) => s + (v - m) ** 2, 0) / (vals.length - 1));
  return { lo: q((1 - level) / 2), hi: q((1 + level) / 2), se };
}
