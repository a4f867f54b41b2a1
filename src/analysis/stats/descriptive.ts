/**
 * Descriptive statistics over numeric arrays (two-pass algorithms, so no catastrophic cancellation).
 */

/** Arithmetic mean; NaN for an empty array. */
export function mean(xs: ArrayLike<number>): number {
  const n = xs.length;
  if (n === 0) return NaN;
  let s = 0;
  for (let i = 0; i < n; i++) s += xs[i]!;
  return s / n;
}

/**
 * Sample variance with divisor n − ddof (default ddof = 1, the unbiased estimator); NaN when n ≤ ddof.
 * Two-pass with the compensating term of Chan, Golub & LeVeque (1983).
 */
export function variance(xs: ArrayLike<number>, ddof = 1): number {
  const n = xs.length;
  if (n <= ddof) return NaN;
  const m = mean(xs);
  let ss = 0;
  let comp = 0;
  for (let i = 0; i < n; i++) {
    const d = xs[i]! - m;
    ss += d * d;
    comp += d;
  }
  return (ss - (comp * comp) / n) / (n - ddof);
}

/** Sample standard deviation, √variance(xs, ddof). */
export function standardDeviation(xs: ArrayLike<number>, ddof = 1): number {
  return Math.sqrt(variance(xs, ddof));
}

/** Mean of the finite values (replicates whose measurement failed are NaN); NaN when there are none. */
export function finiteMean(xs: readonly number[]): number {
  return mean(xs.filter(Number.isFinite));
}

/** Sample standard deviation of the finite values; NaN with fewer than two. */
export function finiteStandardDeviation(xs: readonly number[]): number {
  return standardDeviation(xs.filter(Number.isFinite));
}
