import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/io/load.js';
import { robustnessMap, wilson } from '../../src/sweep/robustness-map.js';
import { ensemblePoints, multiplierRanges, scaledLine } from '../../src/sweep/robustness-plan.js';
import { runCli, runCliAsync } from '../cli/run-cli.js';

describe('robustness: ensemble and map', () => {
  const g01 = loadScenario('scenarios/cell-lines/k562-g01.yaml');
  it('draws members log-uniformly within [1/fold, fold], reproducibly by member index', () => {
    const ranges = multiplierRanges(g01.model, ['k_tx_nrf2', 'k_prx'], 1.5, false);
    const pts = ensemblePoints(ranges, 50, 7);
    for (const p of pts) for (const v of Object.values(p.params)) expect(v >= 1 / 1.5 && v <= 1.5).toBe(true);
    expect(ensemblePoints(ranges, 3, 7)).toEqual(pts.slice(0, 3));
    expect(ensemblePoints(ranges, 3, 8)[0]).not.toEqual(pts[0]);
    // declared ranges become multipliers of the model value: k_prx 4400 in [1000, 10000]
    expect(multiplierRanges(g01.model, ['k_prx'], 1.5, true)[0]).toMatchObject({ lower: 1000 / 4400, upper: 10000 / 4400, from: 'model range' });
    expect(() => multiplierRanges(g01.model, ['knockdown'], 1.5, false)).toThrow(/leave it out/);
  });
  it("multiplies each line's own value, keeping the line's identity", () => {
    const i = g01.model.parameterIndex.get('k_tx_nrf2')!;
    const scaled = scaledLine(g01, { k_tx_nrf2: 2 });
    expect(scaled.parameters[i]! / g01.parameters[i]!).toBeCloseTo(2, 12);
  });
  it('Wilson interval: textbook values', () => {
    // Newcombe 1998 / Agresti–Coull: 4 of 4 → [0.510, 1]; 0 of 10 → [0, 0.278]
    expect(wilson(4, 4)[0]).toBeCloseTo(0.5101, 4);
    expect(wilson(0, 10)[1]).toBeCloseTo(0.2775, 4);
  });
  it('finds the parameter that decides a claim', () => {
    // claim X holds exactly when p > 1; q is irrelevant noise
    const recs = Array.from({ length: 40 }, (_, k) => {
      const p = 0.5 + (k * 0.37) % 1;
      const q = 0.6 + (k * 0.61) % 0.8;
      return { index: k, params: { p, q }, values: { holds: { X: p > 1, Y: true } } };
    });
    const dead = { index: 40, params: { p: 1, q: 1 }, values: { error: 'every cell is past a fate threshold before treatment' } };
    const [x, y] = robustnessMap([...recs, dead], ['X', 'Y'], ['p', 'q']);
    expect(x!.members).toBe(40); // the member whose lines could not be simulated is left out, and counted
    expect(x!.failedMembers).toBe(1);
    expect(x!.separation[0]!.parameter).toBe('p');
    expect(x!.separation[0]!.ksD).toBe(1);
    expect(x!.separation[0]!.smd).toBeGreaterThan(1);
    expect(x!.separation[1]!.ksD).toBeLessThan(0.5);
    expect(x!.fraction).toBeCloseTo(x!.holding / 40, 12);
    expect(y!.fraction).toBe(1);
    expect(y!.separation).toEqual([]);
  });
});

describe('nrf2sim robustness (one cheap claim, tiny cells)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'robustness-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'paper'));
  const claimsFile = join(dir, 'paper', 'claims.yaml');
  writeFileSync(
    claimsFile,
    [
      'claims:',
      '  - id: C1',
      '    paper: "K562/G01 cells express more Nrf2 mRNA than K562 cells (real-time qPCR)"',
      '    experiments: [qpcr]',
      '    comparison: greater',
      '    statistic: welch',
      '    checks:',
      '      - label: Nrf2 mRNA G01 > K562',
      '        select: { measure: "qpcr_fold:NFE2L2", time_h: 0 }',
      '        a: { line: k562-g01 }',
      '        b: { line: k562 }',
      '',
    ].join('\n'),
  );
  const experiments = resolve('scenarios/experiments');

  it('rejects bad options with exit 2', () => {
    const r = runCli(['robustness', '--claims', claimsFile, '--experiments', experiments, '--fold', '0.5']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--fold: expected a fold > 1/);
  });
  it('reports per claim the fraction of members where it holds', async () => {
    const out = join(dir, 'out');
    const r = await runCliAsync(['robustness', '--claims', claimsFile, '--experiments', experiments, '--samples', '3', '--params', 'k_tx_nrf2,k_deg_nrf2_mrna', '--cells', '20', '--workers', '1', '--out', out, '--json']);
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.claims).toHaveLength(1);
    expect(j.claims[0].id).toBe('C1');
    expect(j.claims[0].members).toBe(3);
    expect(j.claims[0].fraction).toBeGreaterThanOrEqual(0);
    expect(j.ranges.map((x: { name: string }) => x.name)).toEqual(['k_tx_nrf2', 'k_deg_nrf2_mrna']);
    expect(readFileSync(join(out, 'robustness.csv'), 'utf8')).toMatch(/^claim,members,holding/);
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).outputs.map((o: { path: string }) => o.path)).toContain('robustness.json');
  }, 120_000);
});
