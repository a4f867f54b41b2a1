/**
 * The adapter from population-engine snapshots to assay CellSamples: transposition of the row-major
 * states, stages, cell volume and the culture's expansion.
 */
import { describe, expect, it } from 'vitest';
import { checkCellSample, stageFractions } from '../../src/assays/types.js';
import { intactCellsAt, snapshotToCellSample, wellSampleAt } from '../../src/experiments/to-cell-sample.js';
import { loadModel, loadScenario } from '../../src/io/load.js';
import { wellJobs } from '../../src/scenario/population-jobs.js';
import type { Snapshot } from '../../src/solve/population/types.js';
import { simulateWell } from '../../src/solve/population/well.js';

const model = loadModel('models/nrf2-trxr-ros.yaml');

describe('snapshotToCellSample', () => {
  it('transposes cells × species into one column per species, keeps stages, sets volume and expansion', () => {
    const toy = { species: [{ name: 'A' }, { name: 'B' }, { name: 'C' }], nSpecies: 3, cellVolumeL: 1.4e-12 } as unknown as Parameters<typeof snapshotToCellSample>[0];
    // 4 cells: cell c has A = c, B = 10 + c, C = 100 + c.
    const states = Float64Array.from([0, 10, 100, 1, 11, 101, 2, 12, 102, 3, 13, 103]);
    const snap: Snapshot = { timeH: 24, cells: 4, intact: 37, stage: Uint8Array.from([0, 1, 2, 3]), states };
    const s = snapshotToCellSample(toy, snap, 20);
    checkCellSample(s);
    expect(s.count).toBe(4);
    expect(Array.from(s.speciesUM['A']!)).toEqual([0, 1, 2, 3]);
    expect(Array.from(s.speciesUM['B']!)).toEqual([10, 11, 12, 13]);
    expect(Array.from(s.speciesUM['C']!)).toEqual([100, 101, 102, 103]);
    expect(Array.from(s.stage)).toEqual([0, 1, 2, 3]);
    expect(s.stage).not.toBe(snap.stage); // a copy: assays cannot change the engine's record
    expect(s.cellVolumePL).toBeCloseTo(1.4, 12);
    expect(s.expansion).toBeCloseTo(37 / 20, 15); // intact (recorded or not) / seeded
    expect(snapshotToCellSample(toy, snap, 20, 50).expansion).toBeCloseTo(2.5, 15);
    expect(() => snapshotToCellSample(toy, { ...snap, cells: 5 }, 20)).toThrow(/state values/);
    expect(() => snapshotToCellSample(toy, snap, 0)).toThrow(/seededCells/);
  });

  it('on a simulated well: expansion = (viable + early + late + necrotic) / seeded at that time, states match the snapshot', () => {
    const sc = loadScenario('scenarios/cell-lines/k562.yaml', model);
    const [job] = wellJobs(sc, { seed: 'adapter', cells: 60, hours: 30, options: { snapshotTimesH: [0, 12, 30], snapshotMaxCells: 40, burnInH: 6 } });
    const r = simulateWell(model, job!);
    expect(r.snapshots.map((s) => s.timeH)).toEqual([0, 12, 30]);
    for (const t of [0, 12, 30]) {
      const snap = r.snapshots.find((s) => s.timeH === t)!;
      const s = wellSampleAt(model, r, t);
      checkCellSample(s);
      expect(s.count).toBe(Math.min(40, snap.intact));
      const intact = intactCellsAt(r, t)!;
      expect(intact).toBe(snap.intact);
      expect(s.expansion).toBeCloseTo(intact / r.seededCells, 15);
      for (const [i, sp] of model.species.entries()) {
        for (const c of [0, s.count - 1]) expect(s.speciesUM[sp.name]![c]).toBe(snap.states[c * model.nSpecies + i]);
      }
      const f = stageFractions(s);
      expect(f.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    }
    expect(wellSampleAt(model, r, 0).expansion).toBe(1);
    // Untreated K562 grows: ≈ 2^(30/29) by 30 h (60 cells: wide tolerance).
    expect(wellSampleAt(model, r, 30).expansion).toBeGreaterThan(1.3);
    expect(() => wellSampleAt(model, r, 5)).toThrow(/no snapshot at 5 h/);
    expect(intactCellsAt(r, 0.5)).toBeUndefined();
  });
});
