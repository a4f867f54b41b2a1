import { describe, expect, it } from 'vitest';
import { DEFAULT_WESTERN, detectorResponse, runWesternBlot, westernRatios, type WesternLaneInput, type WesternSettings } from '../../src/assays/western.js';
import { makeRng } from '../../src/core/rng.js';
import { westernBlotSvg } from '../../src/report/figures/western-blot-svg.js';
import { syntheticSample } from './synthetic-samples.js';

const ACTIN = { protein: 'β-actin', moleculesPerCell: 1e8, cellSigma: 0 };
const TARGETS = [{ protein: 'Nrf2', species: 'Nrf2' }];

function lanes(perGroup: number, volumeSigma = 0): WesternLaneInput[] {
  return ['ctl', 'high'].flatMap((group) =>
    Array.from({ length: perGroup }, (_, k) => ({
      id: `${group}-${k + 1}`,
      group,
      replicate: k + 1,
      cells: syntheticSample({ count: 300, seed: `${group}:${k}`, constant: { Nrf2: group === 'high' ? 0.06 : 0.03 }, relativeVolumeSigma: volumeSigma }),
    })),
  );
}

describe('western blot densitometry', () => {
  it('detector responses are continuous, increasing and below full scale', () => {
    expect(detectorResponse(0.5, 'ccd')).toBe(0.5);
    expect(detectorResponse(0.8 + 1e-9, 'ccd')).toBeCloseTo(0.8, 8);
    expect(detectorResponse(1.5, 'ccd')).toBeLessThan(1);
    expect(detectorResponse(50, 'ccd')).toBeLessThanOrEqual(1);
    expect(detectorResponse(1.5, 'ccd')).toBeGreaterThan(detectorResponse(1.2, 'ccd'));
    expect(detectorResponse(1, 'film')).toBe(0.5);
  });

  it('in the linear range the loading control cancels lane loading and transfer errors exactly', () => {
    const exact: WesternSettings = { ...DEFAULT_WESTERN, loadingCV: 0.3, transferCV: 0.2, bandCV: 0, backgroundSD: 0 };
    const bands = runWesternBlot(lanes(3), TARGETS, ACTIN, exact, makeRng('linear'));
    const loads = bands.filter((b) => b.protein === 'β-actin').map((b) => b.intensity);
    expect(Math.max(...loads) / Math.min(...loads)).toBeGreaterThan(1.2); // the lanes really differ
    const ratios = westernRatios(bands, 'β-actin', 'ctl');
    for (const r of ratios) expect(r.normalized).toBeCloseTo(r.group === 'high' ? 2 : 1, 9);
  });

  it('film saturation compresses a 2× difference to the predicted 1.4×', () => {
    // Brightest band exposed to 60 % of full scale: s_high = 0.6/0.4 = 1.5 → 0.6; s_ctl = 0.75 → 0.4286; ratio 1.4.
    const film: WesternSettings = { ...DEFAULT_WESTERN, detector: 'film', loadingCV: 0, transferCV: 0, bandCV: 0, backgroundSD: 0 };
    const ratios = westernRatios(runWesternBlot(lanes(2), TARGETS, ACTIN, film, makeRng('film')), 'β-actin', 'ctl');
    for (const r of ratios.filter((x) => x.group === 'high')) expect(r.normalized).toBeCloseTo(1.4, 9);
  });

  it('with default noise the normalised mean of 8 lanes is within 4 SE of 2', () => {
    // Per-lane ratio CV ≈ √2 · bandCV (target and actin bands) plus background ≈ 7.5 %; groups of 8.
    const bands = runWesternBlot(lanes(8, 0.2), TARGETS, ACTIN, DEFAULT_WESTERN, makeRng('noisy'));
    const ratios = westernRatios(bands, 'β-actin', 'ctl').filter((r) => r.group === 'high').map((r) => r.normalized);
    const m = ratios.reduce((s, v) => s + v, 0) / ratios.length;
    const cv = Math.hypot(Math.SQRT2 * DEFAULT_WESTERN.bandCV, 2 * DEFAULT_WESTERN.backgroundSD / 0.3);
    expect(Math.abs(m / 2 - 1)).toBeLessThan(4 * cv * Math.sqrt(1 / 8 + 1 / 8));
  });

  it('is reproducible and names a missing control group', () => {
    const run = () => runWesternBlot(lanes(2), TARGETS, ACTIN, DEFAULT_WESTERN, makeRng('rep'));
    expect(run()).toEqual(run());
    expect(() => westernRatios(run(), 'β-actin', 'nope')).toThrow(/control group 'nope'/);
    expect(() => westernRatios(run(), 'GAPDH', 'ctl')).toThrow(/loading control 'GAPDH'/);
  });
});

describe('drawn blot', () => {
  it('draws one band per lane and protein, darker for stronger bands', () => {
    const bands = runWesternBlot(lanes(2), TARGETS, ACTIN, { ...DEFAULT_WESTERN, bandCV: 0, backgroundSD: 0, loadingCV: 0, transferCV: 0 }, makeRng('svg'));
    const svg = westernBlotSvg(bands);
    expect(svg.startsWith('<svg')).toBe(true);
    expect((svg.match(/<ellipse/g) ?? []).length).toBe(8);
    const op = [...svg.matchAll(/fill-opacity="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(Math.max(...op.slice(0, 4))).toBeCloseTo(0.6, 3); // Nrf2: brightest lane exposed to 60 %
    expect(svg).toContain('β-actin');
  });
});
