import { describe, expect, it } from 'vitest';
import { luFactor, luSolve } from '../../../src/solve/linalg.js';

/** Deterministic pseudo-random numbers in [−1, 1). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  };
}

describe('dense LU with partial pivoting', () => {
  it('solves random systems to rounding (residual relative to ‖A‖·‖x‖)', () => {
    const rnd = lcg(7);
    for (const n of [1, 2, 5, 12, 30]) {
      const a = Float64Array.from({ length: n * n }, rnd);
      const x = Float64Array.from({ length: n }, rnd);
      const b = new Float64Array(n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) b[i]! += a[i * n + j]! * x[j]!;
      const lu = Float64Array.from(a);
      const piv = new Int32Array(n);
      expect(luFactor(lu, n, piv)).toBe(-1);
      luSolve(lu, n, piv, b);
      for (let i = 0; i < n; i++) expect(Math.abs(b[i]! - x[i]!)).toBeLessThan(1e-10);
    }
  });

  it('pivots past a zero diagonal entry', () => {
    const a = Float64Array.of(0, 1, 2, 3);
    const piv = new Int32Array(2);
    expect(luFactor(a, 2, piv)).toBe(-1);
    expect(piv[0]).toBe(1);
    const b = Float64Array.of(1, 8); // x = (2.5, 1)
    luSolve(a, 2, piv, b);
    expect(b[0]).toBeCloseTo(2.5, 14);
    expect(b[1]).toBeCloseTo(1, 14);
  });

  it('reports the column of a singular or non-finite pivot', () => {
    const piv = new Int32Array(3);
    // third row = first + second
    expect(luFactor(Float64Array.of(1, 2, 3, 4, 5, 6, 5, 7, 9), 3, piv)).toBe(2);
    expect(luFactor(Float64Array.of(0, 0, 0, 1), 2, new Int32Array(2))).toBe(0);
    expect(luFactor(Float64Array.of(1, Number.NaN, 0, 1), 2, new Int32Array(2))).toBe(0);
    expect(luFactor(Float64Array.of(1, 0, 0, Number.POSITIVE_INFINITY), 2, new Int32Array(2))).toBeGreaterThanOrEqual(0);
    // badly scaled (condition 1e12) but regular
    expect(luFactor(Float64Array.of(1e-6, 0, 0, 1e6), 2, new Int32Array(2))).toBe(-1);
    // condition 1e16: numerically singular at n·ε·max|a|
    expect(luFactor(Float64Array.of(1e-8, 0, 0, 1e8), 2, new Int32Array(2))).toBe(0);
  });
});
