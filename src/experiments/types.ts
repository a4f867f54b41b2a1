/**
 * Results of a virtual experiment (src/experiments/run-experiment.ts): plain data — tidy tables,
 * per-assay summaries, a uniform measurement table and the flow files to write. Nothing here holds
 * a path or a clock reading, so the same seed gives byte-identical outputs.
 */
import type { AssayKind } from '../assays/experiment.js';
import type { FcsDataset, FcsKeywords } from '../io/fcs.js';

/**
 * One number measured by the virtual lab, in one shape for every assay (the paper-claims checker
 * reads these). `doseUM` is null for values that summarise a whole dose range (an IC50);
 * `replicate` (1-based biological replicate) is null for values pooled over replicates.
 *
 * Measures: `viability_pct`, `inhibition_pct`, `od450` (CCK-8 wells), `ic50_uM`, `hill`,
 * `resistance_index` (per-replicate 4PL fits), `od450_net` (proliferation, blank-corrected),
 * `dcf_mfi`, `dcf_median`, `dcf_fold`, `dcf_median_fold` (DCF flow), `viable_pct`, `early_pct`,
 * `late_pct`, `necrotic_pct`, `annexin_pct` (= early + late; Annexin V/PI flow),
 * `qpcr_fold:<gene>`, `qpcr_delta_ct:<gene>` (qRT-PCR), `western_ratio:<protein>` (western).
 */
export interface Measurement {
  readonly measure: string;
  readonly line: string;
  readonly doseUM: number | null;
  readonly timeH: number;
  readonly replicate: number | null;
  readonly value: number;
}

/** A tidy table: one row per well, sample, reaction or band; written as CSV. */
export interface TidyTable {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | number)[])[];
}

/** A flow-cytometry tube to write as an FCS 3.1 file (raw, uncompensated data with $SPILLOVER). */
export interface FcsOutput {
  /** File name (no directory), already sanitised: letters, digits, '_', '-', '.', ending in .fcs. */
  readonly fileName: string;
  readonly dataset: FcsDataset;
  readonly keywords: FcsKeywords;
}

/** A simulated well (one line × dose × biological replicate). */
export interface SimulatedWell {
  readonly label: string;
  readonly line: string;
  readonly doseUM: number;
  readonly replicate: number;
  readonly seed: string;
  readonly seededCells: number;
  readonly hours: number;
}

export interface ExperimentResult {
  readonly experiment: {
    readonly name: string;
    readonly assay: AssayKind;
    readonly description?: string;
    readonly paper?: string;
    readonly source: string;
    /** Root seed actually used (the file's, or the override). */
    readonly seed: string | number;
    readonly lines: readonly string[];
    readonly drug: string | null;
    readonly dosesUM: readonly number[];
    readonly timesH: readonly number[];
    readonly replicates: number;
    /** Cells simulated per well (the assay's seeding density is separate). */
    readonly cellsPerSample: number;
  };
  readonly wells: readonly SimulatedWell[];
  /** What `nrf2sim assay --json` prints (assay-specific; see the assay modules). */
  readonly summary: Readonly<Record<string, unknown>>;
  readonly measurements: readonly Measurement[];
  /** Tidy tables by file stem (e.g. "wells" → wells.csv). */
  readonly tables: Readonly<Record<string, TidyTable>>;
  readonly fcs: readonly FcsOutput[];
  /** Other text outputs by file name (e.g. drawn blots as SVG). */
  readonly texts: Readonly<Record<string, string>>;
}

/** The measurement table as a tidy table. */
export function measurementTable(ms: readonly Measurement[]): TidyTable {
  return {
    columns: ['measure', 'line', 'dose_uM', 'time_h', 'replicate', 'value'],
    rows: ms.map((m) => [m.measure, m.line, m.doseUM ?? '', m.timeH, m.replicate ?? '', m.value]),
  };
}

/** What one assay's analysis returns. */
export type AssayOutput = Pick<ExperimentResult, 'summary' | 'measurements' | 'tables' | 'fcs' | 'texts'>;
