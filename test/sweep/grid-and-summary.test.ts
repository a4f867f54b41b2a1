import { readFileSync } from 'node:fs';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { formatDuration, progressLine } from '../../src/cli/progress.js';
import { InputError } from '../../src/core/errors.js';
import { gridPoints, parseAxes, parseAxis } from '../../src/sweep/grid.js';
import { parseMeasures } from '../../src/sweep/measures.js';
import { sweepSvg } from '../../src/sweep/plot-svg.js';
import type { PointRecord } from '../../src/sweep/point.js';
import { sweepResult, sweepTable } from '../../src/sweep/result.js';
import { meanCi95 } from '../../src/sweep/summary.js';
import { firstCrossingBelow } from '../../src/sweep/target.js';

describe('grid axes', () => {
  it('linear spacing hits both ends exactly', () => {
    const a = parseAxis('knockdown=0:0.95:20');
    expect(a.values).toHaveLength(20);
    expect(a.values[0]).toBe(0);
    expect(a.values[19]).toBe(0.95);
    expect(a.values[1]).toBeCloseTo(0.05, 15);
    expect(parseAxis('x=2:2:1').values).toEqual([2]);
  });
  it('log spacing is geometric', () => {
    const a = parseAxis('k_tx_nrf2=0.1:10:5:log');
    expect(a.spacing).toBe('log');
    const expected = [0.1, 10 ** -0.5, 1, 10 ** 0.5, 10];
    a.values.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 13));
  });
  it('explicit lists', () => {
    expect(parseAxis('knockdown=0,0.5,0.9').values).toEqual([0, 0.5, 0.9]);
  });
  it('bad axes are InputErrors naming --param', () => {
    for (const bad of ['knockdown', '=0:1:3', 'k=0:1', 'k=0:1:0', 'k=0:1:2.5', 'k=0:1:3:cubic', 'k=0:1:3:log', 'k=a:1:3', 'k=1:1:3', 'k=0:1:1', 'k=1,1', 'k=NaN:1:2']) {
      expect(() => parseAxis(bad), bad).toThrow(InputError);
      try {
        parseAxis(bad);
      } catch (e) {
        expect((e as InputError).file).toBe('--param');
      }
    }
    expect(() => parseAxes(['k=0:1:2', 'k=0:1:3'])).toThrow(/given twice/);
    expect(() => parseAxes([])).toThrow(InputError);
  });
  it('the grid is the cartesian product, last axis fastest', () => {
    const pts = gridPoints(parseAxes(['a=1,2', 'b=10,20,30']));
    expect(pts.map((p) => [p.index, p.params['a'], p.params['b']])).toEqual([
      [0, 1, 10], [1, 1, 20], [2, 1, 30], [3, 2, 10], [4, 2, 20], [5, 2, 30],
    ]);
  });
  it('measures parse from comma lists and refuse unknown or repeated names', () => {
    expect(parseMeasures(['ic50,ros_fold', 'apoptosis_pct']).map((m) => m.name)).toEqual(['ic50', 'ros_fold', 'apoptosis_pct']);
    expect(() => parseMeasures(['ic50,viability'])).toThrow(/--measure: viability: unknown measure/);
    expect(() => parseMeasures(['ic50,ic50'])).toThrow(/named twice/);
  });
});

describe('mean and t-based 95% CI', () => {
  const oracle = JSON.parse(readFileSync('test/sweep/fixtures/ci-oracle.json', 'utf8')) as { values: number[]; mean: number; ci95: [number, number] }[];
  it.each(oracle.map((c, i) => [i, c] as const))('matches SciPy stats.t.interval (case %i)', (_i, c) => {
    const s = meanCi95(c.values);
    expect(s.n).toBe(c.values.length);
    expect(s.mean).toBeCloseTo(c.mean, 12);
    expect(s.ci95[0]).toBeCloseTo(c.ci95[0], 9);
    expect(s.ci95[1]).toBeCloseTo(c.ci95[1], 9);
  });
  it('leaves out non-finite values (failed fits) and gives NaN bounds below n = 2', () => {
    expect(meanCi95([1, null, NaN, 3]).n).toBe(2);
    const one = meanCi95([4]);
    expect(one.mean).toBe(4);
    expect(one.ci95.every(Number.isNaN)).toBe(true);
    expect(meanCi95([]).n).toBe(0);
  });
});

describe('knockdown target', () => {
  it('interpolates linearly at the first crossing', () => {
    // Between (0.5, 3) and (0.75, 1): level 2 is half-way → 0.625.
    expect(firstCrossingBelow([0, 0.25, 0.5, 0.75, 1], [5, 4, 3, 1, 0.5], 2)).toEqual({ status: 'reached', x: 0.625 });
    expect(firstCrossingBelow([0, 1], [1, 0.5], 2)).toEqual({ status: 'already', x: 0 });
    expect(firstCrossingBelow([0, 1], [5, 4], 2)).toEqual({ status: 'not-reached', x: null });
    expect(firstCrossingBelow([0, 0.5, 1], [5, NaN, 1], 3)).toEqual({ status: 'reached', x: 0.5 });
  });
});

describe('sweep result, table and plot', () => {
  const axes = parseAxes(['knockdown=0:0.9:4']);
  const values = [[4, 4.2, 3.8], [3, 3.1, 2.9], [2, 2.2, 1.8], [1, 1.1, 0.9]];
  const records: PointRecord[] = [
    ...values.map((v, i) => ({ index: i, params: { knockdown: axes[0]!.values[i]! }, values: { ic50: v } })),
    { index: 4, params: {}, values: { ic50: [1.5, 1.5, 1.5] } },
  ];
  const r = sweepResult({ axes, measures: ['ic50'], sweptLine: 'g01', referenceLine: 'k562' }, records);
  it('summarises each point and finds the target on the mean curve', () => {
    expect(r.points).toHaveLength(4);
    expect((r.points[1]!['ic50'] as { mean: number }).mean).toBeCloseTo(3, 12);
    expect(r.reference?.values['ic50']?.mean).toBe(1.5);
    // Mean curve 4, 3, 2, 1 at knockdown 0, 0.3, 0.6, 0.9: 1.5 is half-way between 0.6 and 0.9.
    expect(r.target?.status).toBe('reached');
    expect(r.target?.value).toBeCloseTo(0.75, 12);
    expect(r.target?.ciBand[0]).toBeLessThan(0.75);
    expect(r.target?.ciBand[1]).toBeGreaterThan(0.75);
  });
  it('tabulates one row per point', () => {
    const t = sweepTable(r);
    expect(t.columns).toEqual(['knockdown', 'ic50_mean', 'ic50_ci_lo', 'ic50_ci_hi', 'ic50_n']);
    expect(t.rows).toHaveLength(4);
    expect(t.rows[0]![4]).toBe(3);
  });
  it('draws a well-formed SVG with a CI band, the reference and the target', () => {
    const svg = sweepSvg(r);
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).toContain('<polygon');
    expect(svg).toContain('k562: 1.5');
    expect(svg).toContain('knockdown ≈ 0.75');
    const two = sweepResult({ axes: parseAxes(['a=0.1:10:3:log', 'b=1,2']), measures: ['ic50', 'ros_fold'], sweptLine: 'x' }, gridPoints(parseAxes(['a=0.1:10:3:log', 'b=1,2'])).map((p) => ({ ...p, values: { ic50: [1, 2], ros_fold: [3, 4] } })));
    expect(XMLValidator.validate(sweepSvg(two))).toBe(true);
    expect(two.target).toBeNull();
  });
});

describe('progress line', () => {
  it('shows counts, percent and an ETA from the points finished this session', () => {
    // 2 of 10 done after 20 s, none resumed → 10 s/point, 8 left → 80 s.
    expect(progressLine('sweep', 2, 10, 20, 0)).toContain('2/10  20% 20s elapsed, ETA 1m20s');
    // 4 resumed at start, 2 fresh in 20 s → 10 s/point, 4 left → 40 s.
    expect(progressLine('sweep', 6, 10, 20, 4)).toContain('ETA 40s');
    expect(progressLine('sweep', 10, 10, 5, 0)).toContain('done');
    expect(formatDuration(7322)).toBe('2h02m');
  });
});
