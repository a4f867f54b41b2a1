/**
 * DCFH-DA staining for intracellular ROS, and its analysis.
 *
 * Cells take up DCFH-DA, esterases trap DCFH, and oxidation by cellular oxidants (via peroxidase /
 * Fe-dependent routes, not H2O2 directly) yields fluorescent DCF read in the FITC channel
 * (LeBel, Ischiropoulos & Bondy 1992, Chem Res Toxicol 5:227–231). DCF therefore reports a
 * probe-oxidation rate, not [H2O2]: Kalyanaraman et al. 2012 (Free Radic Biol Med 52:1–6) — so
 * results are compared as fold changes only (biology notes).
 *
 * Per cell: DCF = gain · ROS · loading · relative volume · retention(stage), with loading
 * log-normal (dye uptake and esterase activity differ between cells), gain set so that
 * `referenceROSuM` gives `referenceIntensity` (like PMT voltages set on the control sample and then
 * kept), and retention < 1 for membrane-compromised cells, which leak the dye.
 */
import type { Rng } from '../../core/rng.js';
import { sampleLogNormal } from '../noise.js';
import { speciesOf, type CellSample } from '../types.js';
import { channel, FITC, type FlowEvents, type StainModel } from './events.js';

export interface DcfSettings {
  /** Model species read as "ROS" (µM). */
  readonly rosSpecies: string;
  /** ROS level (µM) that gives `referenceIntensity` in a reference cell with median loading. */
  readonly referenceROSuM: number;
  /** Assumed 5000: a control population in the 4th decade of an 18-bit linear scale, as cytometrists set it. */
  readonly referenceIntensity: number;
  /** σ of ln(dye loading). Assumed 0.35 (stained populations span about half a decade). */
  readonly loadingSigma: number;
  /** DCF kept by stage [viable, early, late, necrotic]. Assumed [1, 0.8, 0.3, 0.2]: permeable cells leak DCF. */
  readonly retention: readonly [number, number, number, number];
  /** Median DCF of a debris event. Assumed 300. */
  readonly debrisIntensity: number;
}

export const DEFAULT_DCF: Omit<DcfSettings, 'referenceROSuM'> = {
  rosSpecies: 'H2O2',
  referenceIntensity: 5000,
  loadingSigma: 0.35,
  retention: [1, 0.8, 0.3, 0.2],
  debrisIntensity: 300,
};

/**
 * Settings whose gain puts the median ROS of `control` at the reference intensity — the operator
 * adjusting the FITC voltage on the control tube, then running every sample at that voltage.
 */
export function dcfSettingsFromControl(control: CellSample, base: Omit<DcfSettings, 'referenceROSuM'> = DEFAULT_DCF): DcfSettings {
  const ros = Float64Array.from(speciesOf(control, base.rosSpecies)).sort();
  if (ros.length === 0) throw new RangeError('dcfSettingsFromControl: the control sample has no cells');
  const med = median64(ros);
  if (!(med > 0)) throw new RangeError(`dcfSettingsFromControl: median ${base.rosSpecies} of the control is ${med}; need > 0`);
  return { ...base, referenceROSuM: med };
}

export function dcfStain(settings: DcfSettings): StainModel {
  if (!(settings.referenceROSuM > 0)) throw new RangeError(`dcfStain: referenceROSuM must be > 0, got ${settings.referenceROSuM}`);
  const gain = settings.referenceIntensity / settings.referenceROSuM;
  return {
    stains: { fitc: 'DCF' },
    cell(sample: CellSample, i: number, rng: Rng): readonly [number, number] {
      const ros = speciesOf(sample, settings.rosSpecies)[i]!;
      const vol = sample.relativeVolume ? sample.relativeVolume[i]! : 1;
      const loading = sampleLogNormal(rng, 1, settings.loadingSigma);
      return [gain * Math.max(ros, 0) * loading * vol * settings.retention[sample.stage[i]!]!, 0];
    },
    debris(rng: Rng): readonly [number, number] {
      return [sampleLogNormal(rng, settings.debrisIntensity, settings.loadingSigma), 0];
    },
  };
}

/** No stain: autofluorescence only (the unstained control tube). */
export const UNSTAINED: StainModel = {
  stains: {},
  cell: () => [0, 0],
  debris: () => [0, 0],
};

export interface FluorescenceSummary {
  /** Events included (after gating). */
  readonly n: number;
  /** Arithmetic mean fluorescence intensity (MFI). */
  readonly mean: number;
  /** Median fluorescence intensity. */
  readonly median: number;
}

/** Mean and median of a channel over the events where `mask` is 1 (all events without a mask). */
export function summarizeChannel(events: FlowEvents, name: string, mask?: Uint8Array): FluorescenceSummary {
  const col = channel(events, name);
  const vals: number[] = [];
  for (let e = 0; e < events.eventCount; e++) if (!mask || mask[e]) vals.push(col[e]!);
  if (vals.length === 0) return { n: 0, mean: NaN, median: NaN };
  const sorted = Float64Array.from(vals).sort();
  let s = 0;
  for (const v of vals) s += v;
  return { n: vals.length, mean: s / vals.length, median: median64(sorted) };
}

/** DCF (FITC-A) summary of gated events. */
export function summarizeDcf(events: FlowEvents, mask?: Uint8Array): FluorescenceSummary {
  return summarizeChannel(events, FITC, mask);
}

export interface RosFold {
  readonly meanFold: number;
  readonly medianFold: number;
}

/**
 * ROS fold change of a sample vs a control, optionally after subtracting the unstained
 * (autofluorescence) background from both: (x − bg)/(control − bg) for mean and median.
 */
export function rosFoldChange(sample: FluorescenceSummary, control: FluorescenceSummary, background?: FluorescenceSummary): RosFold {
  const bm = background?.mean ?? 0;
  const bd = background?.median ?? 0;
  return { meanFold: (sample.mean - bm) / (control.mean - bm), medianFold: (sample.median - bd) / (control.median - bd) };
}

/** Median of a sorted array. */
export function median64(sorted: Float64Array): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = n >> 1;
  return n % 2 ? sorted[h]! : 0.5 * (sorted[h - 1]! + sorted[h]!);
}
