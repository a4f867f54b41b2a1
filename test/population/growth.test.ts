/**
 * Acceptance 1 (issue 3): without drug, a 10⁴-cell K562 population grows with the literature doubling
 * time (Q1: 30 h) within 5 %, and a well approaches its carrying capacity.
 */
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/io/load.js';
import { wellJobs } from '../../src/scenario/population-jobs.js';
import { runWells } from '../../src/solve/population/pool.js';

const Q1_DOUBLING_H = 30;

/** Least-squares slope of ln(y) on t. */
function logSlope(t: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = t.length;
  let st = 0;
  let sy = 0;
  for (let k = 0; k < n; k++) {
    st += t[k]!;
    sy += Math.log(y[k]!);
  }
  const mt = st / n;
  const my = sy / n;
  let num = 0;
  let den = 0;
  for (let k = 0; k < n; k++) {
    num += (t[k]! - mt) * (Math.log(y[k]!) - my);
    den += (t[k]! - mt) ** 2;
  }
  return num / den;
}

describe('growth of untreated K562 populations', () => {
  const sc = loadScenario('scenarios/cell-lines/k562.yaml');

  it('10⁴ cells double every 30 h ± 5 % (Q1), counting viable cells', async () => {
    const [r] = await runWells(wellJobs(sc, { seed: 1, cells: 10_000, hours: 72, options: { saveEveryH: 6 } }));
    const v = r!.counts.viable;
    const td = Math.LN2 / logSlope(r!.timesH, v);
    console.log(`viable ${v[0]} → ${v[v.length - 1]} in 72 h: doubling time ${td.toFixed(2)} h (Q1 ${Q1_DOUBLING_H} h)`);
    expect(v[0]).toBe(10_000);
    expect(Math.abs(td / Q1_DOUBLING_H - 1)).toBeLessThan(0.05);
  });

  it('a well approaches its carrying capacity and stays below it', async () => {
    const K = 4000;
    const [r] = await runWells(wellJobs(sc, { seed: 2, cells: 1000, carryingCapacity: K, hours: 168, options: { saveEveryH: 12 } }));
    const v = r!.counts.viable;
    const n = v.length;
    const early = logSlope(r!.timesH.subarray(0, 3), v.subarray(0, 3));
    const late = logSlope(r!.timesH.subarray(n - 3), v.subarray(n - 3));
    console.log(`viable ${Array.from(v).join(' ')}; growth rate ${early.toFixed(4)}/h early, ${late.toFixed(4)}/h late`);
    expect(v[n - 1]!).toBeGreaterThan(0.9 * K);
    expect(Math.max(...v)).toBeLessThanOrEqual(K);
    expect(late).toBeLessThan(0.1 * early);
  });
});
