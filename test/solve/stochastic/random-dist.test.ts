import { describe, expect, it } from 'vitest';
import { chiSquareGoodnessOfFit } from '../../../src/analysis/stats/chi-square.js';
import { logGamma } from '../../../src/analysis/stats/special.js';
import { logFactorial, sampleExponential, samplePoisson } from '../../../src/core/random-dist.js';
import { makeRng } from '../../../src/core/rng.js';

const N = 100_000;

function draws(lambda: number, seed: string, n = N): Float64Array {
  const rng = makeRng(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = samplePoisson(rng, lambda);
  return out;
}

function moments(xs: Float64Array): { m: number; v: number } {
  let s = 0;
  for (const x of xs) s += x;
  const m = s / xs.length;
  let ss = 0;
  for (const x of xs) ss += (x - m) * (x - m);
  return { m, v: ss / (xs.length - 1) };
}

/** Pearson chi-square of the draws against the exact Poisson pmf (upper tail lumped into the last bin). */
function gof(xs: Float64Array, lambda: number): number {
  const kMax = Math.ceil(lambda + 12 * Math.sqrt(lambda) + 25);
  const kMin = Math.max(0, Math.floor(lambda - 12 * Math.sqrt(lambda) - 25));
  const nb = kMax - kMin + 1;
  const obs = new Float64Array(nb);
  const exp = new Float64Array(nb);
  for (const x of xs) obs[Math.min(Math.max(x - kMin, 0), nb - 1)]!++;
  let cum = 0;
  for (let k = kMin; k <= kMax; k++) {
    const pk = Math.exp(k * Math.log(lambda) - lambda - logFactorial(k));
    exp[k - kMin] = xs.length * pk;
    cum += pk;
  }
  // The lumped tails beyond ±12 sd hold < 1e-20 of the mass; renormalise.
  for (let b = 0; b < nb; b++) exp[b] = exp[b]! / cum;
  return chiSquareGoodnessOfFit(obs, exp).pValue;
}

describe('samplePoisson', () => {
  // Tolerances: 4 standard errors. SE(mean) = √(λ/n); SE(s²) ≈ √((μ₄ − σ⁴)/n) = √((λ + 2λ²)/n) since the
  // Poisson fourth central moment is λ(1 + 3λ). Each check fails by chance with probability ≈ 6e-5.
  for (const lambda of [0.5, 5, 50, 5000]) {
    it(`λ = ${lambda}: mean, variance and chi-square fit over 1e5 draws`, () => {
      const xs = draws(lambda, `poisson-${lambda}`);
      const { m, v } = moments(xs);
      expect(Math.abs(m - lambda)).toBeLessThan(4 * Math.sqrt(lambda / N));
      expect(Math.abs(v - lambda)).toBeLessThan(4 * Math.sqrt((lambda + 2 * lambda * lambda) / N));
      for (const x of xs) if (!Number.isInteger(x) || x < 0) throw new Error(`bad variate ${x}`);
      // Reject the exact pmf only at the 0.1 % level.
      expect(gof(xs, lambda)).toBeGreaterThan(1e-3);
    });
  }

  it('around the inversion/PTRS switch (λ = 9.99, 10, 12) and at λ = 1e8', () => {
    for (const lambda of [9.99, 10, 12]) {
      expect(gof(draws(lambda, `switch-${lambda}`, 50_000), lambda)).toBeGreaterThan(1e-3);
    }
    const big = 1e8;
    const { m, v } = moments(draws(big, 'big', 20_000));
    expect(Math.abs(m - big)).toBeLessThan(4 * Math.sqrt(big / 20_000));
    expect(Math.abs(v / big - 1)).toBeLessThan(4 * Math.sqrt(2 / 20_000));
  });

  it('detects a wrong distribution (the chi-square check has power)', () => {
    // Poisson(5.15) draws tested against Poisson(5): must be rejected.
    const xs = draws(5.15, 'power');
    expect(gof(xs, 5)).toBeLessThan(1e-3);
  });

  it('edge cases and determinism', () => {
    const rng = makeRng(1);
    expect(samplePoisson(rng, 0)).toBe(0);
    expect(() => samplePoisson(rng, -1)).toThrow(RangeError);
    expect(() => samplePoisson(rng, NaN)).toThrow(RangeError);
    expect(() => samplePoisson(rng, Infinity)).toThrow(RangeError);
    expect(draws(50, 'same', 1000)).toEqual(draws(50, 'same', 1000));
    expect(draws(50, 'same', 1000)).not.toEqual(draws(50, 'other', 1000));
  });
});

describe('logFactorial and sampleExponential', () => {
  it('logFactorial matches lnΓ(k+1) across the table/Stirling boundary', () => {
    expect(logFactorial(0)).toBe(0);
    expect(logFactorial(10)).toBeCloseTo(Math.log(3628800), 12);
    for (const k of [100, 255, 256, 257, 1000, 1e6]) {
      expect(Math.abs(logFactorial(k) - logGamma(k + 1)) / logGamma(k + 1)).toBeLessThan(1e-13);
    }
  });

  it('Exp(1): mean 1 and variance 1 within 4 SE over 1e5 draws', () => {
    const rng = makeRng('exp');
    const xs = new Float64Array(N);
    for (let i = 0; i < N; i++) xs[i] = sampleExponential(rng);
    const { m, v } = moments(xs);
    expect(Math.abs(m - 1)).toBeLessThan(4 / Math.sqrt(N));
    // Var(s²) ≈ (μ₄ − σ⁴)/n = 8/n for Exp(1).
    expect(Math.abs(v - 1)).toBeLessThan(4 * Math.sqrt(8 / N));
  });
});
