/**
 * Western blot densitometry.
 *
 * A lane is loaded with a fixed mass of total protein (so the number of cells loaded depends on
 * protein per cell), with a loading error; transfer to the membrane varies by lane. A band's
 * signal is proportional to the protein molecules in it (mean per cell × cells loaded); the
 * detector then compresses it:
 *
 *   - `ccd`:  linear up to a knee at 80 % of full scale, then saturating smoothly (CCD imagers);
 *   - `film`: I = A/(A + K), hyperbolic from the start (X-ray film / ECL saturation).
 *
 * The signal scale ("exposure") is chosen per protein as a technician would: the strongest band of
 * the blot at `autoExposureLevel` of full scale. Densitometry subtracts the local background (its
 * residual noise remains), divides each target by the lane's loading-control band (β-actin or
 * GAPDH), and normalises to the mean ratio of the control group. Gassmann et al. 2009
 * (Electrophoresis 30:1845–1855) and Taylor et al. 2013 (Mol Biotechnol 55:217–226) describe
 * these steps and the saturation pitfalls that this model reproduces.
 */
import type { Rng } from '../core/rng.js';
import { sampleFactor, sampleLogNormal, sampleNormal } from './noise.js';
import { checkCellSample, moleculesPerCell, speciesOf, type CellSample } from './types.js';

export interface WesternTarget {
  /** Protein name on the blot, e.g. "Nrf2". */
  readonly protein: string;
  /** Model species (µM). */
  readonly species: string;
}

export interface WesternLoadingControl {
  /** e.g. "β-actin" (ACTB) or "GAPDH". */
  readonly protein: string;
  /** Molecules per reference-size cell. Assumed 1e8 for β-actin (actin is several % of cell protein); only proportionality matters under auto exposure. */
  readonly moleculesPerCell: number;
  /** σ of ln(amount) between cells. Assumed 0.15. */
  readonly cellSigma: number;
}

export interface WesternSettings {
  /** Total protein per lane, µg. Assumed 30 µg. */
  readonly loadedProteinUg: number;
  /** Cellular protein density, mg/mL (≈ 200 mg/mL: Milo 2013, BioEssays 35:1050–1055). */
  readonly proteinDensityMgPerML: number;
  /** CV of the protein actually loaded (assay + pipetting). Assumed 0.1. */
  readonly loadingCV: number;
  /** CV of transfer efficiency between lanes. Assumed 0.08. */
  readonly transferCV: number;
  /** CV of one band's signal (antibody, detection, band shape). Assumed 0.05. */
  readonly bandCV: number;
  /** SD of the residual background after subtraction, fraction of full scale. Assumed 0.004. */
  readonly backgroundSD: number;
  readonly detector: 'ccd' | 'film';
  /** Strongest band of each protein at this fraction of full scale. Assumed 0.6. */
  readonly autoExposureLevel: number;
  /** Full scale of the image (16-bit). */
  readonly fullScale: number;
}

export const DEFAULT_WESTERN: WesternSettings = {
  loadedProteinUg: 30,
  proteinDensityMgPerML: 200,
  loadingCV: 0.1,
  transferCV: 0.08,
  bandCV: 0.05,
  backgroundSD: 0.004,
  detector: 'ccd',
  autoExposureLevel: 0.6,
  fullScale: 65535,
};

export interface WesternLaneInput {
  readonly id: string;
  /** Group normalised against (line, or line + treatment). */
  readonly group: string;
  readonly replicate: number;
  readonly cells: CellSample;
}

export interface WesternBand {
  readonly lane: number;
  readonly sampleId: string;
  readonly group: string;
  readonly replicate: number;
  readonly protein: string;
  /** Background-subtracted band volume, image units. */
  readonly intensity: number;
  /** Protein molecules in the band (ground truth, for validation). */
  readonly molecules: number;
}

/** Detector response (fraction of full scale) to signal s (fraction of full scale if linear). */
export function detectorResponse(s: number, detector: WesternSettings['detector']): number {
  if (s <= 0) return 0;
  if (detector === 'film') return s / (1 + s);
  const knee = 0.8;
  if (s <= knee) return s;
  const room = 1 - knee;
  return 1 - room * Math.exp(-(s - knee) / room);
}

/** Inverse of the exposure choice: the linear signal that gives response `level`. */
function signalForResponse(level: number, detector: WesternSettings['detector']): number {
  if (detector === 'film') return level / (1 - level);
  const knee = 0.8;
  return level <= knee ? level : knee - (1 - knee) * Math.log((1 - level) / (1 - knee));
}

/** Run one blot: every lane (in order) probed for each target and the loading control. */
export function runWesternBlot(
  lanes: readonly WesternLaneInput[],
  targets: readonly WesternTarget[],
  loadingControl: WesternLoadingControl,
  settings: WesternSettings,
  rng: Rng,
): WesternBand[] {
  // Molecules per lane for each protein.
  const laneMolecules = lanes.map((l) => {
    checkCellSample(l.cells, `western lane '${l.id}'`);
    const meanVol = meanRelativeVolume(l.cells);
    const proteinPgPerCell = settings.proteinDensityMgPerML * l.cells.cellVolumePL * meanVol; // mg/mL = pg/pL
    const cells = ((settings.loadedProteinUg * 1e6) / proteinPgPerCell) * sampleFactor(rng, settings.loadingCV);
    const transfer = sampleFactor(rng, settings.transferCV);
    const perProtein = new Map<string, number>();
    for (const t of targets) perProtein.set(t.protein, meanMoleculesPerCell(l.cells, t.species) * cells * transfer);
    let ctl = 0;
    for (let i = 0; i < l.cells.count; i++) {
      ctl += sampleLogNormal(rng, loadingControl.moleculesPerCell * (l.cells.relativeVolume ? l.cells.relativeVolume[i]! : 1), loadingControl.cellSigma);
    }
    ctl = l.cells.count > 0 ? ctl / l.cells.count / Math.exp(loadingControl.cellSigma ** 2 / 2) : 0;
    perProtein.set(loadingControl.protein, ctl * cells * transfer);
    return perProtein;
  });
  const proteins = [...targets.map((t) => t.protein), loadingControl.protein];
  const bands: WesternBand[] = [];
  for (const protein of proteins) {
    const amounts = laneMolecules.map((m) => m.get(protein)! * sampleFactor(rng, settings.bandCV));
    const maxAmount = Math.max(...amounts);
    const scale = maxAmount > 0 ? signalForResponse(settings.autoExposureLevel, settings.detector) / maxAmount : 0;
    lanes.forEach((l, k) => {
      const response = detectorResponse(amounts[k]! * scale, settings.detector) + sampleNormal(rng, 0, settings.backgroundSD);
      bands.push({ lane: k + 1, sampleId: l.id, group: l.group, replicate: l.replicate, protein, intensity: response * settings.fullScale, molecules: laneMolecules[k]!.get(protein)! });
    });
  }
  return bands;
}

export interface WesternRatio {
  readonly lane: number;
  readonly sampleId: string;
  readonly group: string;
  readonly replicate: number;
  readonly protein: string;
  /** Target / loading-control intensity in the same lane. */
  readonly ratio: number;
  /** ratio / mean ratio of the control group's lanes. */
  readonly normalized: number;
}

/** Loading-control-normalised band ratios, relative to the control group. */
export function westernRatios(bands: readonly WesternBand[], loadingProtein: string, controlGroup: string): WesternRatio[] {
  const loading = new Map<number, number>();
  for (const b of bands) if (b.protein === loadingProtein) loading.set(b.lane, b.intensity);
  if (loading.size === 0) throw new RangeError(`westernRatios: no bands of the loading control '${loadingProtein}'`);
  const raw = bands
    .filter((b) => b.protein !== loadingProtein)
    .map((b) => ({ b, ratio: b.intensity / loading.get(b.lane)! }));
  const controlMean = new Map<string, number>();
  for (const protein of new Set(raw.map((r) => r.b.protein))) {
    const xs = raw.filter((r) => r.b.protein === protein && r.b.group === controlGroup).map((r) => r.ratio);
    if (xs.length === 0) throw new RangeError(`westernRatios: no lanes of the control group '${controlGroup}'`);
    controlMean.set(protein, xs.reduce((s, v) => s + v, 0) / xs.length);
  }
  return raw.map(({ b, ratio }) => ({
    lane: b.lane,
    sampleId: b.sampleId,
    group: b.group,
    replicate: b.replicate,
    protein: b.protein,
    ratio,
    normalized: ratio / controlMean.get(b.protein)!,
  }));
}

function meanRelativeVolume(s: CellSample): number {
  if (!s.relativeVolume || s.count === 0) return 1;
  let v = 0;
  for (let i = 0; i < s.count; i++) v += s.relativeVolume[i]!;
  return v / s.count;
}

/** Mean molecules per cell of a protein species (volume-weighted). */
function meanMoleculesPerCell(s: CellSample, species: string): number {
  if (s.count === 0) return 0;
  const c = speciesOf(s, species);
  let m = 0;
  for (let i = 0; i < s.count; i++) m += c[i]! * (s.relativeVolume ? s.relativeVolume[i]! : 1);
  return moleculesPerCell(m / s.count, s.cellVolumePL);
}
