import { describe, expect, it } from 'vitest';
import type { Check, Claim } from '../../src/checks/claim.js';
import { evaluateClaim, robustness } from '../../src/checks/evaluate.js';
import type { Measurement } from '../../src/experiments/types.js';

/** Rows of one measure for one line/dose/time, one per replicate. */
function rows(measure: string, line: string, values: readonly number[], doseUM: number | null = 0, timeH = 0): Measurement[] {
  return values.map((value, i) => ({ measure, line, doseUM, timeH, replicate: i + 1, value }));
}

function claim(over: Partial<Claim> & { checks: readonly Check[] }): Claim {
  return { id: 'T', paper: 'test', experiments: ['qpcr'], comparison: 'greater', statistic: 'welch', alpha: 0.05, robustness: 0.95, minN: 3, ...over };
}

const nrf2Greater = claim({
  checks: [{ label: 'G01 > K562', select: { measure: 'qpcr_fold:NFE2L2', timeH: 0 }, a: { line: 'k562-g01' }, b: { line: 'k562' } }],
});

describe('greater / less (Welch)', () => {
  it('holds for a clear 2.5× rise, reporting the geometric-mean ratio of a log-scale test', () => {
    const r = evaluateClaim(nrf2Greater, [...rows('qpcr_fold:NFE2L2', 'k562', [1, 1.1, 0.9]), ...rows('qpcr_fold:NFE2L2', 'k562-g01', [2.4, 2.6, 2.5])]);
    expect(r.holds).toBe(true);
    const geo = Math.exp((Math.log(2.4) + Math.log(2.6) + Math.log(2.5)) / 3 - (Math.log(1) + Math.log(1.1) + Math.log(0.9)) / 3);
    expect(r.effect).toBeCloseTo(geo, 10);
    expect(r.ci95![0]).toBeLessThan(geo);
    expect(r.ci95![1]).toBeGreaterThan(geo);
    expect(r.pValue!).toBeLessThan(0.01);
    expect(r.n).toBe(3);
    expect(r.detail).toContain('log-scale');
  });

  it('fails when the direction is reversed, even though p is tiny', () => {
    const r = evaluateClaim(nrf2Greater, [...rows('qpcr_fold:NFE2L2', 'k562-g01', [1, 1.1, 0.9]), ...rows('qpcr_fold:NFE2L2', 'k562', [2.4, 2.6, 2.5])]);
    expect(r.pValue!).toBeLessThan(0.01);
    expect(r.holds).toBe(false);
    expect(r.detail).toContain('wrong direction');
  });

  it('fails with fewer than min_n replicates, however large the effect', () => {
    const r = evaluateClaim(nrf2Greater, [...rows('qpcr_fold:NFE2L2', 'k562', [1, 1.01]), ...rows('qpcr_fold:NFE2L2', 'k562-g01', [5, 5.01, 5.02])]);
    expect(r.holds).toBe(false);
    expect(r.n).toBe(2);
    expect(r.detail).toContain('too few replicates');
  });

  it('fails when p ≥ alpha (a right-direction but noisy difference)', () => {
    const r = evaluateClaim(nrf2Greater, [...rows('qpcr_fold:NFE2L2', 'k562', [0.5, 1, 2]), ...rows('qpcr_fold:NFE2L2', 'k562-g01', [0.7, 1.4, 2.5])]);
    expect(r.effect).toBeGreaterThan(1);
    expect(r.pValue!).toBeGreaterThanOrEqual(0.05);
    expect(r.holds).toBe(false);
  });

  it('uses the raw mean difference for non-ratio measures, and ANOVA when asked', () => {
    const c = claim({
      comparison: 'less',
      statistic: 'anova',
      checks: [{ label: 'OD', select: { measure: 'od450_net', timeH: 120 }, a: { line: 'sh' }, b: { line: 'nc' } }],
    });
    const t = [...rows('od450_net', 'sh', [1.0, 1.1, 0.9], 0, 120), ...rows('od450_net', 'nc', [1.6, 1.5, 1.7], 0, 120)];
    const r = evaluateClaim(c, t);
    expect(r.holds).toBe(true);
    expect(r.effect).toBeCloseTo(-0.6, 10);
    // Two-group ANOVA p equals Student's t p; compare against Welch by hand is not needed, only p < alpha.
    expect(r.pValue!).toBeLessThan(0.01);
  });

  it('ignores rows of other times, doses and pooled (replicate null) rows', () => {
    const t = [
      ...rows('qpcr_fold:NFE2L2', 'k562', [1, 1.1, 0.9]),
      ...rows('qpcr_fold:NFE2L2', 'k562-g01', [2.4, 2.6, 2.5]),
      ...rows('qpcr_fold:NFE2L2', 'k562', [100, 100, 100], 0, 24),
      { measure: 'qpcr_fold:NFE2L2', line: 'k562', doseUM: 0, timeH: 0, replicate: null, value: 100 },
    ];
    expect(evaluateClaim(nrf2Greater, t).holds).toBe(true);
  });

  it('a claim holds only if every check holds', () => {
    const two = claim({
      checks: [
        ...nrf2Greater.checks,
        { label: 'TrxR', select: { measure: 'qpcr_fold:TXNRD1', timeH: 0 }, a: { line: 'k562-g01' }, b: { line: 'k562' } },
      ],
    });
    const base = [...rows('qpcr_fold:NFE2L2', 'k562', [1, 1.1, 0.9]), ...rows('qpcr_fold:NFE2L2', 'k562-g01', [2.4, 2.6, 2.5])];
    const good = evaluateClaim(two, [...base, ...rows('qpcr_fold:TXNRD1', 'k562', [1, 1.05, 0.95]), ...rows('qpcr_fold:TXNRD1', 'k562-g01', [2, 2.1, 1.9])]);
    expect(good.holds).toBe(true);
    const bad = evaluateClaim(two, [...base, ...rows('qpcr_fold:TXNRD1', 'k562', [1, 1.05, 0.95]), ...rows('qpcr_fold:TXNRD1', 'k562-g01', [1, 1.05, 0.95])]);
    expect(bad.holds).toBe(false);
    expect(bad.checks.map((c) => c.holds)).toEqual([true, false]);
  });
});

describe('positive-correlation', () => {
  const corr = claim({
    comparison: 'positive-correlation',
    statistic: 'pearson',
    checks: [{ label: 'Nrf2~TrxR', select: { line: 'g01[knockdown=*]', timeH: 0 }, x: { measure: 'n' }, y: { measure: 't' } }],
  });
  const series = (slope: number): Measurement[] =>
    [0, 0.25, 0.5, 0.7, 0.9].flatMap((k) => {
      const line = `g01[knockdown=${k}]`;
      const nrf2 = [1, 2, 3].map((r) => (1 - k) * (1 + 0.03 * r));
      return [...rows('n', line, nrf2), ...rows('t', line, nrf2.map((v, i) => 1 + slope * v + 0.02 * ((i * 7) % 3)))];
    });

  it('holds across a knockdown series, pairing x and y by sample', () => {
    const r = evaluateClaim(corr, series(1));
    expect(r.holds).toBe(true);
    expect(r.n).toBe(15);
    expect(r.effect).toBeGreaterThan(0.9);
    expect(r.ci95![0]).toBeGreaterThan(0.5);
  });

  it('fails when TrxR does not follow Nrf2 (negative slope)', () => {
    const r = evaluateClaim(corr, series(-1));
    expect(r.effect).toBeLessThan(0);
    expect(r.holds).toBe(false);
  });

  it('does not pair rows of other lines', () => {
    const t = series(1).map((m) => (m.measure === 't' ? { ...m, line: 'other' } : m));
    const r = evaluateClaim(corr, t);
    expect(r.holds).toBe(false);
    expect(r.n).toBe(0);
  });
});

describe('decreasing-with-dose', () => {
  const doses = [0, 0.125, 0.5, 2, 8];
  const trend = claim({ comparison: 'decreasing-with-dose', statistic: 'spearman', checks: [{ label: 'viability', select: { measure: 'viability_pct', timeH: 48 } }] });
  const curve = (line: string, f: (d: number) => number): Measurement[] => doses.flatMap((d) => rows('viability_pct', line, [0, 1, 2].map((r) => f(d) + r), d, 48));

  it('holds when viability falls with dose in every line', () => {
    const t = [...curve('a', (d) => 100 / (1 + d / 0.3)), ...curve('b', (d) => 100 / (1 + d / 3))];
    const r = evaluateClaim(trend, t);
    expect(r.holds).toBe(true);
    expect(r.effect).toBeLessThan(-0.8);
    expect(r.detail).toContain('a ρ');
    expect(r.detail).toContain('b ρ');
  });

  it('fails if one line is flat', () => {
    const t = [...curve('a', (d) => 100 / (1 + d / 0.3)), ...curve('b', () => 100)];
    expect(evaluateClaim(trend, t).holds).toBe(false);
  });

  it('fails if the top dose is not below dose 0, even with a negative rank trend', () => {
    // dose 0 reads low (e.g. a bad untreated column) while doses 1…14 fall steadily: ρ < 0, p < 0.05,
    // yet the top dose is above dose 0 — not a drop caused by the drug.
    const t = Array.from({ length: 15 }, (_, d) => d).flatMap((d) => rows('viability_pct', 'a', [0, 1, 2].map((r) => (d === 0 ? 50 : 100 - 3 * d) + r), d, 48));
    const r = evaluateClaim(trend, t);
    expect(r.effect).toBeLessThan(0);
    expect(r.pValue!).toBeLessThan(0.05);
    expect(r.holds).toBe(false);
    expect(r.detail).toContain('top dose');
  });
});

describe('within-range', () => {
  it('checks the replicate mean against the tolerance, with a t CI', () => {
    const q2 = claim({ comparison: 'within-range', checks: [{ label: 'IC50', select: { measure: 'ic50_uM', line: 'k562', doseUM: null }, range: { min: 0.1, max: 0.6 } }] });
    const inside = evaluateClaim(q2, rows('ic50_uM', 'k562', [0.2, 0.25, 0.3], null));
    expect(inside.holds).toBe(true);
    expect(inside.effect).toBeCloseTo(0.25, 12);
    expect(inside.ci95![0]).toBeLessThan(0.25);
    expect(inside.pValue).toBeNull();
    expect(evaluateClaim(q2, rows('ic50_uM', 'k562', [0.6, 0.7, 0.8], null)).holds).toBe(false);
    // rows with a dose are not the per-replicate fit
    expect(evaluateClaim(q2, rows('ic50_uM', 'k562', [0.2, 0.25, 0.3], 0)).holds).toBe(false);
  });

  it('bounds a geometric-mean ratio a/b, open-ended ranges allowed', () => {
    const q8 = claim({
      comparison: 'within-range',
      checks: [{ label: 'kd', select: { measure: 'f' }, a: { line: 'sh' }, b: { line: 'nc' }, range: { min: 0.1, max: 0.5 } }],
    });
    const t = (sh: number): Measurement[] => [...rows('f', 'sh', [sh, sh * 1.05, sh * 0.95]), ...rows('f', 'nc', [2, 2.1, 1.9])];
    expect(evaluateClaim(q8, t(0.6)).holds).toBe(true); // 0.3 of control: 70 % loss
    expect(evaluateClaim(q8, t(1.6)).holds).toBe(false); // 20 % loss only
    const q7 = claim({ comparison: 'within-range', checks: [{ label: 'up', select: { measure: 'f' }, a: { line: 'sh' }, b: { line: 'nc' }, range: { min: 1.5 } }] });
    expect(evaluateClaim(q7, t(4)).holds).toBe(true);
    expect(evaluateClaim(q7, t(2.4)).holds).toBe(false);
  });
});

describe('robustness', () => {
  it('is the fraction of repeats in which the claim holds, compared with the claim’s requirement', () => {
    const good = [...rows('qpcr_fold:NFE2L2', 'k562', [1, 1.1, 0.9]), ...rows('qpcr_fold:NFE2L2', 'k562-g01', [2.4, 2.6, 2.5])];
    const bad = [...rows('qpcr_fold:NFE2L2', 'k562', [1, 1.1, 0.9]), ...rows('qpcr_fold:NFE2L2', 'k562-g01', [1, 1.2, 0.8])];
    const r19 = robustness(nrf2Greater, [...Array<Measurement[]>(19).fill(good), bad]);
    expect(r19.fraction).toBe(0.95);
    expect(r19.holds).toBe(true);
    const r18 = robustness(nrf2Greater, [...Array<Measurement[]>(18).fill(good), bad, bad]);
    expect(r18.fraction).toBe(0.9);
    expect(r18.holds).toBe(false);
    expect(() => robustness(nrf2Greater, [])).toThrow(RangeError);
  });
});
