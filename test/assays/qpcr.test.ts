import { describe, expect, it } from 'vitest';
import { DEFAULT_QPCR, meanCopiesPerCell, relativeExpression, runQpcr, thresholdCycle, type QpcrReference, type QpcrSampleInput, type QpcrSettings } from '../../src/assays/qpcr.js';
import { makeRng } from '../../src/core/rng.js';
import { syntheticSample, uMForCopies } from './synthetic-samples.js';

const GAPDH: QpcrReference = { gene: 'GAPDH', copiesPerCell: 2000, cellSigma: 0.25, efficiency: 0.99 };

function samples(group: string, copies: number, n: number): QpcrSampleInput[] {
  return Array.from({ length: n }, (_, k) => ({
    id: `${group}-${k + 1}`,
    group,
    replicate: k + 1,
    cells: syntheticSample({ count: 500, seed: `${group}:${k}`, constant: { Nrf2_mRNA: uMForCopies(copies) } }),
  }));
}

/** SD of one biological replicate's ΔCt under the noise model (technical, pipetting, Poisson template, reference sampling). */
function deltaCtSD(settings: QpcrSettings, copiesTarget: number, copiesRef: number, cells: number): number {
  const perWell = settings.cellsHarvested * settings.extractionYield * settings.rtYield * settings.fractionPerWell;
  const wellVar = (copies: number): number => (settings.technicalSD ** 2 + ((settings.pipettingCV ** 2 + 1 / (copies * perWell)) / Math.LN2 ** 2)) / settings.technicalReplicates;
  const refSampling = (GAPDH.cellSigma / Math.sqrt(cells)) ** 2 / Math.LN2 ** 2;
  return Math.sqrt(wellVar(copiesTarget) + wellVar(copiesRef) + refSampling);
}

describe('qPCR', () => {
  it('Ct from template copies: 2^20 below threshold at E = 1 crosses at cycle 20', () => {
    expect(thresholdCycle(1e10 / 2 ** 20, 1, 1e10)).toBeCloseTo(20, 12);
    expect(thresholdCycle(1e10 / 1.9 ** 25, 0.9, 1e10)).toBeCloseTo(25, 12);
  });

  it('copies per cell come from µM × volume', () => {
    const s = syntheticSample({ count: 10, seed: 'c', constant: { X: uMForCopies(40) } });
    expect(meanCopiesPerCell(s, 'X')).toBeCloseTo(40, 9);
  });

  it('2× copies → ΔΔCt ≈ −1 and fold ≈ 2; equal copies → ΔΔCt ≈ 0', () => {
    const n = 10; // biological replicates per group
    const settings = DEFAULT_QPCR;
    const input = [...samples('ctl', 40, n), ...samples('double', 80, n), ...samples('same', 40, n)];
    const reactions = runQpcr(input, [{ gene: 'NFE2L2', species: 'Nrf2_mRNA', efficiency: 1 }], { ...GAPDH, efficiency: 1 }, settings, makeRng('qpcr'));
    expect(reactions.length).toBe(3 * n * 2 * 3);
    const rows = relativeExpression(reactions, 'ctl', 'GAPDH');
    const row = (g: string) => rows.find((r) => r.group === g && r.gene === 'NFE2L2')!;
    // Mean ΔΔCt of a group of n vs the control mean of n: SD = sd1·√(2/n); tolerance 4 SD.
    const tol = 4 * deltaCtSD(settings, 60, 2000, 500) * Math.sqrt(2 / n);
    const mean = (xs: readonly number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
    expect(Math.abs(mean(row('double').deltaDeltaCt) + 1)).toBeLessThan(tol);
    expect(Math.abs(mean(row('same').deltaDeltaCt))).toBeLessThan(tol);
    expect(Math.abs(Math.log2(row('double').fold) - 1)).toBeLessThan(tol);
    expect(mean(row('ctl').deltaDeltaCt)).toBeCloseTo(0, 12);
    expect(row('double').foldRange[0]).toBeLessThan(row('double').fold);
    expect(row('double').foldRange[1]).toBeGreaterThan(row('double').fold);
  });

  it('with E = 0.9 the Pfaffl ratio recovers 2× while 2^−ΔΔCt overstates it (2^(1/log₂1.9) ≈ 2.11)', () => {
    const n = 10;
    const input = [...samples('ctl', 40, n), ...samples('double', 80, n)];
    const reactions = runQpcr(input, [{ gene: 'NFE2L2', species: 'Nrf2_mRNA', efficiency: 0.9 }], { ...GAPDH, efficiency: 1 }, DEFAULT_QPCR, makeRng('pfaffl'));
    const row = relativeExpression(reactions, 'ctl', 'GAPDH').find((r) => r.group === 'double')!;
    const tol = 4 * deltaCtSD(DEFAULT_QPCR, 60, 2000, 500) * Math.sqrt(2 / n) * Math.LN2; // in ln-fold units
    expect(Math.abs(Math.log(row.pfafflRatio / 2))).toBeLessThan(tol);
    const livakExpected = 2 ** (1 / Math.log2(1.9));
    expect(Math.abs(Math.log(row.fold / livakExpected))).toBeLessThan(tol);
    expect(livakExpected).toBeGreaterThan(2.1);
  });

  it('no template → Undetermined (NaN), skipped by the analysis; a gene absent from every control is an error', () => {
    const input = [...samples('ctl', 40, 2), ...samples('ko', 0, 2)];
    const reactions = runQpcr(input, [{ gene: 'NFE2L2', species: 'Nrf2_mRNA', efficiency: 1 }], GAPDH, DEFAULT_QPCR, makeRng('zero'));
    expect(reactions.filter((r) => r.group === 'ko' && r.gene === 'NFE2L2').every((r) => Number.isNaN(r.ct))).toBe(true);
    const rows = relativeExpression(reactions, 'ctl', 'GAPDH');
    expect(rows.find((r) => r.group === 'ko')!.deltaCt).toEqual([]);
    expect(() => relativeExpression(reactions, 'ko', 'GAPDH')).toThrow(/undetermined in every control sample/);
    expect(() => relativeExpression(reactions, 'nope', 'GAPDH')).toThrow(/control group 'nope'/);
  });

  it('is bit-for-bit reproducible from its seed', () => {
    const input = samples('ctl', 40, 2);
    const run = () => runQpcr(input, [{ gene: 'NFE2L2', species: 'Nrf2_mRNA', efficiency: 0.97 }], GAPDH, DEFAULT_QPCR, makeRng('rep'));
    expect(run()).toEqual(run());
  });
});
