/**
 * Pearson and Spearman correlation with two-sided p-values from the t distribution,
 * t = r √((n − 2)/(1 − r²)) with n − 2 degrees of freedom — exact for Pearson's r under bivariate
 * normality, and the usual large-sample approximation for Spearman's ρ (as in
 * scipy.stats.pearsonr / spearmanr).
 */
import { studentTTwoSided } from './distributions.js';

export interface CorrelationResult {
  readonly r: number;
  readonly n: number;
  readonly pValue: number;
}

export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): CorrelationResult {
  const n = checkPairs(x, y, 'pearson');
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  const r = Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
  return { r, n, pValue: correlationPValue(r, n) };
}

/** Spearman's ρ: Pearson's r of the ranks, ties given their average rank. */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): CorrelationResult {
  checkPairs(x, y, 'spearman');
  return pearson(averageRanks(x), averageRanks(y));
}

/** Ranks 1..n, tied values sharing the mean of their ranks. */
export function averageRanks(xs: ArrayLike<number>): Float64Array {
  const n = xs.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => xs[a]! - xs[b]!);
  const ranks = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && xs[order[j + 1]!]! === xs[order[i]!]!) j++;
    const r = (i + j) / 2 + 1;
    for (let m = i; m <= j; m++) ranks[order[m]!] = r;
    i = j + 1;
  }
  return ranks;
}

function correlationPValue(r: number, n: number): number {
  if (Number.isNaN(r)) return NaN;
  if (Math.abs(r) === 1) return 0;
  const dof = n - 2;
  return studentTTwoSided(r * Math.sqrt(dof / (1 - r * r)), dof);
}

function checkPairs(x: ArrayLike<number>, y: ArrayLike<number>, fn: string): number {
  if (x.length !== y.length) throw new RangeError(`${fn}: x and y differ in length (${x.length} vs ${y.length})`);
  if (x.length < 3) throw new RangeError(`${fn}: need at least 3 pairs, got ${x.length}`);
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]!) || !Number.isFinite(y[i]!)) throw new RangeError(`${fn}: non-finite value at index ${i}`);
  }
  return x.length;
}
