import { describe, expect, it } from 'vitest';
import type { Rosenbrock23 } from '../../../src/solve/algorithms.js';
import {
  integrateRosenbrock,
  makeRosenbrockWork,
  solveRosenbrock,
} from '../../../src/solve/ode/rosenbrock.js';
import { makeProblem } from '../../../src/solve/problem.js';
import { speciesSeries } from '../../../src/solve/solution.js';
import {
  blowUpModel,
  chainModel,
  decayModel,
  nonlinearCycleModel,
  robertsonModel,
} from './models.js';

const alg = (rtol: number, atol: number, maxSteps = 100_000): Rosenbrock23 => ({
  method: 'rosenbrock23',
  rtol,
  atol,
  maxSteps,
});

function maxRelErr(got: Float64Array, want: (i: number) => number): number {
  let worst = 0;
  for (let i = 0; i < got.length; i++) {
    const w = want(i);
    worst = Math.max(worst, Math.abs(got[i]! - w) / Math.abs(w));
  }
  return worst;
}

describe('ros23s (Shampine & Reichelt 1997)', () => {
  it('matches exponential decay at every save time (dense output) without stepping onto them', () => {
    const k = 2;
    const prob = makeProblem({ model: decayModel(k, 3), tspanH: [0, 5], nSave: 501 });
    // ros23s is second order: the global error is ≈ (number of steps)·rtol, 1.3e-5 at rtol 1e-8.
    const sol = solveRosenbrock(prob, alg(1e-10, 1e-16));
    expect(sol.retcode).toBe('Success');
    expect(sol.timesH.length).toBe(501);
    const err = maxRelErr(speciesSeries(sol, 'Y'), (i) => 3 * Math.exp(-k * sol.timesH[i]!));
    expect(err).toBeLessThan(1e-6);
    // steps are chosen by error control, not by the 501 save times
    const coarse = solveRosenbrock(prob, alg(1e-6, 1e-16));
    expect(coarse.stats.steps).toBeLessThan(501);
    expect(maxRelErr(speciesSeries(coarse, 'Y'), (i) => 3 * Math.exp(-k * sol.timesH[i]!))).toBeLessThan(1e-3);
    expect(sol.stats.jacobianEvaluations).toBe(sol.stats.steps);
  });

  it('matches the Bateman solution of A → B →', () => {
    const [k1, k2] = [1.3, 0.4];
    const prob = makeProblem({ model: chainModel(k1, k2, 2), tspanH: [0, 10], nSave: 41 });
    const sol = solveRosenbrock(prob, alg(1e-10, 1e-16));
    expect(sol.retcode).toBe('Success');
    const t = sol.timesH;
    const a = (i: number): number => 2 * Math.exp(-k1 * t[i]!);
    const b = (i: number): number => ((2 * k1) / (k2 - k1)) * (Math.exp(-k1 * t[i]!) - Math.exp(-k2 * t[i]!));
    expect(maxRelErr(speciesSeries(sol, 'A'), a)).toBeLessThan(1e-6);
    // B(0) = 0: compare from the first positive time on
    const B = speciesSeries(sol, 'B');
    expect(B[0]).toBe(0);
    expect(maxRelErr(B.subarray(1), (i) => b(i + 1))).toBeLessThan(1e-6);
  });

  it('solves Robertson to t = 40 (Hairer & Wanner reference) and conserves y1 + y2 + y3', () => {
    const prob = makeProblem({ model: robertsonModel(), tspanH: [0, 40], nSave: 81 });
    const t0 = performance.now();
    const sol = solveRosenbrock(prob, alg(1e-6, 1e-12));
    const ms = performance.now() - t0;
    expect(sol.retcode).toBe('Success');
    const end = sol.states.subarray(80 * 3);
    const ref = [0.7158270687, 9.185534764e-6, 0.2841637457];
    for (let i = 0; i < 3; i++) expect(Math.abs(end[i]! - ref[i]!) / ref[i]!).toBeLessThan(1e-4);
    for (let r = 0; r < 81; r++) {
      const s = sol.states[r * 3]! + sol.states[r * 3 + 1]! + sol.states[r * 3 + 2]!;
      expect(Math.abs(s - 1)).toBeLessThan(1e-9);
    }
    console.log(`Robertson rtol 1e-6, atol 1e-12: ${sol.stats.steps} steps, ${sol.stats.rejectedSteps} rejected, ${sol.stats.rhsEvaluations} f, ${ms.toFixed(1)} ms`);
  });

  it('conserves the total of a nonlinear cycle X ⇌ Y', () => {
    const prob = makeProblem({ model: nonlinearCycleModel(), tspanH: [0, 20], nSave: 201 });
    const sol = solveRosenbrock(prob, alg(1e-6, 1e-10));
    expect(sol.retcode).toBe('Success');
    const X = speciesSeries(sol, 'X');
    const Y = speciesSeries(sol, 'Y');
    for (let i = 0; i < X.length; i++) expect(Math.abs(X[i]! + Y[i]! - 3.5) / 3.5).toBeLessThan(1e-9);
    // it did move: to the equilibrium kf X²/(K+X) = kb Y²
    const x = X[X.length - 1]!;
    const y = Y[Y.length - 1]!;
    expect(Math.abs((5 * x * x) / (0.7 + x) - 2 * y * y)).toBeLessThan(1e-4);
    expect(Math.abs(x - 3)).toBeGreaterThan(0.1);
  });

  it('applies drug effects to the parameters it integrates with', () => {
    const base = decayModel(1);
    // one drug that halves k at 1 µM: k/(1 + D)
    const model = { ...base, drugs: [{ name: 'd', description: '', parameter: 0, unit: 'uM', unitFactor: 1, effects: [] }],
      applyDrugs: (b: Float64Array, d: Float64Array, out: Float64Array) => {
        out.set(b);
        out[0] = b[0]! / (1 + d[0]!);
      } } as unknown as typeof base;
    const prob = makeProblem({ model, tspanH: [0, 2], dosesUM: Float64Array.of(1), nSave: 3 });
    const sol = solveRosenbrock(prob, alg(1e-9, 1e-14));
    expect(Math.abs(sol.states[2]! - Math.exp(-1)) / Math.exp(-1)).toBeLessThan(1e-6);
  });

  it('integrateRosenbrock advances a state in place and can be resumed', () => {
    const m = chainModel(1.3, 0.4, 2);
    const p = m.defaultParameters;
    const work = makeRosenbrockWork(2);
    const opts = { rtol: 1e-10, atol: 1e-16, maxSteps: 100_000 };
    const y = Float64Array.of(2, 0);
    const r1 = integrateRosenbrock(m, y, p, 0, 3, opts, work);
    expect(r1.retcode).toBe('Success');
    expect(r1.t).toBe(3);
    expect(r1.hNext).toBeGreaterThan(0);
    const r2 = integrateRosenbrock(m, y, p, 3, 6, { ...opts, h0: r1.hNext }, work);
    expect(r2.retcode).toBe('Success');
    expect(r2.rhsEvaluations).toBe(1 + 2 * (r2.steps + r2.rejectedSteps));
    const a = 2 * Math.exp(-1.3 * 6);
    expect(Math.abs(y[0]! - a) / a).toBeLessThan(1e-6);
  });

  it("returns 'MaxSteps' with the time reached when maxSteps is too small", () => {
    const prob = makeProblem({ model: robertsonModel(), tspanH: [0, 40] });
    const sol = solveRosenbrock(prob, alg(1e-7, 1e-13, 20));
    expect(sol.retcode).toBe('MaxSteps');
    expect(sol.message).toMatch(/at t = [0-9.e+-]+ h/);
    expect(sol.stats.steps + sol.stats.rejectedSteps).toBe(20);
    // the save times reached are kept, the rest dropped
    expect(sol.timesH.length).toBeLessThan(101);
    expect(sol.states.length).toBe(sol.timesH.length * 3);
  });

  it('fails on a blow-up (y′ = y², t → 2) and names the species and time', () => {
    const prob = makeProblem({ model: blowUpModel(), tspanH: [0, 2] });
    const sol = solveRosenbrock(prob, alg(1e-6, 1e-10));
    expect(sol.retcode).not.toBe('Success');
    expect(['StepTooSmall', 'Unstable']).toContain(sol.retcode);
    expect(sol.message).toContain('Runaway');
    const t = Number(/t = ([0-9.e+-]+) h/.exec(sol.message)![1]);
    expect(Math.abs(t - 1)).toBeLessThan(1e-3);
  });
});
