/**
 * Reports of sweep, combo and sensitivity runs, from documents made by the commands' own functions
 * (sweepResult, comboSynergy + comboJson, morrisIndices) on inputs with known answers: the report
 * must draw what the document says, escape every name, and load nothing from the network.
 */
import { describe, expect, it } from 'vitest';
import { morrisDesign, morrisIndices } from '../../src/analysis/sensitivity/morris.js';
import { comboJson } from '../../src/cli/commands/combo.js';
import { makeRng } from '../../src/core/rng.js';
import { parseAxes } from '../../src/sweep/grid.js';
import { comboSynergy } from '../../src/sweep/combo-analysis.js';
import { sweepResult } from '../../src/sweep/result.js';
import { comboReportHtml, sensitivityReportHtml, sweepReportHtml } from '../../src/report/whatif-reports.js';
import { scanHtml } from './parse-html.js';

const STUB = 'window.Plotly = { newPlot: function () {} };';
const EVIL = '<script>alert(1)</script>';
const doc = (x: unknown): unknown => JSON.parse(JSON.stringify(x));

type Fig = { data: Record<string, unknown>[]; layout: Record<string, unknown> };
function figures(html: string): Record<string, Fig> {
  return JSON.parse(scanHtml(html).scripts.find((s) => s.openTag.includes('nrf2sim-figures'))!.body);
}

function checkSafe(html: string): void {
  const scan = scanHtml(html);
  expect(scan.scripts).toHaveLength(4);
  expect(scan.outside).not.toContain(EVIL);
  expect(html.replace(STUB, '')).not.toMatch(/https?:\/\//);
  for (const t of scan.tags) for (const a of t.attrs) expect(a.name).not.toMatch(/^on|^href$|^src$/);
}

describe('sweep report', () => {
  // Three replicate IC50s per knockdown level, falling with knockdown; the reference line at 1 µM.
  const axes = parseAxes(['knockdown=0:0.9:4']);
  const ic50 = [[4, 4.4, 3.6], [3, 3.3, 2.7], [1.5, 1.6, 1.4], [0.6, 0.7, 0.5]];
  const records = [
    ...ic50.map((v, i) => ({ index: i, params: { knockdown: axes[0]!.values[i]! }, values: { ic50: v } })),
    { index: 4, params: {}, values: { ic50: [1, 1.1, 0.9] } },
  ];
  const result = sweepResult({ axes, measures: ['ic50'], sweptLine: EVIL, referenceLine: 'k562' }, records);

  it('draws mean, 95 % CI band, the reference level and the knockdown target from the document', () => {
    const html = sweepReportHtml(doc({ ...result, run: { seed: 1 } }), { plotlyJs: STUB });
    checkSafe(html);
    const f = figures(html)['sweep-0']!;
    const [hi, lo, mean] = f.data as { y: number[] }[];
    expect(mean!.y).toEqual(result.points.map((p) => (p['ic50'] as { mean: number }).mean));
    expect(lo!.y).toEqual(result.points.map((p) => (p['ic50'] as { ci95: number[] }).ci95[0]));
    expect(hi!.y).toEqual(result.points.map((p) => (p['ic50'] as { ci95: number[] }).ci95[1]));
    const shapes = f.layout['shapes'] as { x0: number; y0: number; yref?: string }[];
    expect(shapes[0]!.y0).toBeCloseTo(1, 12);
    expect(result.target!.status).toBe('reached');
    expect(shapes.find((s) => s.yref === 'paper')!.x0).toBe(result.target!.value);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('says so when the document has no points', () => {
    expect(sweepReportHtml({}, { plotlyJs: STUB })).toContain('No data for this figure');
  });
});

describe('combo report', () => {
  // Bliss-independent pair: V(a, b) = 100·f(a)·g(b), so the Bliss δ is 0 in every cell.
  const dosesA = [0, 0.25, 0.5, 1, 2];
  const dosesB = [0, 0.1, 0.2, 0.4, 0.8];
  const f = (d: number, ec: number, h: number): number => 1 / (1 + (d / ec) ** h);
  const matrix = dosesA.map((a) => dosesB.map((b) => 100 * f(a, 0.6, 1.2) * f(b, 0.3, 1.5)));
  const s = comboSynergy(dosesA, dosesB, [matrix, matrix, matrix]);
  const json = comboJson(s, { line: EVIL, drugA: 'imatinib', drugB: 'auranofin', units: { a: 'uM', b: 'uM' }, seed: 3, repeats: 1, replicates: 3 });

  it('draws viability and one δ heatmap per method, Bliss δ ≈ 0 for a Bliss-independent pair', () => {
    const html = comboReportHtml(doc(json), { plotlyJs: STUB });
    checkSafe(html);
    const figs = figures(html);
    expect(Object.keys(figs).sort()).toEqual(['combo-bliss', 'combo-hsa', 'combo-loewe', 'combo-viability', 'combo-zip']);
    expect((figs['combo-viability']!.data[0] as { z: number[][] }).z).toEqual(s.viability);
    const bliss = (figs['combo-bliss']!.data[0] as { z: (number | null)[][] }).z.flat().filter((v): v is number => v !== null);
    expect(bliss.length).toBeGreaterThan(0);
    for (const v of bliss) expect(Math.abs(v)).toBeLessThan(1e-6);
    // HSA is not zero for this pair (independent effects exceed the stronger single agent).
    const hsa = (figs['combo-hsa']!.data[0] as { z: (number | null)[][] }).z.flat().filter((v): v is number => v !== null);
    expect(Math.max(...hsa.map(Math.abs))).toBeGreaterThan(1);
    expect(html).toContain('<td>BLISS</td>');
  });
});

describe('sensitivity report', () => {
  // y = 3·x1 + 1·x2 + 0·x3 on [0, 1]³: Morris μ* = 3, 1, 0 exactly (linear model).
  const factors = ['x1', 'x2', EVIL].map((name) => ({ name, lower: 0, upper: 1, scale: 'linear' as const }));
  const design = morrisDesign(factors, 6, makeRng(5));
  const outputs = design.points.map((p) => 3 * p['x1']! + p['x2']!);
  const ranked = [...morrisIndices(design, outputs, makeRng(6), 200)].sort((a, b) => b.muStar - a.muStar);

  it('tornado and μ*–σ plot in rank order', () => {
    const html = sensitivityReportHtml(doc({ scenario: 'k562-g01', method: 'morris', output: 'ic50', indices: ranked, factors }), { plotlyJs: STUB });
    checkSafe(html);
    const figs = figures(html);
    const bar = figs['sens-tornado']!.data[0] as { x: number[]; y: string[] };
    // Largest at the top: plotly draws the last category on top.
    expect(bar.y[bar.y.length - 1]).toBe('x1');
    expect(bar.x[bar.x.length - 1]).toBeCloseTo(3, 10);
    expect(bar.x[bar.x.length - 2]).toBeCloseTo(1, 10);
    expect(bar.x[0]).toBeCloseTo(0, 10);
    expect(bar.y[0]).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(figs['sens-mu-sigma']).toBeDefined();
  });

  it('Sobol documents draw S1 and ST bars; unknown methods say so', () => {
    const sobol = [{ name: 'a', s1: 0.5, s1Ci95: [0.4, 0.6], st: 0.7, stCi95: [0.6, 0.8] }];
    const figs = figures(sensitivityReportHtml({ method: 'sobol', output: 'ic50', indices: sobol }, { plotlyJs: STUB }));
    expect(figs['sens-tornado']!.data.map((t) => (t as { x: number[] }).x[0])).toEqual([0.7, 0.5]);
    expect(sensitivityReportHtml({ method: 'other' }, { plotlyJs: STUB })).toContain('No data for this figure');
  });
});
