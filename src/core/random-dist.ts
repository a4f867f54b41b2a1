/**
 * Random variates drawn from an {@link Rng} (never Math.random), for the stochastic engines.
 *
 * - {@link sampleExponential}: inversion, −ln(1 − U).
 * - {@link samplePoisson}: sequential-search inversion for mean < 10; for mean ≥ 10 the PTRS
 *   transformed-rejection algorithm of Hörmann (1993, "The transformed rejection method for generating
 *   Poisson random variables", Insurance: Mathematics and Economics 12:39–45), the same constants as
 *   NumPy's `random_poisson_ptrs`. Both are exact (no normal approximation at any mean).
 */
import type { Rng } from './rng.js';

/** Unit-rate exponential variate: −ln(1 − U), U ∈ [0, 1), so the result is finite and ≥ 0. */
export function sampleExponential(rng: Rng): number {
  return -Math.log(1 - rng.next());
}

const LOG_FACTORIAL_TABLE_SIZE = 256;
const logFactorialTable = (() => {
  const t = new Float64Array(LOG_FACTORIAL_TABLE_SIZE);
  let s = 0;
  for (let k = 1; k < LOG_FACTORIAL_TABLE_SIZE; k++) {
    s += Math.log(k);
    t[k] = s;
  }
  return t;
})();
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * ln(k!) for integer k ≥ 0: a table below 256, above it Stirling's series for ln Γ(k + 1) to the
 * 1/n⁷ term (absolute error < 1e-16 for n ≥ 256).
 */
export function logFactorial(k: number): number {
  if (k < LOG_FACTORIAL_TABLE_SIZE) return logFactorialTable[k]!;
  const n = k + 1;
  const inv = 1 / n;
  const inv2 = inv * inv;
  return (
    (n - 0.5) * Math.log(n) -
    n +
    HALF_LOG_2PI +
    inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 / 1680)))
  );
}

/** Below this mean, inversion by sequential search (expected ≈ mean + 1 uniforms' worth of work). */
const POISSON_INVERSION_LIMIT = 10;

/**
 * A Poisson(mean) variate (a non-negative integer as a number). mean must be finite and ≥ 0;
 * mean 0 gives 0. Uses one uniform per call below mean 10, and on average ≈ 2.3 uniforms above
 * (PTRS acceptance rate > 0.86 for mean ≥ 10).
 */
export function samplePoisson(rng: Rng, mean: number): number {
  if (!(mean > 0)) {
    if (mean === 0) return 0;
    throw new RangeError(`samplePoisson: mean must be finite and >= 0, got ${mean}`);
  }
  if (mean < POISSON_INVERSION_LIMIT) return poissonInversion(rng, mean);
  if (mean === Infinity) throw new RangeError('samplePoisson: mean must be finite, got Infinity');
  return poissonPtrs(rng, mean);
}

function poissonInversion(rng: Rng, mean: number): number {
  const u = rng.next();
  let k = 0;
  let p = Math.exp(-mean);
  let cdf = p;
  while (u > cdf) {
    k++;
    p *= mean / k;
    const next = cdf + p;
    // Round-off: the partial sums can saturate just below 1 while u is closer to 1; stop there
    // (probability of reaching this < 1e-15).
    if (next === cdf) break;
    cdf = next;
  }
  return k;
}

/** Hörmann's PTRS, mean ≥ 10. */
function poissonPtrs(rng: Rng, mean: number): number {
  const slam = Math.sqrt(mean);
  const loglam = Math.log(mean);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invalpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  const logInvAlpha = Math.log(invalpha);
  for (;;) {
    const u = rng.next() - 0.5;
    const v = rng.next();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    // log(V) + log(1/α) − log(a/us² + b) ≤ −λ + k·ln λ − ln k!
    if (Math.log(v) + logInvAlpha - Math.log(a / (us * us) + b) <= -mean + k * loglam - logFactorial(k)) {
      return k;
    }
  }
}
