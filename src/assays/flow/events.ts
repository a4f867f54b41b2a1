/**
 * Flow-cytometry acquisition: cells of a {@link CellSample} become list-mode events with forward
 * and side scatter and two fluorescence detectors (488-nm excitation; FITC-A 530/30 for DCF or
 * Annexin V-FITC, PE-A 585/42 for propidium iodide), with autofluorescence, spectral spillover,
 * electronic noise, detector range and debris. Stains are supplied as a {@link StainModel}
 * (dcf.ts, annexin-pi.ts). Data are stored as float32, as a digital cytometer writes them, so what
 * the analysis reads is exactly what the FCS file holds.
 */
import type { Rng } from '../../core/rng.js';
import { sampleIndices, sampleLogNormal, sampleNormal } from '../noise.js';
import { checkCellSample, type CellSample } from '../types.js';
import { invertMatrix, makeSpillover, type SpilloverMatrix } from './compensation.js';

export const FSC = 'FSC-A';
export const SSC = 'SSC-A';
export const FITC = 'FITC-A';
export const PE = 'PE-A';
/** Fluorescence detectors in spillover order. */
export const FLUORESCENCE_CHANNELS = [FITC, PE] as const;

/** One recorded parameter, named as in FCS ($PnN, $PnS, $PnR). */
export interface FlowChannel {
  readonly name: string;
  /** Stain or reagent seen in this channel ($PnS), if any. */
  readonly stain?: string;
  /** Range of values: the detector's full scale ($PnR). */
  readonly range: number;
}

export interface FlowEvents {
  readonly parameters: readonly FlowChannel[];
  readonly eventCount: number;
  /** One column per parameter, float32, in `parameters` order. */
  readonly data: readonly Float32Array[];
  /** Spillover of the fluorescence detectors (present on raw and compensated data alike). */
  readonly spillover: SpilloverMatrix;
  /** True once compensation has been applied. */
  readonly compensated: boolean;
  /** Ground truth per event — not part of a measurement and not written to files: the source cell's death stage (255 for debris). */
  readonly truthStage: Uint8Array;
}

/** Per-cell stain brightness, in detector units before spillover, for the FITC and PE fluorochromes. */
export interface StainModel {
  /** Names for $PnS of FITC-A and PE-A (omit an unused channel). */
  readonly stains: { readonly fitc?: string; readonly pe?: string };
  /** Brightness of cell `i` of `sample`: [FITC fluorochrome, PE fluorochrome]. */
  cell(sample: CellSample, i: number, rng: Rng): readonly [number, number];
  /** Brightness of a debris event (fragments of lysed cells). */
  debris(rng: Rng): readonly [number, number];
}

export interface CytometerSettings {
  /** Events recorded per sample (default 10,000, the usual stopping count). */
  readonly events: number;
  /** Full scale of every detector (18-bit linear data as written by BD FACSDiva: 262144). */
  readonly range: number;
  /** Median FSC-A / SSC-A of viable reference-size cells. Assumed (voltages put K562 mid-scale). */
  readonly fscMedian: number;
  readonly sscMedian: number;
  /** σ of ln FSC / ln SSC among cells of one size and stage. Assumed 0.12 / 0.2. */
  readonly fscSigma: number;
  readonly sscSigma: number;
  /**
   * FSC and SSC multipliers by death stage [viable, early, late, necrotic]: apoptotic cells shrink
   * (lower FSC) and condense chromatin (SSC up early, down once fragmented); necrotic cells swell
   * then rupture and lose both (Darzynkiewicz et al. 1997, Cytometry 27:1–20). Values assumed.
   */
  readonly stageScatter: readonly (readonly [number, number])[];
  /** Fraction of events that are debris (fragments, FSC ≈ 10 % of cells). Assumed 0.03. */
  readonly debrisFraction: number;
  /** Debris FSC/SSC as a fraction of the viable medians. Assumed 0.1 / 0.3. */
  readonly debrisScatter: readonly [number, number];
  /** Median autofluorescence of a reference cell in FITC-A and PE-A; σ of its log. Assumed 150 / 80, 0.3. */
  readonly autofluorescence: readonly [number, number];
  readonly autofluorescenceSigma: number;
  /** Additive electronic noise SD on fluorescence detectors. Assumed 15. */
  readonly electronicSD: number;
  /**
   * Spillover between FITC-A and PE-A, [[1, FITC→PE], [PE→FITC, 1]]. Assumed 0.22 and 0.02,
   * typical of FITC and PI with 530/30 and 585/42 filters.
   */
  readonly spillover: readonly [readonly [number, number], readonly [number, number]];
}

export const DEFAULT_CYTOMETER: CytometerSettings = {
  events: 10_000,
  range: 262_144,
  fscMedian: 60_000,
  sscMedian: 25_000,
  fscSigma: 0.12,
  sscSigma: 0.2,
  stageScatter: [
    [1, 1],
    [0.8, 1.15],
    [0.55, 0.85],
    [0.6, 0.6],
  ],
  debrisFraction: 0.03,
  debrisScatter: [0.1, 0.3],
  autofluorescence: [150, 80],
  autofluorescenceSigma: 0.3,
  electronicSD: 15,
  spillover: [
    [1, 0.22],
    [0.02, 1],
  ],
};

export const DEBRIS_STAGE = 255;

/**
 * Acquire `settings.events` events from the cells of `sample` (without replacement when the sample
 * has enough cells, otherwise with) stained by `stain`. Raw, uncompensated data.
 */
export function acquireEvents(sample: CellSample, stain: StainModel, settings: CytometerSettings, rng: Rng): FlowEvents {
  checkCellSample(sample);
  if (sample.count === 0) throw new RangeError('acquireEvents: the sample has no cells');
  const m = settings.events;
  const picks = sampleIndices(rng, sample.count, m);
  const fsc = new Float32Array(m);
  const ssc = new Float32Array(m);
  const fitc = new Float32Array(m);
  const pe = new Float32Array(m);
  const truth = new Uint8Array(m);
  const [[s11, s12], [s21, s22]] = settings.spillover;
  const top = settings.range - 1;
  const clip = (v: number): number => Math.min(top, v);
  for (let e = 0; e < m; e++) {
    let size: number;
    let fl: readonly [number, number];
    let scatter: readonly [number, number];
    if (rng.next() < settings.debrisFraction) {
      truth[e] = DEBRIS_STAGE;
      size = 0.05;
      scatter = settings.debrisScatter;
      fl = stain.debris(rng);
    } else {
      const i = picks[e]!;
      const stage = sample.stage[i]!;
      truth[e] = stage;
      size = sample.relativeVolume ? sample.relativeVolume[i]! : 1;
      scatter = settings.stageScatter[stage]!;
      fl = stain.cell(sample, i, rng);
    }
    const area = Math.cbrt(size * size); // FSC ≈ cross-section ∝ volume^(2/3)
    const debris = truth[e] === DEBRIS_STAGE;
    fsc[e] = clip(sampleLogNormal(rng, settings.fscMedian * scatter[0] * (debris ? 1 : area), settings.fscSigma));
    ssc[e] = clip(sampleLogNormal(rng, settings.sscMedian * scatter[1] * (debris ? 1 : area), settings.sscSigma));
    const af0 = sampleLogNormal(rng, settings.autofluorescence[0] * size, settings.autofluorescenceSigma);
    const af1 = af0 * (settings.autofluorescence[1] / settings.autofluorescence[0]);
    fitc[e] = clip(fl[0] * s11 + fl[1] * s21 + af0 + sampleNormal(rng, 0, settings.electronicSD));
    pe[e] = clip(fl[0] * s12 + fl[1] * s22 + af1 + sampleNormal(rng, 0, settings.electronicSD));
  }
  const parameters: FlowChannel[] = [
    { name: FSC, range: settings.range },
    { name: SSC, range: settings.range },
    { name: FITC, range: settings.range, ...(stain.stains.fitc ? { stain: stain.stains.fitc } : {}) },
    { name: PE, range: settings.range, ...(stain.stains.pe ? { stain: stain.stains.pe } : {}) },
  ];
  return {
    parameters,
    eventCount: m,
    data: [fsc, ssc, fitc, pe],
    spillover: makeSpillover([...FLUORESCENCE_CHANNELS], settings.spillover.map((r) => [...r])),
    compensated: false,
    truthStage: truth,
  };
}

/** The column of a named parameter. */
export function channel(events: FlowEvents, name: string): Float32Array {
  const i = events.parameters.findIndex((p) => p.name === name);
  if (i < 0) throw new RangeError(`no parameter '${name}' (have: ${events.parameters.map((p) => p.name).join(', ')})`);
  return events.data[i]!;
}

/** Compensated copy of raw events: fluorescence columns multiplied by S⁻¹ (see compensation.ts). */
export function compensateEvents(events: FlowEvents): FlowEvents {
  if (events.compensated) return events;
  const sp = events.spillover;
  const n = sp.parameters.length;
  const inv = invertMatrix(sp.values, n);
  const idx = sp.parameters.map((p) => {
    const i = events.parameters.findIndex((q) => q.name === p);
    if (i < 0) throw new RangeError(`compensateEvents: spillover names '${p}', which is not a parameter`);
    return i;
  });
  const data = events.data.map((c) => Float32Array.from(c));
  for (let e = 0; e < events.eventCount; e++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += events.data[idx[i]!]![e]! * inv[i * n + j]!;
      data[idx[j]!]![e] = s;
    }
  }
  return { ...events, data, compensated: true };
}
