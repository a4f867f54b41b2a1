/**
 * Throughput of the single-cell engines on the core model (k562-g01, 72 h): ODE solves/s for the
 * stiff Rosenbrock and odex-QSS, SSA reactions/s and tau-leap throughput. Timings live here, never
 * in tests.
 */
import { loadModel, loadScenario } from '../src/io/load.js';
import { problemFromScenario } from '../src/scenario/to-problem.js';
import { remake } from '../src/solve/problem.js';
import { solve } from '../src/solve/solve.js';
import type { Algorithm } from '../src/solve/algorithms.js';

function time<T>(f: () => T): { value: T; seconds: number } {
  const t0 = process.hrtime.bigint();
  const value = f();
  return { value, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
}

export function benchEngines(log: (line: string) => void = console.log): void {
  const model = loadModel('models/nrf2-trxr-ros.yaml');
  const sc = loadScenario('scenarios/cell-lines/k562-g01.yaml', model);
  const base = problemFromScenario(sc, { hours: 72 });
  const drugged = remake(base, { dosesUM: Float64Array.from([1, 0, 0, 0]) });
  log('engines on the core model (k562-g01, 72 h, 1 µM imatinib)');

  for (const [label, alg, reps] of [
    ['ode  rosenbrock23 rtol 1e-6', { method: 'rosenbrock23', rtol: 1e-6, atol: 1e-10, maxSteps: 1e5 }, 200],
    ['ode  rosenbrock23 rtol 1e-4', { method: 'rosenbrock23', rtol: 1e-4, atol: 1e-10, maxSteps: 1e5 }, 400],
    ['odex odex-qss     rtol 1e-6', { method: 'odex-qss', rtol: 1e-6, atol: 1e-10, maxSteps: 1e6 }, 40],
  ] as const) {
    solve(drugged, alg as Algorithm); // warm-up
    const { value: steps, seconds } = time(() => {
      let s = 0;
      for (let i = 0; i < reps; i++) s += solve(drugged, alg as Algorithm).stats.steps;
      return s;
    });
    log(`  ${label}: ${(reps / seconds).toFixed(1)} solves/s (${(steps / reps).toFixed(0)} steps per 72 h solve)`);
  }
  for (const [label, alg] of [
    ['ssa  ssa-direct', { method: 'ssa-direct', seed: 1 }],
    ['tau  tau-leap ε=0.03', { method: 'tau-leap', seed: 1, epsilon: 0.03 }],
  ] as const) {
    const { value: sol, seconds } = time(() => solve(drugged, alg as Algorithm));
    const { events, leaps } = sol.stats;
    log(
      `  ${label}: ${(events / seconds / 1e6).toFixed(2)} M exact reaction events/s, ${(leaps / seconds / 1e3).toFixed(1)} k leaps/s, ` +
        `${(1 / seconds).toFixed(2)} solves/s (${events} events, ${leaps} leaps per 72 h cell, retcode ${sol.retcode})`,
    );
  }
}
