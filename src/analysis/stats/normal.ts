/**
 * Standard normal CDF through the complementary error function, erfc(x) = Q(1/2, x²) for x ≥ 0
 * (Abramowitz & Stegun 7.1.2 with 6.5.17), reusing the regularized incomplete gamma of
 * chi-square.ts (relative accuracy ≈ 1e-15 in both tails).
 */
import { regularizedGammaQ } from './chi-square.js';

/** erfc(x) for real x. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === 0) return 1;
  const q = regularizedGammaQ(0.5, x * x);
  return x > 0 ? q : 2 - q;
}

/** Φ(z) = P(Z ≤ z) for a standard normal Z. */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}
