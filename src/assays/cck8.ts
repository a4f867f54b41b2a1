/**
 * CCK-8 (WST-8) viability and proliferation assay on 96-well plates.
 *
 * Chemistry: cellular dehydrogenases reduce WST-8 via NAD(P)H and an electron mediator to a
 * water-soluble orange formazan read at 450 nm (Ishiyama et al. 1997, Talanta 44:1299–1305); the
 * formazan accumulates in the medium, so ΔOD grows in proportion to metabolically active cells ×
 * reagent incubation time (1–4 h, the kit's protocol) while the response is linear.
 *
 * Per well:
 *   cells     = Poisson(seeded · pipetting factor) · expansion        (expansion from the sample)
 *   activity  = mean over the sample's cells of a(stage) · relative volume
 *   OD_true   = blank_well + k · cells · activity · t_incubation · reagent factor
 *   OD_read   = saturate(OD_true · (1 + ε_prop)) + ε_add
 * Blank wells (medium + reagent) give blank_well ~ N(blankOD, blankSD).
 *
 * Analysis (the kit's formulas): viability % = (OD − mean blank)/(mean control − mean blank) × 100
 * with blank and control (dose 0 of the same line) from the same plate; inhibition % = 100 −
 * viability. Proliferation: mean blank-corrected OD per line and time.
 */
import type { Rng } from '../core/rng.js';
import { sampleCount, sampleFactor, sampleNormal } from './noise.js';
import type { PlateCondition, PlateLayout, PlateWell } from './plate.js';
import { checkCellSample, type CellSample } from './types.js';

export interface Cck8Settings {
  /** Cells seeded per well at treatment start. */
  readonly seedingCellsPerWell: number;
  /** Reagent incubation before reading, h (kit protocol: 1–4 h). */
  readonly reagentIncubationH: number;
  /**
   * ΔOD450 per fully active reference cell per hour of incubation. Assumed: 5e-5 makes 1e4 viable
   * K562 cells give ΔOD ≈ 1.0 after 2 h, the order of published K562 CCK-8 readings (0.5–1.5 at
   * 5e3–2e4 cells/well, 2 h); no per-cell rate for K562 was found.
   */
  readonly odPerCellHour: number;
  /**
   * Relative WST-8 reduction by death stage [viable, early apoptotic, late apoptotic, necrotic].
   * Assumed: early apoptotic cells keep half their dehydrogenase activity (NAD(P)H falls after
   * mitochondrial outer-membrane permeabilisation, but PS-exposed cells still reduce tetrazolium);
   * membrane-permeable cells lose their cytosolic dehydrogenases and cofactors (late 0.05, necrotic 0).
   */
  readonly stageActivity: readonly [number, number, number, number];
  /** Mean OD450 of medium + reagent without cells. Assumed 0.12 (typical blank of phenol-red medium + CCK-8). */
  readonly blankOD: number;
  /** Well-to-well SD of the blank OD. Assumed 0.005. */
  readonly blankSD: number;
  /** CV of the number of cells dispensed into a well (pipetting a suspension). Assumed 0.05. */
  readonly pipettingCV: number;
  /** CV of the 10 µL reagent volume added per well. Assumed 0.02. */
  readonly reagentCV: number;
  /** Proportional reader noise (CV). Assumed 0.01. */
  readonly readerCV: number;
  /** Additive reader noise SD, OD. Assumed 0.003 (typical photometric noise of microplate readers). */
  readonly readerSD: number;
  /**
   * Reader saturation: linear up to `linearOD`, approaching `maxOD` smoothly above (typical
   * microplate-reader specification: photometric range 0–4 OD, linearity to ≈ 2.5–3 OD).
   */
  readonly linearOD: number;
  readonly maxOD: number;
}

export const DEFAULT_CCK8_SETTINGS: Cck8Settings = {
  seedingCellsPerWell: 5000,
  reagentIncubationH: 2,
  odPerCellHour: 5e-5,
  stageActivity: [1, 0.5, 0.05, 0],
  blankOD: 0.12,
  blankSD: 0.005,
  pipettingCV: 0.05,
  reagentCV: 0.02,
  readerCV: 0.01,
  readerSD: 0.003,
  linearOD: 2.5,
  maxOD: 4,
};

/**
 * Detector saturation: identity up to `linear`, then max − (max − linear)·exp(−(x − linear)/(max − linear)),
 * continuous with slope 1 at the knee and never above `max`.
 */
export function saturateOD(od: number, linear: number, max: number): number {
  if (od <= linear) return od;
  const room = max - linear;
  return max - room * Math.exp(-(od - linear) / room);
}

/** Mean relative WST-8 reduction per cell of a sample: Σ a(stage)·relative volume / count (0 for an empty sample). */
export function meanMetabolicActivity(sample: CellSample, stageActivity: Cck8Settings['stageActivity']): number {
  if (sample.count === 0) return 0;
  let s = 0;
  for (let i = 0; i < sample.count; i++) s += stageActivity[sample.stage[i]!]! * (sample.relativeVolume ? sample.relativeVolume[i]! : 1);
  return s / sample.count;
}

export interface Cck8WellReading {
  readonly plate: number;
  readonly well: string;
  readonly role: 'blank' | 'cells';
  readonly timeH: number;
  readonly condition?: PlateCondition;
  readonly replicate: number;
  /** Cells in the well at reading (0 for blanks). */
  readonly cells: number;
  /** The OD the reader reports. */
  readonly od450: number;
}

/** Read one well: `sample` undefined for a blank. */
export function readCck8Well(sample: CellSample | undefined, settings: Cck8Settings, rng: Rng): { cells: number; od450: number } {
  const blank = sampleNormal(rng, settings.blankOD, settings.blankSD);
  let cells = 0;
  let signal = 0;
  if (sample) {
    checkCellSample(sample);
    const seeded = sampleCount(rng, settings.seedingCellsPerWell * sampleFactor(rng, settings.pipettingCV));
    cells = seeded * (sample.expansion ?? 1);
    signal = settings.odPerCellHour * cells * meanMetabolicActivity(sample, settings.stageActivity) * settings.reagentIncubationH;
  }
  const reagent = sampleFactor(rng, settings.reagentCV);
  const trueOD = (blank + signal) * reagent;
  const read = saturateOD(trueOD * sampleFactor(rng, settings.readerCV), settings.linearOD, settings.maxOD) + sampleNormal(rng, 0, settings.readerSD);
  return { cells, od450: read };
}

/**
 * Read every well of a layout, in layout order (plates, then wells), drawing from `rng`.
 * `sampleFor` gives the cells of a well with role 'cells' (the same sample may serve several
 * replicate wells; a distinct sample per well adds biological variation).
 */
export function readCck8Plates(
  layout: PlateLayout,
  sampleFor: (well: PlateWell) => CellSample,
  settings: Cck8Settings,
  rng: Rng,
): Cck8WellReading[] {
  const out: Cck8WellReading[] = [];
  for (const plate of layout.plates) {
    for (const w of plate.wells) {
      const r = readCck8Well(w.role === 'cells' ? sampleFor(w) : undefined, settings, rng);
      out.push({ plate: w.plate, well: w.well, role: w.role, timeH: w.timeH, ...(w.condition ? { condition: w.condition } : {}), replicate: w.replicate, cells: r.cells, od450: r.od450 });
    }
  }
  return out;
}

export interface ViabilityRow {
  readonly plate: number;
  readonly well: string;
  readonly line: string;
  readonly doseUM: number;
  readonly timeH: number;
  readonly replicate: number;
  readonly od450: number;
  readonly viabilityPct: number;
  readonly inhibitionPct: number;
}

/**
 * Viability % and inhibition % of every cell well, normalised on its own plate:
 * (OD − mean blank)/(mean OD of the line's dose-0 wells − mean blank) × 100. Throws a RangeError
 * when a plate has no blanks or a line has no dose-0 wells on a plate.
 */
export function cck8Viability(readings: readonly Cck8WellReading[]): ViabilityRow[] {
  const blanks = meanBy(readings.filter((r) => r.role === 'blank'), (r) => String(r.plate));
  const controls = meanBy(
    readings.filter((r) => r.role === 'cells' && r.condition!.doseUM === 0),
    (r) => `${r.plate}|${r.condition!.line}`,
  );
  const out: ViabilityRow[] = [];
  for (const r of readings) {
    if (r.role !== 'cells') continue;
    const c = r.condition!;
    const blank = blanks.get(String(r.plate));
    const control = controls.get(`${r.plate}|${c.line}`);
    if (blank === undefined) throw new RangeError(`cck8Viability: plate ${r.plate} has no blank wells`);
    if (control === undefined) throw new RangeError(`cck8Viability: line '${c.line}' has no dose-0 control wells on plate ${r.plate}`);
    const viabilityPct = ((r.od450 - blank) / (control - blank)) * 100;
    out.push({ plate: r.plate, well: r.well, line: c.line, doseUM: c.doseUM, timeH: r.timeH, replicate: r.replicate, od450: r.od450, viabilityPct, inhibitionPct: 100 - viabilityPct });
  }
  return out;
}

export interface ProliferationPoint {
  readonly line: string;
  readonly doseUM: number;
  readonly timeH: number;
  /** Blank-corrected OD per replicate well. */
  readonly correctedOD: readonly number[];
  readonly meanOD: number;
  readonly sdOD: number;
}

/** Blank-corrected OD (OD − mean blank of the plate) per line, dose and time, for growth curves. */
export function cck8Proliferation(readings: readonly Cck8WellReading[]): ProliferationPoint[] {
  const blanks = meanBy(readings.filter((r) => r.role === 'blank'), (r) => String(r.plate));
  const groups = new Map<string, { c: PlateCondition; ods: number[] }>();
  for (const r of readings) {
    if (r.role !== 'cells') continue;
    const c = r.condition!;
    const blank = blanks.get(String(r.plate));
    if (blank === undefined) throw new RangeError(`cck8Proliferation: plate ${r.plate} has no blank wells`);
    const key = `${c.line}|${c.doseUM}|${c.timeH}`;
    const g = groups.get(key) ?? { c, ods: [] };
    g.ods.push(r.od450 - blank);
    groups.set(key, g);
  }
  return [...groups.values()].map(({ c, ods }) => {
    const m = ods.reduce((s, v) => s + v, 0) / ods.length;
    const sd = ods.length > 1 ? Math.sqrt(ods.reduce((s, v) => s + (v - m) ** 2, 0) / (ods.length - 1)) : NaN;
    return { line: c.line, doseUM: c.doseUM, timeH: c.timeH, correctedOD: ods, meanOD: m, sdOD: sd };
  });
}

function meanBy(rows: readonly Cck8WellReading[], key: (r: Cck8WellReading) => string): Map<string, number> {
  const acc = new Map<string, { s: number; n: number }>();
  for (const r of rows) {
    const k = key(r);
    const e = acc.get(k) ?? { s: 0, n: 0 };
    e.s += r.od450;
    e.n++;
    acc.set(k, e);
  }
  return new Map([...acc].map(([k, e]) => [k, e.s / e.n]));
}

