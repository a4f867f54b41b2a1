/**
 * Annexin V-FITC / propidium iodide staining (Vermes et al. 1995, J Immunol Methods 184:39–51).
 * Annexin V binds phosphatidylserine exposed on the outer leaflet in apoptosis; PI enters only
 * cells whose membrane is permeable and stains their DNA. By stage (this project's convention,
 * the quadrant plot's): viable A−P−, early apoptotic A+P−, late apoptotic A+P+, necrotic A−P+.
 *
 * Per cell, brightness is log-normal around a stage median, scaled by relative volume (membrane
 * area for Annexin ∝ volume^(2/3); DNA content for PI does not scale with size). The medians are
 * assumed so that negative and positive populations sit 1.5–2 decades apart, as in typical
 * Annexin V/PI plots.
 */
import type { Rng } from '../../core/rng.js';
import { sampleLogNormal } from '../noise.js';
import type { CellSample } from '../types.js';
import type { StainModel } from './events.js';

export interface AnnexinPiSettings {
  /** Median Annexin V-FITC brightness by stage [viable, early, late, necrotic]. Assumed. */
  readonly annexinMedian: readonly [number, number, number, number];
  readonly annexinSigma: number;
  /** Median PI brightness by stage. Assumed. */
  readonly piMedian: readonly [number, number, number, number];
  readonly piSigma: number;
  /** Median [Annexin, PI] of debris events (fragments carry PS and some DNA). Assumed. */
  readonly debrisMedian: readonly [number, number];
}

export const DEFAULT_ANNEXIN_PI: AnnexinPiSettings = {
  annexinMedian: [120, 8000, 12000, 200],
  annexinSigma: 0.5,
  piMedian: [60, 90, 15000, 20000],
  piSigma: 0.45,
  debrisMedian: [1500, 2000],
};

export function annexinPiStain(settings: AnnexinPiSettings): StainModel {
  return {
    stains: { fitc: 'Annexin V-FITC', pe: 'PI' },
    cell(sample: CellSample, i: number, rng: Rng): readonly [number, number] {
      const st = sample.stage[i]!;
      const vol = sample.relativeVolume ? sample.relativeVolume[i]! : 1;
      const area = Math.cbrt(vol * vol);
      return [sampleLogNormal(rng, settings.annexinMedian[st]! * area, settings.annexinSigma), sampleLogNormal(rng, settings.piMedian[st]!, settings.piSigma)];
    },
    debris(rng: Rng): readonly [number, number] {
      return [sampleLogNormal(rng, settings.debrisMedian[0], 1), sampleLogNormal(rng, settings.debrisMedian[1], 1)];
    },
  };
}

/** Stained with Annexin V-FITC only (a single-stain compensation control). */
export function annexinOnlyStain(settings: AnnexinPiSettings): StainModel {
  const both = annexinPiStain(settings);
  return {
    stains: { fitc: 'Annexin V-FITC' },
    cell: (s, i, rng) => [both.cell(s, i, rng)[0], 0],
    debris: (rng) => [both.debris(rng)[0], 0],
  };
}
