import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  chiSquareGoodnessOfFit,
  chiSquareSurvival,
  regularizedGammaP,
  regularizedGammaQ,
} from '../../src/analysis/stats/chi-square.js';
import { mean, standardDeviation, variance } from '../../src/analysis/stats/descriptive.js';
import { logGamma } from '../../src/analysis/stats/special.js';

const oracle = JSON.parse(readFileSync(new URL('../fixtures/stats-oracle.json', import.meta.url), 'utf8')) as {
  chi2: { x: number; dof: number; sf: number }[];
};

describe('descriptive statistics', () => {
  it('mean, variance, sd of a small sample', () => {
    const xs = [2, 4, 4, 4, 5, 5, 7, 9];
    expect(mean(xs)).toBe(5);
    expect(variance(xs, 0)).toBe(4);
    expect(variance(xs)).toBeCloseTo(32 / 7, 14);
    expect(standardDeviation(xs, 0)).toBe(2);
    expect(Number.isNaN(mean([]))).toBe(true);
    expect(Number.isNaN(variance([1]))).toBe(true);
  });

  it('variance is shift-invariant (no cancellation at large offsets)', () => {
    const xs = [1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16];
    expect(variance(xs)).toBeCloseTo(30, 8);
  });
});

describe('gamma and chi-square', () => {
  it('logGamma at integers and 1/2', () => {
    expect(logGamma(1)).toBeCloseTo(0, 14);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 13);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 14);
    expect(logGamma(171)).toBeCloseTo(706.5730622457874, 9);
  });

  it('P + Q = 1, and dof = 2 is exp(−x/2)', () => {
    for (const [a, x] of [[0.5, 0.3], [3, 2], [3, 8], [50, 45]] as const) {
      expect(regularizedGammaP(a, x) + regularizedGammaQ(a, x)).toBeCloseTo(1, 14);
    }
    for (const x of [0.1, 1, 5, 30]) expect(chiSquareSurvival(x, 2)).toBeCloseTo(Math.exp(-x / 2), 14);
  });

  it('matches scipy.stats.chi2.sf', () => {
    for (const { x, dof, sf } of oracle.chi2) {
      expect(Math.abs(chiSquareSurvival(x, dof) - sf)).toBeLessThan(1e-12 + 1e-10 * sf);
    }
  });

  it('goodness of fit merges small bins and detects a wrong model', () => {
    const expected = [50, 30, 10, 4, 3, 3];
    const good = chiSquareGoodnessOfFit([52, 28, 11, 4, 3, 2], expected);
    expect(good.bins).toBe(4); // 4 + 3 merged, the short remainder 3 into it: [50, 30, 10, 10]
    expect(good.dof).toBe(3);
    expect(good.pValue).toBeGreaterThan(0.5);
    const bad = chiSquareGoodnessOfFit([30, 30, 20, 10, 5, 5], expected);
    expect(bad.pValue).toBeLessThan(1e-3);
  });
});
