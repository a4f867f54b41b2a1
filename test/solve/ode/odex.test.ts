import { describe, expect, it } from 'vitest';
import type { OdexReduced } from '../../../src/solve/algorithms.js';
import { solveOdexQss } from '../../../src/solve/ode/odex.js';
import { solveRosenbrock } from '../../../src/solve/ode/rosenbrock.js';
import { makeProblem } from '../../../src/solve/problem.js';
import { speciesSeries } from '../../../src/solve/solution.js';
import { handModel } from '../../support/hand-model.js';
import { chainModel, coupledModel, decayModel } from './models.js';

const odex = (rtol: number, atol: number, maxSteps = 1_000_000): OdexReduced => ({
  method: 'odex-qss',
  rtol,
  atol,
  maxSteps,
});

/** Largest relative difference over species and save times from index `from` on. */
function maxRelDiff(a: Float64Array, b: Float64Array, n: number, from: number): number {
  let worst = 0;
  for (let k = from * n; k < a.length; k++) worst = Math.max(worst, Math.abs(a[k]! - b[k]!) / Math.abs(b[k]!));
  return worst;
}

describe('odex (GBS extrapolation) with fast species at QSS', () => {
  it('integrates a non-stiff model without fast species in full (decay vs analytic)', () => {
    const prob = makeProblem({ model: decayModel(0.7, 2), tspanH: [0, 10], nSave: 37 });
    const sol = solveOdexQss(prob, odex(1e-10, 1e-14));
    expect(sol.retcode).toBe('Success');
    expect(sol.timesH.length).toBe(37);
    const y = speciesSeries(sol, 'Y');
    for (let i = 0; i < y.length; i++) {
      const want = 2 * Math.exp(-0.7 * sol.timesH[i]!);
      expect(Math.abs(y[i]! - want) / want).toBeLessThan(1e-6);
    }
    expect(sol.stats.steps).toBeGreaterThan(0);
    expect(sol.stats.rhsEvaluations).toBeGreaterThan(sol.stats.steps);
  });

  it('agrees with Rosenbrock on a non-stiff chain (independent cross-check)', () => {
    const prob = makeProblem({ model: chainModel(1.3, 0.4, 2), tspanH: [0, 8], nSave: 17 });
    const a = solveOdexQss(prob, odex(1e-10, 1e-14));
    const b = solveRosenbrock(prob, { method: 'rosenbrock23', rtol: 1e-10, atol: 1e-16, maxSteps: 1e6 });
    expect(a.retcode).toBe('Success');
    expect(maxRelDiff(a.states, b.states, 2, 1)).toBeLessThan(1e-6);
  });

  it('with a fast redox block at QSS matches Rosenbrock on the full stiff model (time-scale ratio 1e4)', () => {
    const run = (speed: number): { diff: number; sol: ReturnType<typeof solveOdexQss> } => {
      const prob = makeProblem({ model: coupledModel(speed), tspanH: [0, 24], nSave: 25 });
      const reduced = solveOdexQss(prob, odex(1e-8, 1e-14));
      const full = solveRosenbrock(prob, { method: 'rosenbrock23', rtol: 1e-8, atol: 1e-14, maxSteps: 1e6 });
      expect(reduced.retcode).toBe('Success');
      expect(full.retcode).toBe('Success');
      // t = 0 differs by construction: the full model starts off the fast manifold (H = O = 0)
      return { diff: maxRelDiff(reduced.states, full.states, 5, 1), sol: reduced };
    };
    const { diff, sol } = run(1);
    expect(diff).toBeLessThan(1e-3);
    // the slow species really moved, and the reported fast species are on the manifold from t = 0
    const N = speciesSeries(sol, 'N');
    const E = speciesSeries(sol, 'E');
    expect(N[24]! / N[0]!).toBeGreaterThan(1.5);
    expect(E[24]! / E[0]!).toBeGreaterThan(1.5);
    expect(speciesSeries(sol, 'H')[0]).toBeGreaterThan(0);
    expect(Math.abs(speciesSeries(sol, 'R')[0]! + speciesSeries(sol, 'O')[0]! - 10)).toBeLessThan(1e-12);
    // the QSS error shrinks with the time-scale ratio: at ratio 1e2 the reduction is visibly off
    expect(run(0.01).diff).toBeGreaterThan(10 * diff);
  });

  it("checks odex's outcome: too few steps → 'MaxSteps' naming the time reached", () => {
    const prob = makeProblem({ model: coupledModel(1), tspanH: [0, 24] });
    const sol = solveOdexQss(prob, odex(1e-8, 1e-14, 3));
    expect(sol.retcode).toBe('MaxSteps');
    expect(sol.message).toMatch(/maximum number of steps \(3\) reached at t = [0-9.e+-]+ h of 24 h/);
    expect(sol.timesH.length).toBeLessThan(101);
    expect(sol.states.length).toBe(sol.timesH.length * 5);
  });

  it("reports 'QssFailed' with the time when the fast block has no steady state", () => {
    // F is produced at a constant rate but consumed only while the slow S (decaying) exceeds 1
    const m = handModel({
      species: [
        { name: 'S', initialUM: 2, mode: 'continuous' },
        { name: 'F', initialUM: 0.5, mode: 'fast' },
      ],
      parameters: { k: 1e4 },
      reactions: [
        { id: 's_deg', reactants: { S: 1 }, rate: (y) => 0.5 * y[0]! },
        { id: 'f_src', products: { F: 1 }, rate: (_y, p) => p[0]! },
        {
          id: 'f_deg',
          reactants: { F: 1 },
          rate: (y, p) => p[0]! * Math.max(0, y[0]! - 1) * y[1]!,
          dependsOn: ['S', 'F'],
        },
      ],
    });
    const prob = makeProblem({ model: m, tspanH: [0, 5] });
    const sol = solveOdexQss(prob, odex(1e-8, 1e-12));
    expect(sol.retcode).toBe('QssFailed');
    // S = 2·e^(−t/2) reaches 1 at t = 2 ln 2 ≈ 1.386 h
    const t = Number(/t = ([0-9.e+-]+) h/.exec(sol.message)![1]);
    expect(Math.abs(t - 2 * Math.LN2)).toBeLessThan(1e-3);
    expect(sol.message).toContain('(F)');
    expect(sol.timesH[sol.timesH.length - 1]!).toBeLessThanOrEqual(t);
  });
});
