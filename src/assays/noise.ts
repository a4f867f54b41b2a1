/**
 * Measurement-noise variates for the assays, all drawn from an explicit {@link Rng}.
 */
import { samplePoisson } from '../core/random-dist.js';
import type { Rng } from '../core/rng.js';

/** Standard normal variate (Marsaglia polar method; two uniforms per attempt, acceptance π/4). */
export function sampleStandardNormal(rng: Rng): number {
  for (;;) {
    const u = 2 * rng.next() - 1;
    const v = 2 * rng.next() - 1;
    const s = u * u + v * v;
    if (s > 0 && s < 1) return u * Math.sqrt((-2 * Math.log(s)) / s);
  }
}

/** Normal(mean, sd). */
export function sampleNormal(rng: Rng, mean: number, sd: number): number {
  return mean + sd * sampleStandardNormal(rng);
}

/** Log-normal with the given median and σ of ln X (so the geometric SD is e^σ). */
export function sampleLogNormal(rng: Rng, median: number, sigma: number): number {
  return median * Math.exp(sigma * sampleStandardNormal(rng));
}

/** A multiplicative error factor with mean 1 and coefficient of variation `cv` (normal, floored at 0). */
export function sampleFactor(rng: Rng, cv: number): number {
  return cv > 0 ? Math.max(0, 1 + cv * sampleStandardNormal(rng)) : 1;
}

/** Poisson count (exact, core/random-dist). */
export function sampleCount(rng: Rng, mean: number): number {
  return samplePoisson(rng, mean);
}

/**
 * `m` indices from 0..n−1: without replacement when m ≤ n (partial Fisher–Yates), otherwise with
 * replacement (each a uniform draw). Order is random.
 */
export function sampleIndices(rng: Rng, n: number, m: number): Uint32Array {
  if (n <= 0) throw new RangeError('sampleIndices: cannot sample from an empty population');
  const out = new Uint32Array(m);
  if (m > n) {
    for (let i = 0; i < m; i++) out[i] = Math.floor(rng.next() * n);
    return out;
  }
  const perm = new Uint32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let i = 0; i < m; i++) {
    const j = i + Math.floor(rng.next() * (n - i));
    const t = perm[i]!;
    perm[i] = perm[j]!;
    perm[j] = t;
    out[i] = perm[i]!;
  }
  return out;
}
