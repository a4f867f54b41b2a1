import { describe, expect, it } from 'vitest';
import { loadModel, loadScenario } from '../../src/io/load.js';
import { problemFromScenario } from '../../src/scenario/to-problem.js';
import { remake } from '../../src/solve/problem.js';
import { solveRosenbrock } from '../../src/solve/ode/rosenbrock.js';

describe('total thioredoxin is conserved in ODE runs of the core model (issue 2, acceptance 2)', () => {
  const model = loadModel('models/nrf2-trxr-ros.yaml');
  const tr = model.speciesIndex.get('Trx_red')!;
  const to = model.speciesIndex.get('Trx_ox')!;
  const n = model.nSpecies;

  it.each([
    ['k562-g01', [0, 0, 0, 0]],
    ['g01-shnrf2', [2, 0, 0, 0]],
    ['g01-shnrf2', [2, 1, 0, 0]], // imatinib + auranofin: Trx strongly oxidised
  ] as const)('%s with doses %j for 72 h', (line, doses) => {
    const sc = loadScenario(`scenarios/cell-lines/${line}.yaml`, model);
    const prob = remake(problemFromScenario(sc, { hours: 72 }), { dosesUM: Float64Array.from(doses) });
    const sol = solveRosenbrock(prob, { method: 'rosenbrock23', rtol: 1e-6, atol: 1e-10, maxSteps: 1e5 });
    expect(sol.retcode).toBe('Success');
    const total0 = sol.states[tr]! + sol.states[to]!;
    let worst = 0;
    let minRed = Infinity;
    for (let k = 0; k < sol.timesH.length; k++) {
      const total = sol.states[k * n + tr]! + sol.states[k * n + to]!;
      worst = Math.max(worst, Math.abs(total - total0) / total0);
      minRed = Math.min(minRed, sol.states[k * n + tr]!);
    }
    expect(worst).toBeLessThan(1e-9);
    expect(total0).toBeCloseTo(20, 6);
    expect(minRed).toBeGreaterThanOrEqual(0);
  });
});
