import { describe, expect, it } from 'vitest';
import { loadModel, loadScenario } from '../../src/io/load.js';
import { steadyState } from '../../src/solve/steady-state.js';

const model = loadModel('models/nrf2-trxr-ros.yaml');
const ss = (line: string): Record<string, number> => {
  const sc = loadScenario(`scenarios/cell-lines/${line}.yaml`, model);
  const st = steadyState(model, sc.parameters).state;
  return Object.fromEntries(model.species.map((s, i) => [s.name, st[i]!]));
};

describe('steady states of the four cell lines without drug (issue 2, acceptance 4)', () => {
  const k562 = ss('k562');
  const g01 = ss('k562-g01');
  const shnc = ss('g01-shnc');
  const shnrf2 = ss('g01-shnrf2');
  it('K562/G01 has more Nrf2 mRNA, Nrf2 protein and TrxR than K562', () => {
    for (const s of ['Nrf2_mRNA', 'Nrf2', 'TrxR_mRNA', 'TrxR']) expect(g01[s]!, s).toBeGreaterThan(k562[s]! * 1.2);
  });
  it('shNrf2 has less Nrf2 mRNA, Nrf2 protein and TrxR than shNC, and more ROS', () => {
    for (const s of ['Nrf2_mRNA', 'Nrf2', 'TrxR_mRNA', 'TrxR']) expect(shnrf2[s]!, s).toBeLessThan(shnc[s]! * 0.85);
    expect(shnrf2['H2O2']!).toBeGreaterThan(shnc['H2O2']! * 1.05);
  });
});
