import { describe, expect, it } from 'vitest';
import { makeRng } from '../../src/core/rng.js';
import type { Factor } from '../../src/analysis/sensitivity/factors.js';
import { morrisDesign, morrisIndices } from '../../src/analysis/sensitivity/morris.js';
import { saltelliDesign, sobolIndices } from '../../src/analysis/sensitivity/sobol.js';

describe('Sobol indices (Saltelli 2010 / Jansen) on the Ishigami function', () => {
  // f = sin x1 + a sin² x2 + b x3⁴ sin x1 on [−π, π]³ (Ishigami & Homma 1990); analytic variances:
  const a = 7;
  const b = 0.1;
  const pi4 = Math.PI ** 4;
  const V1 = 0.5 * (1 + (b * pi4) / 5) ** 2;
  const V2 = (a * a) / 8;
  const V13 = (8 * b * b * pi4 * pi4) / 225;
  const V = V1 + V2 + V13;
  const S1 = [V1 / V, V2 / V, 0];
  const ST = [(V1 + V13) / V, V2 / V, V13 / V];
  const factors: Factor[] = ['x1', 'x2', 'x3'].map((name) => ({ name, lower: -Math.PI, upper: Math.PI, scale: 'linear' }));
  const N = 8192;
  const design = saltelliDesign(factors, N, makeRng('ishigami'));
  const y = design.points.map((p) => Math.sin(p.x1!) + a * Math.sin(p.x2!) ** 2 + b * p.x3! ** 4 * Math.sin(p.x1!));
  const res = sobolIndices(design, y, makeRng('boot'), 300);

  it('the analytic values are the textbook ones', () => {
    expect(S1[0]).toBeCloseTo(0.3139, 4);
    expect(S1[1]).toBeCloseTo(0.4424, 4);
    expect(ST[0]).toBeCloseTo(0.5576, 4);
    expect(ST[2]).toBeCloseTo(0.2437, 4);
  });
  it(`estimates agree within 4 bootstrap SE (N = ${N}, plain MC: SE ∝ 1/√N)`, () => {
    expect(design.points.length).toBe(N * 5);
    res.indices.forEach((ix, i) => {
      // the tolerance follows from N: the bootstrap SE of each estimator, itself checked to be small
      expect(ix.s1Se).toBeLessThan(0.03);
      expect(ix.stSe).toBeLessThan(0.03);
      expect(Math.abs(ix.s1 - S1[i]!), `S1 ${ix.name}`).toBeLessThan(4 * ix.s1Se);
      expect(Math.abs(ix.st - ST[i]!), `ST ${ix.name}`).toBeLessThan(4 * ix.stSe);
      expect(ix.s1Ci95[0]).toBeLessThan(ix.s1);
      expect(ix.s1Ci95[1]).toBeGreaterThan(ix.s1);
    });
  });
  it('ranks x1 > x2 > x3 by total order, and finds x3 acts only through its interaction', () => {
    const st = res.indices.map((i) => i.st);
    expect(st[0]).toBeGreaterThan(st[1]!);
    expect(st[1]).toBeGreaterThan(st[2]!);
    expect(Math.abs(res.indices[2]!.s1)).toBeLessThan(0.05);
    expect(res.indices[2]!.st).toBeGreaterThan(0.15);
  });
  it('same seed, same design and indices', () => {
    const d2 = saltelliDesign(factors, 16, makeRng('s'));
    const d3 = saltelliDesign(factors, 16, makeRng('s'));
    expect(d2.points).toEqual(d3.points);
  });
});

describe('Morris elementary effects', () => {
  const factors: Factor[] = [
    { name: 'p', lower: 0, upper: 2, scale: 'linear' },
    { name: 'q', lower: 10, upper: 20, scale: 'linear' },
    { name: 'r', lower: -1, upper: 1, scale: 'linear' },
    { name: 's', lower: 1, upper: 100, scale: 'log' },
  ];
  it('a linear function: μ* = |coefficient|·range exactly, σ = 0, ranked by μ*', () => {
    const coef = { p: 3, q: -0.5, r: 0.1, s: 0 };
    const d = morrisDesign(factors, 10, makeRng('m'));
    expect(d.points.length).toBe(10 * 5);
    const y = d.points.map((x) => coef.p * x.p! + coef.q * x.q! + coef.r * x.r! + coef.s * x.s!);
    const ix = morrisIndices(d, y, makeRng('b'), 200);
    const want = { p: 6, q: 5, r: 0.2, s: 0 };
    for (const m of ix) {
      expect(m.muStar).toBeCloseTo(want[m.name as keyof typeof want], 10);
      expect(m.sigma).toBeCloseTo(0, 10);
      expect(m.effects).toBe(10);
    }
    expect(ix.find((m) => m.name === 'q')!.mu).toBeCloseTo(-5, 10);
  });
  it('each trajectory moves every factor exactly once by ±Δ on the p-level grid', () => {
    const d = morrisDesign(factors, 5, makeRng('g'), 6);
    expect(d.delta).toBeCloseTo(0.6, 12);
    for (let t = 0; t < 5; t++) {
      const moved = new Set<number>();
      for (let s = 0; s < 4; s++) {
        const a = d.unit[t * 5 + s]!;
        const b = d.unit[t * 5 + s + 1]!;
        const diff = [...a].map((v, i) => b[i]! - v).map((v, i) => [i, v] as const).filter(([, v]) => v !== 0);
        expect(diff.length).toBe(1);
        expect(Math.abs(diff[0]![1])).toBeCloseTo(0.6, 12);
        moved.add(diff[0]![0]);
      }
      expect(moved.size).toBe(4);
      for (const u of d.unit.slice(t * 5, t * 5 + 5)) for (const v of u) expect(Math.abs(v * 5 - Math.round(v * 5))).toBeLessThan(1e-9);
    }
  });
  it('a non-linear factor has σ > 0 and a log-scaled factor is moved in log space', () => {
    const d = morrisDesign(factors, 20, makeRng('n'));
    // y = log10(s): linear in the unit coordinate of a log factor → EE = log10(100/1) = 2, σ = 0;
    // y = p² → σ > 0
    const ix = morrisIndices(d, d.points.map((x) => Math.log10(x.s!) + x.p! ** 2), makeRng('b'), 200);
    expect(ix.find((m) => m.name === 's')!.muStar).toBeCloseTo(2, 10);
    expect(ix.find((m) => m.name === 'p')!.sigma).toBeGreaterThan(0.1);
  });
});
