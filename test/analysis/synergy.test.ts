import { describe, expect, it } from 'vitest';
import { blissDelta, hsaDelta } from '../../src/analysis/synergy/bliss-hsa.js';
import type { DoseMatrix } from '../../src/analysis/synergy/dose-matrix.js';
import { fitInhibition, inhibitionAt, logDoseFor, type InhibitionCurve } from '../../src/analysis/synergy/inhibition-fit.js';
import { loeweExpected } from '../../src/analysis/synergy/loewe.js';
import { synergyScores } from '../../src/analysis/synergy/synergy.js';

const DOSES_A = [0, 0.125, 0.25, 0.5, 1, 2, 4];
const DOSES_B = [0, 0.1, 0.3, 1, 3, 10];
const A: InhibitionCurve = { i0: 0, imax: 100, ec50: 0.6, hill: 1.4 };
const B: InhibitionCurve = { i0: 0, imax: 100, ec50: 1.5, hill: 0.9 };

function matrix(f: (a: number, b: number) => number, dA = DOSES_A, dB = DOSES_B): DoseMatrix {
  return { dosesA: dA, dosesB: dB, response: dA.map((a) => dB.map((b) => f(a, b))) };
}
const bliss = (x: number, y: number): number => x + y - (x * y) / 100;
const u = (c: InhibitionCurve, d: number): number => inhibitionAt(c, d) / 100;

describe('Bliss and HSA: hand-computed cells', () => {
  // rows: A = 0, 1, 2; columns: B = 0, 1, 2 (% inhibition)
  const m: DoseMatrix = { dosesA: [0, 1, 2], dosesB: [0, 1, 2], response: [[0, 20, 40], [10, 40, 60], [30, 50, 90]] };
  it('Bliss δ = y − (yA + yB − yA·yB/100)', () => {
    // (1,1): 40 − (10 + 20 − 2) = 12; (1,2): 60 − 46 = 14; (2,1): 50 − 44 = 6; (2,2): 90 − 58 = 32
    expect(blissDelta(m)).toEqual([[0, 0, 0], [0, 12, 14], [0, 6, 32]]);
    expect(synergyScores(m).scores.bliss).toBe(16);
  });
  it('HSA δ = y − max(yA, yB)', () => {
    expect(hsaDelta(m)).toEqual([[0, 0, 0], [0, 20, 20], [0, 20, 50]]);
    expect(synergyScores(m).scores.hsa).toBe(27.5);
  });
  it('Loewe and ZIP are null when the single agents have too few doses to fit', () => {
    const s = synergyScores(m);
    expect(s.scores.loewe).toBeNull();
    expect(s.scores.zip).toBeNull();
  });
});

describe('reference models on constructed surfaces', () => {
  it('a Bliss-independent pair of 4PL drugs scores Bliss = 0 exactly and ZIP ≈ 0', () => {
    const s = synergyScores(matrix((a, b) => bliss(inhibitionAt(A, a), inhibitionAt(B, b))));
    expect(Math.abs(s.scores.bliss!)).toBeLessThan(1e-12);
    // every row/column is itself a 4PL with the other drug as background and max 100: fits are exact
    expect(Math.abs(s.scores.zip!)).toBeLessThan(1e-4);
    for (const row of s.matrices.zip!) for (const v of row) expect(Math.abs(v)).toBeLessThan(1e-3);
    // and the single agents are recovered
    expect(s.singleAgents.a!.ec50).toBeCloseTo(A.ec50, 5);
    expect(s.singleAgents.b!.hill).toBeCloseTo(B.hill, 5);
  });

  it('a sham combination (one drug twice, y = f(a + b)) is Loewe-additive but not Bliss-additive', () => {
    const s = synergyScores(matrix((a, b) => inhibitionAt(A, a + b), DOSES_A, DOSES_A));
    expect(Math.abs(s.scores.loewe!)).toBeLessThan(1e-4);
    for (const row of s.matrices.loewe!) for (const v of row) expect(Math.abs(v)).toBeLessThan(1e-3);
    // Bliss is not a sham-neutral reference (Greco et al. 1995): cells deviate by several points
    expect(Math.max(...s.matrices.bliss!.flat().map(Math.abs))).toBeGreaterThan(3);
  });

  it('the isobole solver inverts the single-agent curves: y_L(a, b) of a sham equals f(a + b)', () => {
    for (const [a, b] of [[0.01, 0.02], [0.5, 0.5], [3, 7], [100, 1]] as const) {
      expect(loeweExpected(A, A, a, b)).toBeCloseTo(inhibitionAt(A, a + b), 8);
    }
    expect(Math.exp(logDoseFor(A, inhibitionAt(A, 0.37)))).toBeCloseTo(0.37, 10);
  });

  it("falls back to SynergyFinder's max(f_A(a+b), f_B(a+b)) when the isobole lies beyond a drug's maximum", () => {
    const weak: InhibitionCurve = { i0: 0, imax: 40, ec50: 1, hill: 1 };
    // b alone at 10 already gives ≈ 87 % (> 40 = weak's Imax): no root where both inverses exist
    expect(loeweExpected(weak, B, 1, 10)).toBeCloseTo(Math.max(inhibitionAt(weak, 11), inhibitionAt(B, 11)), 12);
  });

  // Synergy/antagonism built so that every reference sees it: Loewe-type potency shift of a sham
  // (a + b ± γab) for Loewe, and Bliss ± an interaction term for Bliss/HSA/ZIP.
  it('signs flip between a synergistic and an antagonistic construction', () => {
    const sham = (g: number) => synergyScores(matrix((a, b) => inhibitionAt(A, a + b + g * a * b), DOSES_A, DOSES_A));
    expect(sham(0.5).scores.loewe!).toBeGreaterThan(1);
    expect(sham(-0.2).scores.loewe!).toBeLessThan(-0.8);
    const blissPlus = (g: number) =>
      synergyScores(matrix((a, b) => {
        const ya = inhibitionAt(A, a);
        const yb = inhibitionAt(B, b);
        return g > 0 ? bliss(ya, yb) + g * u(A, a) * u(B, b) * (100 - bliss(ya, yb)) : Math.max(ya, yb) + g * u(A, a) * u(B, b) * Math.max(ya, yb);
      }));
    const syn = blissPlus(0.5).scores;
    const ant = blissPlus(-0.5).scores;
    for (const k of ['bliss', 'hsa', 'zip', 'loewe'] as const) {
      expect(syn[k]!, `synergistic ${k}`).toBeGreaterThan(0.5);
      expect(ant[k]!, `antagonistic ${k}`).toBeLessThan(-0.5);
    }
  });
});

describe('inhibition 4PL fit', () => {
  it('recovers a curve with fixed I0 and Imax (the ZIP background fit)', () => {
    const c: InhibitionCurve = { i0: 35, imax: 100, ec50: 0.8, hill: 2 };
    const d = [0.125, 0.25, 0.5, 1, 2, 4];
    const f = fitInhibition(d, d.map((x) => inhibitionAt(c, x)), { i0: 35, imax: 100 })!;
    expect(f.ec50).toBeCloseTo(0.8, 6);
    expect(f.hill).toBeCloseTo(2, 6);
  });
  it('returns null with no residual degrees of freedom', () => {
    expect(fitInhibition([0, 1, 2, 3], [0, 10, 20, 30])).toBeNull();
  });
  it('with 4 doses per drug the zero-dose response is fixed, so Loewe and ZIP still score a 4 × 4 matrix', () => {
    const d = [0, 0.25, 1, 4];
    const s = synergyScores(matrix((a, b) => bliss(inhibitionAt(A, a), inhibitionAt(B, b)), d, d));
    expect(s.singleAgents.a!.ec50).toBeCloseTo(A.ec50, 4);
    expect(Math.abs(s.scores.zip!)).toBeLessThan(1e-3);
    expect(s.scores.loewe).not.toBeNull();
  });
});

describe('noisy matrix vs an independent SciPy implementation (test/fixtures/synergy-oracle.py)', async () => {
  const { readFileSync } = await import('node:fs');
  const o = JSON.parse(readFileSync(new URL('../fixtures/synergy-oracle.json', import.meta.url), 'utf8')) as {
    dosesA: number[]; dosesB: number[]; response: number[][];
    singleA: { b: number; c: number; d: number; e: number }; singleB: { b: number; c: number; d: number; e: number };
    matrices: Record<'bliss' | 'hsa' | 'loewe' | 'zip', number[][]>; scores: Record<'bliss' | 'hsa' | 'loewe' | 'zip', number>;
  };
  const s = synergyScores({ dosesA: o.dosesA, dosesB: o.dosesB, response: o.response });
  it('single-agent fits agree with curve_fit (drc LL.4 parameters)', () => {
    for (const [mine, ref] of [[s.singleAgents.a!, o.singleA], [s.singleAgents.b!, o.singleB]] as const) {
      expect(mine.i0).toBeCloseTo(ref.c, 3);
      expect(mine.imax).toBeCloseTo(ref.d, 3);
      expect(mine.ec50 / ref.e).toBeCloseTo(1, 4);
      expect(mine.hill).toBeCloseTo(-ref.b, 4);
    }
  });
  for (const k of ['bliss', 'hsa', 'loewe', 'zip'] as const) {
    it(`${k}: every cell and the summary agree`, () => {
      const tol = k === 'bliss' || k === 'hsa' ? 1e-9 : 1e-3; // fitted scores: two optimisers, same optimum
      expect(Math.abs(s.scores[k]! - o.scores[k])).toBeLessThan(tol);
      s.matrices[k]!.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(v - o.matrices[k][i]![j]!)).toBeLessThan(10 * tol)));
    });
  }
});
