import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { absoluteIC50, fitLogistic4, logistic4, resistanceIndex } from '../../src/analysis/fit/logistic4.js';
import { makeRng } from '../../src/core/rng.js';
import { sampleNormal } from '../../src/assays/noise.js';

interface OracleFit {
  name: string;
  doses: number[];
  responses: number[];
  fixTop: number | null;
  bottom: number;
  top: number;
  logIC50: number;
  hill: number;
  ic50: number;
  se: { bottom: number; top: number | null; logIC50: number; hill: number };
  ic50Ci: [number, number];
  r2: number;
  dof: number;
}
const oracle = JSON.parse(readFileSync(new URL('../fixtures/analysis-oracle.json', import.meta.url), 'utf8')) as {
  logistic4: OracleFit[];
  resistanceIndex: { ratio: number; ci: [number, number]; dof: number };
};
const fitOf = (f: OracleFit) => fitLogistic4(f.doses, f.responses, f.fixTop === null ? {} : { fixTop: f.fixTop });
const relErr = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

describe('4PL fit vs scipy.optimize.curve_fit (test/fixtures/analysis-oracle.py)', () => {
  for (const ref of oracle.logistic4) {
    it(`${ref.name}: parameters, SE, CI and R² agree`, () => {
      const fit = fitOf(ref);
      expect(fit.converged).toBe(true);
      expect(fit.atBound).toEqual([]);
      // Acceptance: IC50 within 1 %; in practice both optimisers land on the same optimum (~1e-7).
      expect(relErr(fit.ic50, ref.ic50)).toBeLessThan(1e-5);
      expect(Math.abs(fit.hill - ref.hill)).toBeLessThan(1e-5 * Math.abs(ref.hill));
      expect(Math.abs(fit.bottom - ref.bottom)).toBeLessThan(1e-4 * (Math.abs(ref.top - ref.bottom)));
      expect(Math.abs(fit.top - ref.top)).toBeLessThan(1e-4 * (Math.abs(ref.top - ref.bottom)));
      expect(relErr(fit.se.logIC50, ref.se.logIC50)).toBeLessThan(1e-4);
      expect(relErr(fit.se.hill, ref.se.hill)).toBeLessThan(1e-4);
      expect(relErr(fit.ic50Ci[0], ref.ic50Ci[0])).toBeLessThan(1e-5);
      expect(relErr(fit.ic50Ci[1], ref.ic50Ci[1])).toBeLessThan(1e-5);
      expect(Math.abs(fit.r2 - ref.r2)).toBeLessThan(1e-9);
      expect(fit.dof).toBe(ref.dof);
      if (ref.fixTop !== null) {
        expect(fit.top).toBe(ref.fixTop);
        expect(Number.isNaN(fit.se.top)).toBe(true);
      }
    });
  }

  it("ryegrass reproduces drc's published LL.4 estimates (b 2.98222, c 0.48141, d 7.79296, e 3.05795)", () => {
    const fit = fitOf(oracle.logistic4.find((f) => f.name === 'ryegrass')!);
    expect(fit.hill).toBeCloseTo(2.98222, 4);
    expect(fit.bottom).toBeCloseTo(0.48141, 4);
    expect(fit.top).toBeCloseTo(7.79296, 4);
    expect(fit.ic50).toBeCloseTo(3.05795, 4);
  });

  it('resistance index and its CI match the oracle', () => {
    const sensitive = fitOf(oracle.logistic4[1]!);
    const resistant = fitOf(oracle.logistic4[2]!);
    const ri = resistanceIndex(resistant, sensitive);
    const ref = oracle.resistanceIndex;
    expect(relErr(ri.ratio, ref.ratio)).toBeLessThan(1e-5);
    expect(relErr(ri.dof, ref.dof)).toBeLessThan(1e-4);
    expect(relErr(ri.ci[0], ref.ci[0])).toBeLessThan(1e-4);
    expect(relErr(ri.ci[1], ref.ci[1])).toBeLessThan(1e-4);
  });
});

describe('4PL fit: known curves', () => {
  const doses = [0, 0.0625, 0.125, 0.25, 0.5, 1, 2, 4, 8, 16].flatMap((d) => [d, d, d]);

  it('recovers an exact curve (no noise) to 1e-6 from its data alone', () => {
    const truth = { bottom: 3, top: 100, logIC50: Math.log10(0.25), hill: 2.5 };
    const y = doses.map((d) => logistic4(truth, d));
    const fit = fitLogistic4(doses, y);
    expect(relErr(fit.ic50, 0.25)).toBeLessThan(1e-6);
    expect(Math.abs(fit.hill - 2.5)).toBeLessThan(1e-6);
    expect(fit.r2).toBeCloseTo(1, 12);
  });

  it('95 % CI of the IC50 covers the truth in ~95 % of 200 noisy replicate experiments', () => {
    // Coverage of the Wald CI; with 200 experiments the binomial SD of the hit rate is 1.5 %, and
    // the asymptotic CI of a nonlinear fit with n = 30 is slightly liberal: accept 88–99 %.
    const truth = { bottom: 5, top: 100, logIC50: Math.log10(0.5), hill: 2 };
    const rng = makeRng('logistic4-coverage');
    let covered = 0;
    const runs = 200;
    for (let k = 0; k < runs; k++) {
      const y = doses.map((d) => logistic4(truth, d) + sampleNormal(rng, 0, 5));
      const fit = fitLogistic4(doses, y);
      if (fit.ic50Ci[0] <= 0.5 && 0.5 <= fit.ic50Ci[1]) covered++;
    }
    expect(covered / runs).toBeGreaterThan(0.88);
    expect(covered / runs).toBeLessThan(0.99);
  });

  it('absolute IC50 is where the curve crosses 50, and NaN when it never does', () => {
    const p = { bottom: 20, top: 100, logIC50: 0, hill: 1 };
    expect(logistic4(p, absoluteIC50(p, 50))).toBeCloseTo(50, 10);
    expect(Number.isNaN(absoluteIC50({ ...p, bottom: 60 }, 50))).toBe(true);
  });

  it('is bit-for-bit deterministic', () => {
    const y = doses.map((d, i) => 100 / (1 + (d / 0.3) ** 2) + ((i * 7919) % 13) - 6);
    expect(fitLogistic4(doses, y)).toEqual(fitLogistic4(doses, y));
  });

  it('rejects unusable input with a clear message', () => {
    expect(() => fitLogistic4([0, 0, 0, 0, 0], [1, 2, 3, 4, 5])).toThrow(/positive dose/);
    expect(() => fitLogistic4([1, 2, 3], [1, 2, 3])).toThrow(/cannot fit 4/);
    expect(() => fitLogistic4([1, -2, 3, 4, 5], [1, 2, 3, 4, 5])).toThrow(/dose 1/);
    expect(() => fitLogistic4([1, 2], [1])).toThrow(/2 doses but 1 responses/);
  });
});
