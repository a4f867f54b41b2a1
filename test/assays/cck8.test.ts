import { describe, expect, it } from 'vitest';
import { fitLogistic4 } from '../../src/analysis/fit/logistic4.js';
import { cck8Proliferation, cck8Viability, DEFAULT_CCK8_SETTINGS, meanMetabolicActivity, readCck8Plates, readCck8Well, saturateOD, type Cck8Settings } from '../../src/assays/cck8.js';
import { layoutPlates, PLATE_COLUMNS, PLATE_ROWS, type PlateCondition, type PlateWell } from '../../src/assays/plate.js';
import type { CellSample } from '../../src/assays/types.js';
import { makeRng } from '../../src/core/rng.js';
import { syntheticSample } from './synthetic-samples.js';

const DOSES = [0, 0.0625, 0.125, 0.25, 0.5, 1, 2, 4, 8, 16];
const LINES = ['k562', 'k562-g01', 'g01-shnc', 'g01-shnrf2'];

describe('plate layout', () => {
  it('dose-response of 4 lines × 10 doses × 3 replicates: one line per plate, blanks first, no edge wells', () => {
    const conditions: PlateCondition[] = LINES.flatMap((line) => DOSES.map((doseUM) => ({ line, doseUM, timeH: 48 })));
    const layout = layoutPlates({ conditions, replicates: 3, blanksPerPlate: 3 });
    expect(layout.plates.length).toBe(4);
    for (const [k, plate] of layout.plates.entries()) {
      expect(plate.wells.filter((w) => w.role === 'blank').length).toBe(3);
      const cells = plate.wells.filter((w) => w.role === 'cells');
      expect(cells.length).toBe(30);
      expect(new Set(cells.map((w) => w.condition!.line))).toEqual(new Set([LINES[k]]));
      expect(new Set(plate.wells.map((w) => w.well)).size).toBe(plate.wells.length);
      for (const w of plate.wells) {
        expect(w.row).toBeGreaterThan(0);
        expect(w.row).toBeLessThan(PLATE_ROWS - 1);
        expect(w.column).toBeGreaterThan(0);
        expect(w.column).toBeLessThan(PLATE_COLUMNS - 1);
      }
    }
    expect(layout.plates[0]!.wells[0]!.well).toBe('B02');
  });

  it('packs several lines on a plate when they fit, one plate per read time', () => {
    const conditions: PlateCondition[] = [0, 24, 48].flatMap((timeH) => ['a', 'b'].map((line) => ({ line, doseUM: 0, timeH })));
    const layout = layoutPlates({ conditions, replicates: 5, blanksPerPlate: 3, avoidEdgeWells: false });
    expect(layout.plates.map((p) => p.timeH)).toEqual([0, 24, 48]);
    expect(layout.plates.every((p) => p.wells.length === 13)).toBe(true);
  });

  it('refuses a line that cannot fit on one plate', () => {
    const conditions = DOSES.map((doseUM) => ({ line: 'k562', doseUM, timeH: 48 }));
    expect(() => layoutPlates({ conditions, replicates: 6, blanksPerPlate: 3 })).toThrow(/needs 60 wells but a plate has 57/);
  });
});

describe('CCK-8 signal model', () => {
  it('reader saturation is the identity below the knee, continuous, increasing and below the maximum', () => {
    expect(saturateOD(1.234, 2.5, 4)).toBe(1.234);
    expect(saturateOD(2.5 + 1e-9, 2.5, 4)).toBeCloseTo(2.5, 8);
    let prev = 0;
    for (let od = 0; od < 20; od += 0.25) {
      const s = saturateOD(od, 2.5, 4);
      expect(s).toBeGreaterThanOrEqual(prev);
      expect(s).toBeLessThan(4);
      prev = s;
    }
  });

  it('metabolic activity weights stages as configured', () => {
    const s = syntheticSample({ count: 1000, stageFractions: [0.6, 0.2, 0.1, 0.1], seed: 'act' });
    expect(meanMetabolicActivity(s, [1, 0.5, 0.05, 0])).toBeCloseTo(0.6 + 0.1 + 0.005, 12);
  });

  it('mean ΔOD of 400 wells = k · cells · activity · t, and its CV matches the noise model', () => {
    // n = 400 wells: SE of the mean ≈ CV/√400 ≈ 0.3 %; tolerance 4 SE on the mean, 15 % on the CV (SE of an SD ≈ 3.5 %).
    const settings: Cck8Settings = { ...DEFAULT_CCK8_SETTINGS, seedingCellsPerWell: 8000, reagentIncubationH: 2 };
    const sample = syntheticSample({ count: 500, stageFractions: [0.7, 0.1, 0.1, 0.1], expansion: 1.5, seed: 'wells' });
    const rng = makeRng('cck8-wells');
    const n = 400;
    const od: number[] = [];
    const blanks: number[] = [];
    for (let i = 0; i < n; i++) {
      od.push(readCck8Well(sample, settings, rng).od450);
      blanks.push(readCck8Well(undefined, settings, rng).od450);
    }
    const mean = (xs: number[]): number => xs.reduce((s, v) => s + v, 0) / xs.length;
    const blank = mean(blanks);
    const activity = 0.7 + 0.05 + 0.005;
    const expected = settings.odPerCellHour * 8000 * 1.5 * activity * 2;
    const delta = od.map((v) => v - blank);
    const m = mean(delta);
    const cv = Math.sqrt(delta.reduce((s, v) => s + (v - m) ** 2, 0) / (n - 1)) / m;
    const cvModel = Math.sqrt(settings.pipettingCV ** 2 + 1 / (8000 * 1) + settings.reagentCV ** 2 + settings.readerCV ** 2);
    expect(Math.abs(m / expected - 1)).toBeLessThan((4 * cvModel) / Math.sqrt(n));
    expect(Math.abs(cv / cvModel - 1)).toBeLessThan(0.15);
    expect(Math.abs(blank - settings.blankOD)).toBeLessThan(0.002);
  });
});

describe('CCK-8 plates and analysis', () => {
  /** Samples whose viable fraction follows a Hill curve (IC50 0.3 µM, slope 2); the rest late apoptotic. */
  const hillSample = (dose: number, line: string): CellSample => {
    const v = 1 / (1 + (dose / 0.3) ** 2);
    return syntheticSample({ count: 2000, stageFractions: [v, 0, 1 - v, 0], seed: `${line}:${dose}` });
  };

  it('viability normalised per plate; the 4PL of a simulated plate recovers the IC50 within its CI', () => {
    const conditions = DOSES.map((doseUM) => ({ line: 'k562', doseUM, timeH: 48 }));
    const layout = layoutPlates({ conditions, replicates: 3, blanksPerPlate: 3 });
    const readings = readCck8Plates(layout, (w: PlateWell) => hillSample(w.condition!.doseUM, w.condition!.line), DEFAULT_CCK8_SETTINGS, makeRng('plate-ic50'));
    const rows = cck8Viability(readings);
    expect(rows.length).toBe(30);
    const controls = rows.filter((r) => r.doseUM === 0).map((r) => r.viabilityPct);
    expect(controls.reduce((s, v) => s + v, 0) / 3).toBeCloseTo(100, 10);
    for (const r of rows) expect(r.inhibitionPct).toBeCloseTo(100 - r.viabilityPct, 12);
    // Expected curve: 100·(v + 0.05(1 − v)) = 5 + 95/(1 + (d/0.3)²) → IC50 0.3, hill 2, bottom 5.
    const fit = fitLogistic4(rows.map((r) => r.doseUM), rows.map((r) => r.viabilityPct));
    expect(fit.ic50Ci[0]).toBeLessThan(0.3);
    expect(fit.ic50Ci[1]).toBeGreaterThan(0.3);
    expect(Math.abs(Math.log10(fit.ic50 / 0.3))).toBeLessThan(0.1);
    expect(fit.r2).toBeGreaterThan(0.95);
  });

  it('proliferation: blank-corrected OD doubles with the population and saturates at the reader maximum', () => {
    const times = [0, 24, 48, 72, 96, 120];
    const conditions = times.map((timeH) => ({ line: 'shnc', doseUM: 0, timeH }));
    const layout = layoutPlates({ conditions, replicates: 5, blanksPerPlate: 3 });
    const doubling = 30;
    const settings = { ...DEFAULT_CCK8_SETTINGS, seedingCellsPerWell: 2000, reagentIncubationH: 1 };
    const sample = (w: PlateWell): CellSample => syntheticSample({ count: 200, seed: 'p', expansion: 2 ** (w.timeH / doubling) });
    const points = cck8Proliferation(readCck8Plates(layout, sample, settings, makeRng('prolif')));
    expect(points.map((p) => p.timeH)).toEqual(times);
    // Log-linear regression of mean OD on time: slope = ln 2 / doubling. SE from the noise model:
    // var(ln ŌD_t) = CV²/5 (multiplicative, 5 wells) + (blank-mean + additive reader variance)/ŌD_t².
    const x = points.map((p) => p.timeH);
    const y = points.map((p) => Math.log(p.meanOD));
    const mx = x.reduce((s, v) => s + v, 0) / x.length;
    const my = y.reduce((s, v) => s + v, 0) / y.length;
    const sxx = x.reduce((s, v) => s + (v - mx) ** 2, 0);
    const slope = x.reduce((s, v, i) => s + (v - mx) * (y[i]! - my), 0) / sxx;
    const cv2 = settings.pipettingCV ** 2 + settings.reagentCV ** 2 + settings.readerCV ** 2 + 1 / settings.seedingCellsPerWell;
    const blankVar = (settings.blankSD ** 2 + settings.readerSD ** 2) / 3 + settings.readerSD ** 2 / 5;
    const slopeVar = x.reduce((s, v, i) => s + ((v - mx) / sxx) ** 2 * (cv2 / 5 + blankVar / points[i]!.meanOD ** 2), 0);
    expect(Math.abs(slope - Math.LN2 / doubling)).toBeLessThan(4 * Math.sqrt(slopeVar));

    const crowded = readCck8Well(syntheticSample({ count: 10, seed: 'c', expansion: 1000 }), settings, makeRng('sat'));
    expect(crowded.od450).toBeLessThan(settings.maxOD + 0.02);
    expect(crowded.od450).toBeGreaterThan(3.9);
  });

  it('is bit-for-bit reproducible from its seed, and a different seed differs', () => {
    const layout = layoutPlates({ conditions: DOSES.map((doseUM) => ({ line: 'a', doseUM, timeH: 48 })), replicates: 3, blanksPerPlate: 3 });
    const run = (seed: string) => readCck8Plates(layout, (w) => hillSample(w.condition!.doseUM, 'a'), DEFAULT_CCK8_SETTINGS, makeRng(seed)).map((r) => r.od450);
    expect(run('s1')).toEqual(run('s1'));
    expect(run('s1')).not.toEqual(run('s2'));
  });

  it('says which control is missing', () => {
    const layout = layoutPlates({ conditions: [{ line: 'a', doseUM: 1, timeH: 48 }], replicates: 2, blanksPerPlate: 2 });
    const readings = readCck8Plates(layout, () => hillSample(1, 'a'), DEFAULT_CCK8_SETTINGS, makeRng('x'));
    expect(() => cck8Viability(readings)).toThrow(/line 'a' has no dose-0 control wells on plate 0/);
  });
});
