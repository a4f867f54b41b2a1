/**
 * Acceptance 5 (issue 3): the population engine's hybrid scheme against the exact SSA.
 *
 * Model: test/fixtures/models/hybrid-validation.yaml, a miniature of the core model's
 * Nrf2 → TrxR → H2O2 → Keap1 loop with every species class of the hybrid scheme (Poisson mRNAs,
 * Langevin proteins, a deterministic pool, a fast redox block at QSS feeding back on Nrf2) and copy
 * numbers small enough for exact SSA of a population in seconds (the core model needs ≈ 50 s of SSA
 * per cell-day; its comparison, 200 SSA cells against 10⁴ hybrid cells, is bench/hybrid-vs-ssa.ts:
 * KS p = 0.54).
 *
 * Both engines start every cell from the deterministic steady state and run 24 h without division,
 * death or extrinsic variability; the Nrf2 protein distributions at 24 h are compared with the
 * two-sample Kolmogorov–Smirnov test (n_SSA = 100 independent SSA cells, n_hybrid = 4000 cells,
 * fixed seeds). Not rejected at the 1 % level; and the same test rejects two deliberately wrong
 * variants — no intrinsic noise (a distribution far too narrow) and a 20 % knockdown of Nrf2
 * transcription (a shifted distribution) — so it can fail.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ks2Sample } from '../../src/analysis/stats/ks.js';
import { deriveSeed } from '../../src/core/rng.js';
import { moleculesPerUM } from '../../src/model/types.js';
import { modelFromText } from '../../src/solve/population/pool.js';
import type { PopulationOptions, WellJob } from '../../src/solve/population/types.js';
import { simulateWell } from '../../src/solve/population/well.js';
import { makeProblem } from '../../src/solve/problem.js';
import { solveSsaDirect } from '../../src/solve/ssa/direct.js';
import { steadyState } from '../../src/solve/steady-state.js';

const PATH = 'test/fixtures/models/hybrid-validation.yaml';
const TEXT = readFileSync(PATH, 'utf8');
const model = modelFromText(TEXT, PATH);
const omega = moleculesPerUM(model.cellVolumeL);
const nS = model.nSpecies;
const NRF2 = model.speciesIndex.get('Nrf2')!;
const u0 = steadyState(model, model.defaultParameters).state;
const N_SSA = 100;
const N_HYBRID = 4000;

function hybridNrf2(options: Partial<PopulationOptions>, parameters = model.defaultParameters): Float64Array {
  const job: WellJob = {
    label: 'hybrid',
    modelText: TEXT,
    modelSource: PATH,
    parameters: Float64Array.from(parameters),
    dosesUM: new Float64Array(model.drugs.length),
    schedule: [],
    cells: N_HYBRID,
    carryingCapacity: Infinity,
    variability: [],
    inheritance: 1,
    u0,
    reference: u0,
    seed: deriveSeed(1, 'hybrid-vs-ssa'),
    options: { hours: 24, saveEveryH: 24, burnInH: 0, fate: false, snapshotTimesH: [24], ...options },
  };
  const snap = simulateWell(model, job).snapshots[0]!;
  return Float64Array.from({ length: snap.cells }, (_, c) => snap.states[c * nS + NRF2]! * omega);
}

function summary(x: Float64Array): string {
  let m = 0;
  for (const v of x) m += v;
  m /= x.length;
  let v2 = 0;
  for (const v of x) v2 += (v - m) * (v - m);
  return `mean ${m.toFixed(1)}, sd ${Math.sqrt(v2 / (x.length - 1)).toFixed(1)} molecules (n = ${x.length})`;
}

describe('hybrid population scheme vs exact SSA: Nrf2 protein at 24 h (KS test)', () => {
  let ssa = new Float64Array(0);
  let hybrid = new Float64Array(0);
  beforeAll(() => {
    const prob = makeProblem({ model, u0, tspanH: [0, 24], saveTimesH: Float64Array.from([0, 24]) });
    ssa = Float64Array.from({ length: N_SSA }, (_, k) => {
      const sol = solveSsaDirect(prob, { method: 'ssa-direct', seed: deriveSeed(1, 'ssa', k) });
      expect(sol.retcode).toBe('Success');
      return Math.round(sol.states[1 * nS + NRF2]! * omega);
    });
    hybrid = hybridNrf2({});
  }, 300_000);

  it('the hybrid distribution is not rejected at the 1 % level', () => {
    const ks = ks2Sample(ssa, hybrid);
    console.log(`SSA ${summary(ssa)}; hybrid ${summary(hybrid)}; KS D = ${ks.statistic.toFixed(4)}, p = ${ks.pValue.toFixed(3)}`);
    expect(ks.pValue).toBeGreaterThan(0.01);
  });

  it('the test can fail: without intrinsic noise the hybrid is rejected', () => {
    const ks = ks2Sample(ssa, hybridNrf2({ intracellularNoise: false }));
    console.log(`no-noise variant: D = ${ks.statistic.toFixed(4)}, p = ${ks.pValue.toExponential(2)}`);
    expect(ks.pValue).toBeLessThan(1e-6);
  });

  it('the test can fail: a 20 % lower Nrf2 transcription rate is rejected', () => {
    const p = Float64Array.from(model.defaultParameters);
    p[model.parameterIndex.get('k_tx_nrf2')!]! *= 0.8;
    const ks = ks2Sample(ssa, hybridNrf2({}, p));
    console.log(`k_tx_nrf2 × 0.8 variant: D = ${ks.statistic.toFixed(4)}, p = ${ks.pValue.toExponential(2)}`);
    expect(ks.pValue).toBeLessThan(0.01);
  });
});
