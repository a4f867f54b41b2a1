import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/io/load.js';
import { comboSynergy } from '../../src/sweep/combo-analysis.js';
import { parseDrugDoses, viabilityUnits } from '../../src/sweep/combo.js';
import { runCli, runCliAsync } from '../cli/run-cli.js';

const G01 = 'scenarios/cell-lines/k562-g01.yaml';

describe('combo: pure parts', () => {
  const sc = loadScenario(G01);
  it('parses drug=doses against the model and refuses bad doses', () => {
    expect(parseDrugDoses('auranofin=0,0.1,0.2', '--b', sc)).toEqual({ drug: 'auranofin', doses: [0, 0.1, 0.2] });
    expect(() => parseDrugDoses('aspirin=0,1', '--a', sc)).toThrow(/unknown drug.*imatinib/);
    expect(() => parseDrugDoses('imatinib=0.1,1', '--a', sc)).toThrow(/first dose must be 0/);
    expect(() => parseDrugDoses('imatinib=0,-1', '--a', sc)).toThrow(/≥ 0/);
    expect(() => parseDrugDoses('imatinib=0,2,1', '--a', sc)).toThrow(/increasing/);
    expect(() => parseDrugDoses('imatinib=0,x', '--a', sc)).toThrow(/finite/);
    expect(() => parseDrugDoses('imatinib', '--a', sc)).toThrow(/drug=dose/);
  });

  it("normalises every replicate to its own untreated well (row 0, dose 0), keeping replicates independent", () => {
    // 2 points (B doses) × 1 repeat × 2 replicates × 2 A doses of net OD
    const units = viabilityUnits([
      [[[1.0, 0.5], [1.2, 0.6]]],
      [[[0.8, 0.2], [0.9, 0.4]]],
    ]);
    // replicate 1's control is 1.0, replicate 2's is 1.2
    expect(units).toHaveLength(2);
    expect(units[0]![0]![0]).toBeCloseTo(100, 12);
    expect(units[1]![0]![0]).toBeCloseTo(100, 12);
    expect(units[1]![1]![1]).toBeCloseTo((100 * 0.4) / 1.2, 12);
    expect(units[0]![1]![0]).toBeCloseTo((100 * 0.5) / 1.0, 12);
    expect(units[0]![0]![1]).toBeCloseTo((100 * 0.8) / 1.0, 12);
  });

  it('ranks a planted synergistic cell first, with a CI that excludes 0', () => {
    const dA = [0, 1, 2, 4];
    const dB = [0, 1, 2, 4];
    const ia = [0, 20, 40, 60];
    const ib = [0, 10, 30, 50];
    const units = [-1, 0, 1].map((e) =>
      dA.map((_, i) => dB.map((_, j) => {
        const bliss = ia[i]! + ib[j]! - (ia[i]! * ib[j]!) / 100;
        const planted = i === 2 && j === 1 ? 15 : 0;
        return 100 - (bliss + planted + e * 0.5 * ((i + j) % 2 ? 1 : -1));
      })),
    );
    const s = comboSynergy(dA, dB, units);
    const top = s.hypotheses.find((h) => h.method === 'bliss' && h.rank === 1)!;
    expect(top.region).toBe('cell');
    expect(top.dosesA).toEqual([2]);
    expect(top.dosesB).toEqual([1]);
    expect(top.delta.mean).toBeCloseTo(15, 2); // ± the noise on the single-agent cells
    expect(top.call).toBe('synergy');
    expect(s.scores.bliss!).toBeCloseTo(15 / 9, 2);
    expect(s.scoreSpread.bliss.n).toBe(3);
    expect(s.warnings).toEqual([]);
    // an inactive partner (B does nothing alone) is flagged for Loewe
    const flat = comboSynergy(dA, dB, [units[1]!.map((r) => r.map((_, j) => r[0]! + 0 * j))]);
    expect(flat.warnings.join(' ')).toMatch(/drug B alone changes inhibition by only 0\.0 points/);
  });
});

describe('nrf2sim combo (tiny matrix)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'combo-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const args = [G01, '--a', 'imatinib=0,0.5,1,4,16', '--b', 'auranofin=0,1', '--cells', '30', '--replicates', '2', '--workers', '1'];

  it('rejects bad input with exit 2 and a one-line message', () => {
    const r = runCli(['combo', ...args.slice(0, 3), '--b', 'imatinib=0,1']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--b: imatinib: expected a drug other than --a/);
    const r2 = runCli(['combo', G01, '--a', 'imatinib=0,1', '--b', 'auranofin=0.5,1']);
    expect(r2.status).toBe(2);
    expect(r2.stderr).toMatch(/first dose must be 0/);
    const r3 = runCli(['combo', G01, '--a', 'imatinib=0,1,2', '--b', 'auranofin=0,1']);
    expect(r3.status).toBe(2);
    expect(r3.stderr).toMatch(/--a: imatinib: .*at least 4 positive doses/);
    expect(r2.stderr).not.toMatch(/at .*\.js/);
  });

  it('prints the matrix, scores and hypotheses as JSON; resume recomputes nothing and gives the same result', async () => {
    const fresh = await runCliAsync(['combo', ...args, '--json', '--out', dir]);
    expect(fresh.status, fresh.stderr).toBe(0);
    const j = JSON.parse(fresh.stdout);
    expect(j.doses).toEqual({ a: [0, 0.5, 1, 4, 16], b: [0, 1] });
    expect(j.viability).toHaveLength(5);
    expect(j.viability[0][0]).toBeCloseTo(100, 10); // mean of the control wells is the control
    expect(j.viability[4][0]).toBeLessThan(j.viability[0][0]);
    for (const k of ['bliss', 'hsa', 'loewe', 'zip']) expect(k in j.scores).toBe(true);
    expect(typeof j.scores.bliss).toBe('number');
    expect(j.matrices.bliss).toHaveLength(5);
    expect(j.hypotheses.length).toBeGreaterThan(0);
    const onDisk = JSON.parse(readFileSync(join(dir, 'combo.json'), 'utf8'));
    expect(onDisk.scores).toEqual(j.scores);
    const again = await runCliAsync(['combo', ...args, '--json', '--out', dir, '--resume']);
    expect(again.status, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual(j);
    expect(readFileSync(join(dir, 'viability.svg'), 'utf8')).toMatch(/^<svg/);
  }, 120_000);
});
