import { describe, expect, it } from 'vitest';
import { loadExperiment } from '../../src/io/load-experiment.js';
import { loadScenario } from '../../src/io/load.js';
import { MEASURES } from '../../src/sweep/measures.js';
import { chooseFactors, pointOutput, reducedSpec, sensitivityEvaluator } from '../../src/sweep/sensitivity-plan.js';
import { runCli, runCliAsync } from '../cli/run-cli.js';

const G01 = 'scenarios/cell-lines/k562-g01.yaml';

describe('sensitivity plan', () => {
  const sc = loadScenario(G01);
  it("takes the model file's ranges, carried along with the line's own scaling", () => {
    const f = chooseFactors(sc, ['k_tx_nrf2', 'k_prx', 'knockdown'], undefined);
    // model: k_tx_nrf2 6.9 in [2, 20]; K562/G01 scales it 2.5× → [5, 50]
    expect(f[0]).toMatchObject({ name: 'k_tx_nrf2', scale: 'log', rangeFrom: 'model, scaled with the line' });
    expect(f[0]!.value).toBeCloseTo(17.25, 10);
    expect(f[0]!.lower).toBeCloseTo(5, 10);
    expect(f[0]!.upper).toBeCloseTo(50, 10);
    expect(f[1]).toMatchObject({ name: 'k_prx', lower: 1000, upper: 10000, rangeFrom: 'model', unit: '1/s' });
    expect(f[2]).toMatchObject({ name: 'knockdown', lower: 0, upper: 0.95, scale: 'linear' });
  });
  it('--fold replaces the ranges; bad names and zero values are input errors', () => {
    expect(chooseFactors(sc, ['k_prx'], 2)[0]).toMatchObject({ lower: 2200, upper: 8800, rangeFrom: 'fold' });
    expect(() => chooseFactors(sc, ['nope'], undefined)).toThrow(/--params: nope: unknown parameter/);
    expect(() => chooseFactors(sc, ['knockdown'], 2)).toThrow(/positive value/);
    const folded = chooseFactors(sc, undefined, 1.5);
    expect(folded.some((f) => f.name === 'knockdown')).toBe(false); // 0 in K562/G01: skipped by default
    expect(folded.every((f) => f.rangeFrom === 'fold' && Math.abs(f.upper / f.lower - 2.25) < 1e-9)).toBe(true);
    expect(() => chooseFactors(sc, ['k_prx', 'k_prx'], undefined)).toThrow(/twice/);
  });
  it('defaults to every parameter with a declared range', () => {
    const all = chooseFactors(sc, undefined, undefined);
    expect(all.length).toBe(sc.model.parameters.filter((p) => !p.isDrug && p.range).length);
    expect(all.length).toBeGreaterThan(10);
  });
  it('reduces the IC50 assay to the line, R replicates and n doses including 0', () => {
    const { spec } = loadExperiment('scenarios/experiments/imatinib-dose-response.yaml');
    const r = reducedSpec(spec, 'k562-g01', 2, 6);
    expect(r.lines).toEqual([{ name: 'k562-g01', file: 'k562-g01.yaml' }]);
    if (r.assay !== 'cck8-dose-response') throw new Error('assay');
    expect(r.cck8.replicates).toBe(2);
    expect(r.cck8.referenceLine).toBeUndefined();
    expect(r.treatment.doses).toEqual([0, 0.0625, 0.25, 1, 4, 16]);
  });
  it('a parameter set the line cannot live with is a NaN point with its reason, not a crash', async () => {
    const { spec } = loadExperiment('scenarios/experiments/imatinib-dose-response.yaml');
    const ev = sensitivityEvaluator({ line: sc, lineName: 'k562-g01', spec: reducedSpec(spec, 'k562-g01', 1, 5), measure: MEASURES.ic50, seed: 1, cellsPerSample: 20, workers: 1 });
    // 1000× the basal caspase activation: every cell dies during burn-in, before any drug
    const v = await ev({ index: 0, params: { k_casp_basal: 1 } });
    expect(v.output).toBeNaN();
    expect(v.error).toMatch(/every cell is past a fate threshold/);
  }, 60_000);
  it('IC50 outputs are averaged on log10', () => {
    expect(pointOutput('ic50', [1, 100])).toBeCloseTo(1, 12);
    expect(pointOutput('apoptosis_pct', [10, 20, NaN])).toBe(15);
    expect(pointOutput('ic50', [NaN])).toBeNaN();
  });
});

describe('nrf2sim sensitivity (tiny Morris run)', () => {
  it('rejects bad options with exit 2', () => {
    const r = runCli(['sensitivity', G01, '--params', 'k_prx,bogus']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--params: bogus: unknown parameter/);
    expect(runCli(['sensitivity', G01, '--levels', '3']).stderr).toMatch(/--levels: expected an even number/);
  });
  it('ranks two parameters by μ* from r(k+1) points', async () => {
    const r = await runCliAsync(['sensitivity', G01, '--params', 'IC50_imatinib_bcrabl,k_grx', '--samples', '2', '--doses', '5', '--replicates', '1', '--cells', '30', '--workers', '1', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.points).toBe(6);
    expect(j.method).toBe('morris');
    expect(j.indices.map((i: { name: string }) => i.name).sort()).toEqual(['IC50_imatinib_bcrabl', 'k_grx']);
    expect(j.indices[0].muStar).toBeGreaterThanOrEqual(j.indices[1].muStar);
    // the target's own IC50 moves the cellular IC50: its effect cannot be 0
    expect(j.indices.find((i: { name: string }) => i.name === 'IC50_imatinib_bcrabl').muStar).toBeGreaterThan(0.05);
  }, 120_000);
});
