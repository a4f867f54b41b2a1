import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { oneWayAnova, tukeyHsd } from '../../src/analysis/stats/anova.js';
import { regularizedBeta } from '../../src/analysis/stats/beta.js';
import { averageRanks, pearson, spearman } from '../../src/analysis/stats/correlation.js';
import { fSurvival, studentTCdf, studentTQuantile, studentTTwoSided } from '../../src/analysis/stats/distributions.js';
import { normalCdf } from '../../src/analysis/stats/normal.js';
import { studentizedRangeSurvival } from '../../src/analysis/stats/studentized-range.js';
import { studentTTest, welchTTest } from '../../src/analysis/stats/t-test.js';

interface Oracle {
  beta: { x: number; a: number; b: number; value: number }[];
  tTail: { t: number; dof: number; twoSided: number }[];
  tQuantile: { p: number; dof: number; q: number }[];
  fTail: { f: number; d1: number; d2: number; sf: number }[];
  ttests: { name: string; a: number[]; b: number[]; welch: { t: number; p: number; dof: number }; student: { t: number; p: number } }[];
  anova: { name: string; groups: number[][]; f: number; p: number; tukey: { i: number; j: number; p: number; difference: number }[] }[];
  ptukey: { q: number; k: number; dof: number; sf: number }[];
  correlation: { name: string; x: number[]; y: number[]; pearson: { r: number; p: number }; spearman: { r: number; p: number } }[];
}
const oracle = JSON.parse(readFileSync(new URL('../fixtures/analysis-oracle.json', import.meta.url), 'utf8')) as Oracle;

/** |a − b| ≤ abs + rel·|b|. */
function close(a: number, b: number, rel: number, abs = 0): void {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(abs + rel * Math.abs(b));
}

describe('distributions vs scipy', () => {
  it('regularized incomplete beta matches scipy.special.betainc (incl. a, b in the thousands)', () => {
    for (const c of oracle.beta) close(regularizedBeta(c.x, c.a, c.b), c.value, 1e-11, 1e-14);
  });

  it('Student t two-sided tail and F tail match scipy', () => {
    for (const c of oracle.tTail) close(studentTTwoSided(c.t, c.dof), c.twoSided, 1e-11, 1e-15);
    for (const c of oracle.fTail) close(fSurvival(c.f, c.d1, c.d2), c.sf, 1e-11, 1e-15);
  });

  it('t quantile inverts the CDF and agrees with scipy.stats.t.ppf to 1e-8', () => {
    // scipy's ppf itself is only good to ~4e-10 relative here (its own sf at its ppf is off by 6e-11).
    for (const c of oracle.tQuantile) close(studentTQuantile(c.p, c.dof), c.q, 1e-8);
    for (const [p, v] of [[0.975, 5], [0.6, 3.3], [0.01, 40]] as const) close(studentTCdf(studentTQuantile(p, v), v), p, 1e-13);
    // Exact known values: ν = 1 is Cauchy (tan), ν = 2 has t = (2p − 1)/√(2p(1 − p)).
    close(studentTQuantile(0.9, 1), Math.tan(Math.PI * 0.4), 1e-12);
    close(studentTQuantile(0.975, 2), 0.95 / Math.sqrt(2 * 0.975 * 0.025), 1e-12);
  });

  it('normal CDF: symmetric, Φ(1.96) = 0.9750021048517795', () => {
    close(normalCdf(1.959963984540054), 0.975, 1e-14);
    close(normalCdf(-3) + normalCdf(3), 1, 1e-15);
    close(normalCdf(-8), 6.22096057427178e-16, 1e-10);
  });

  it('studentized range tail matches scipy.stats.studentized_range within 1e-8', () => {
    for (const c of oracle.ptukey) close(studentizedRangeSurvival(c.q, c.k, c.dof), c.sf, 0, 1e-8);
  });
});

describe('tests vs scipy', () => {
  it('Welch and Student t-tests match scipy.stats.ttest_ind', () => {
    for (const c of oracle.ttests) {
      const w = welchTTest(c.a, c.b);
      close(w.statistic, c.welch.t, 1e-12);
      close(w.dof, c.welch.dof, 1e-12);
      close(w.pValue, c.welch.p, 1e-9, 1e-15);
      const s = studentTTest(c.a, c.b);
      close(s.statistic, c.student.t, 1e-12);
      close(s.pValue, c.student.p, 1e-9, 1e-15);
      expect(w.ci95[0]).toBeLessThan(w.difference);
      expect(w.ci95[1]).toBeGreaterThan(w.difference);
    }
  });

  it('one-way ANOVA and Tukey HSD match scipy.stats.f_oneway / tukey_hsd', () => {
    for (const c of oracle.anova) {
      const a = oneWayAnova(c.groups);
      close(a.statistic, c.f, 1e-12);
      close(a.pValue, c.p, 1e-9, 1e-15);
      const tk = tukeyHsd(c.groups, a);
      expect(tk.length).toBe(c.tukey.length);
      for (const ref of c.tukey) {
        const mine = tk.find((x) => x.i === ref.i && x.j === ref.j)!;
        close(mine.difference, ref.difference, 1e-12);
        close(mine.pValue, ref.p, 0, 1e-6);
      }
    }
  });

  it('Pearson and Spearman (with ties) match scipy.stats.pearsonr / spearmanr', () => {
    for (const c of oracle.correlation) {
      const p = pearson(c.x, c.y);
      close(p.r, c.pearson.r, 1e-12);
      close(p.pValue, c.pearson.p, 1e-9, 1e-15);
      const s = spearman(c.x, c.y);
      close(s.r, c.spearman.r, 1e-12);
      close(s.pValue, c.spearman.p, 1e-9, 1e-15);
    }
    expect(Array.from(averageRanks([10, 20, 20, 5]))).toEqual([2, 3.5, 3.5, 1]);
  });

  it('rejects too-small inputs', () => {
    expect(() => welchTTest([1], [2, 3])).toThrow(/at least 2/);
    expect(() => pearson([1, 2], [3, 4])).toThrow(/at least 3/);
    expect(() => oneWayAnova([[1, 2]])).toThrow(/2 groups/);
  });
});
