import { describe, expect, it } from 'vitest';
import { integrateRosenbrock, makeRosenbrockWork } from '../../../src/solve/ode/rosenbrock.js';
import { makeQssSolver } from '../../../src/solve/qss.js';
import { handModel } from '../../support/hand-model.js';
import { decayModel, fastCycleModel, fastRedoxModel } from './models.js';

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

describe('QSS of the fast species (damped Newton with fast-block conservation rows)', () => {
  it('is null without fast species', () => {
    expect(makeQssSolver(decayModel(1))).toBeNull();
  });

  it('finds the fast-block conservation law A + B of a fast cycle', () => {
    const qss = makeQssSolver(fastCycleModel())!;
    expect(Array.from(qss.fast)).toEqual([1, 2]);
    expect(qss.laws.length).toBe(1);
    expect(Array.from(qss.laws[0]!.coefficients)).toEqual([0, 1, 1]);
  });

  it('matches the analytic steady state of a fast reversible cycle, keeping A + B and S', () => {
    const m = fastCycleModel();
    const qss = makeQssSolver(m)!;
    const p = m.defaultParameters;
    const [kf, kb] = [p[0]!, p[1]!];
    for (const [S, A, B] of [
      [2, 1, 3],
      [0.01, 4, 0],
      [50, 0, 4],
      [1e-6, 2.5, 1.5],
    ] as const) {
      const y = Float64Array.of(S, A, B);
      expect(qss.solve(y, p)).toBe(true);
      const T = A + B;
      const a = (kb * T) / (kf * S + kb);
      expect(y[0]).toBe(S);
      expect(rel(y[1]!, a)).toBeLessThan(1e-10);
      expect(rel(y[2]!, T - a)).toBeLessThan(1e-10);
      expect(Math.abs(y[1]! + y[2]! - T)).toBeLessThan(1e-14 * T);
    }
  });

  it('handles two independent fast cycles (two laws) and an idle fast species', () => {
    const m = handModel({
      species: [
        { name: 'A', initialUM: 1, mode: 'fast' },
        { name: 'B', initialUM: 1, mode: 'fast' },
        { name: 'C', initialUM: 2, mode: 'fast' },
        { name: 'D', initialUM: 0, mode: 'fast' },
        { name: 'Z', initialUM: 0.3, mode: 'fast' },
      ],
      parameters: { k1: 1e4, k2: 3e4, k3: 2e4, k4: 5e3 },
      reactions: [
        { id: 'ab', reactants: { A: 1 }, products: { B: 1 }, rate: (y, p) => p[0]! * y[0]! },
        { id: 'ba', reactants: { B: 1 }, products: { A: 1 }, rate: (y, p) => p[1]! * y[1]! },
        { id: 'cd', reactants: { C: 1 }, products: { D: 1 }, rate: (y, p) => p[2]! * y[2]! },
        { id: 'dc', reactants: { D: 1 }, products: { C: 1 }, rate: (y, p) => p[3]! * y[3]! },
      ],
    });
    const qss = makeQssSolver(m)!;
    expect(qss.laws.length).toBe(3);
    const y = Float64Array.from(m.initialState);
    expect(qss.solve(y, m.defaultParameters)).toBe(true);
    expect(rel(y[0]!, (2 * 3e4) / 4e4)).toBeLessThan(1e-10);
    expect(rel(y[2]!, (2 * 5e3) / 2.5e4)).toBeLessThan(1e-10);
    expect(rel(y[3]!, (2 * 2e4) / 2.5e4)).toBeLessThan(1e-10);
    expect(y[4]).toBe(0.3);
  });

  it('matches a long Rosenbrock run to steady state on a nonlinear redox block, from any start', () => {
    const m = fastRedoxModel();
    const p = m.defaultParameters;
    // reference: integrate the full model (slow P, E have no reactions, so they stay fixed)
    const ref = Float64Array.from(m.initialState);
    const r = integrateRosenbrock(m, ref, p, 0, 5, { rtol: 1e-10, atol: 1e-16, maxSteps: 1e6 }, makeRosenbrockWork(5));
    expect(r.retcode).toBe('Success');
    const qss = makeQssSolver(m)!;
    expect(qss.laws.length).toBe(1); // R + O
    for (const [H, R, O] of [
      [0.01, 6, 4],
      [0, 0, 10],
      [100, 10, 0],
      [1e-9, 5, 5],
    ] as const) {
      const y = Float64Array.of(1.5, 0.8, H, R, O);
      expect(qss.solve(y, p)).toBe(true);
      for (let i = 2; i < 5; i++) expect(rel(y[i]!, ref[i]!)).toBeLessThan(1e-7);
      expect(Math.abs(y[3]! + y[4]! - 10)).toBeLessThan(1e-12);
      for (let i = 0; i < 5; i++) expect(y[i]!).toBeGreaterThanOrEqual(0);
      // the fast rates of change vanish relative to the turnover (kp·P = 3000 µM/h)
      const dydt = new Float64Array(5);
      m.rhs(y, p, dydt);
      for (let i = 2; i < 5; i++) expect(Math.abs(dydt[i]!)).toBeLessThan(1e-6);
    }
    expect(qss.stats.failures).toBe(0);
    expect(qss.stats.iterations).toBeLessThan(4 * 50);
  });

  it('warm-starts: re-solving at the solution takes no Newton iteration', () => {
    const m = fastRedoxModel();
    const qss = makeQssSolver(m)!;
    const y = Float64Array.from(m.initialState);
    expect(qss.solve(y, m.defaultParameters)).toBe(true);
    const before = qss.stats.iterations;
    expect(qss.solve(y, m.defaultParameters)).toBe(true);
    expect(qss.stats.iterations).toBe(before);
  });

  it('returns false and restores y when the fast block has no steady state', () => {
    const m = handModel({
      species: [
        { name: 'S', initialUM: 1, mode: 'continuous' },
        { name: 'F', initialUM: 0.5, mode: 'fast' },
      ],
      parameters: { k: 1e4 },
      reactions: [{ id: 'src', products: { F: 1 }, rate: (y, p) => p[0]! * y[0]!, dependsOn: ['S'] }],
    });
    const qss = makeQssSolver(m)!;
    const y = Float64Array.of(1, 0.5);
    expect(qss.solve(y, m.defaultParameters)).toBe(false);
    expect(Array.from(y)).toEqual([1, 0.5]);
    expect(qss.stats.failures).toBe(1);
  });
});
