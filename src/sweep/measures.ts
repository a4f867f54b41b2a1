/**
 * What a sweep can measure at each point, and which virtual assay measures it. Each value is read per
 * biological replicate from the assay's measurement table (src/experiments/types.ts, Measurement):
 * - ic50: `ic50_uM` of the per-replicate 4PL fits of a CCK-8 dose–response (imatinib-dose-response.yaml);
 * - ros_fold: `dcf_fold` of DCF flow at the experiment's highest dose (ros-flow.yaml: 1 µM, 24 h), i.e.
 *   MFI over the reference line's untreated MFI (the line's own untreated cells if there is none);
 * - apoptosis_pct: `annexin_pct` (early + late apoptotic) of Annexin V/PI flow at the highest dose
 *   (apoptosis-flow.yaml: 2 µM, 48 h).
 * All at the experiment's last time point.
 */
import { InputError } from '../core/errors.js';
import type { AssayKind, ExperimentSpec } from '../assays/experiment.js';
import type { Measurement } from '../experiments/types.js';

export const MEASURE_NAMES = ['ic50', 'ros_fold', 'apoptosis_pct'] as const;
export type MeasureName = (typeof MEASURE_NAMES)[number];

export interface MeasureDef {
  readonly name: MeasureName;
  readonly assay: AssayKind;
  /** The built-in experiment (scenarios/experiments/<file>) used when sweeping a scenario. */
  readonly experimentFile: string;
  /** Measurement read (src/experiments/types.ts). */
  readonly measurement: string;
  /** Read at the experiment's highest dose (flow), or dose-free (a fitted IC50). */
  readonly atHighestDose: boolean;
  readonly label: string;
}

export const MEASURES: Readonly<Record<MeasureName, MeasureDef>> = {
  ic50: { name: 'ic50', assay: 'cck8-dose-response', experimentFile: 'imatinib-dose-response.yaml', measurement: 'ic50_uM', atHighestDose: false, label: 'IC50 (µM)' },
  ros_fold: { name: 'ros_fold', assay: 'flow-dcf', experimentFile: 'ros-flow.yaml', measurement: 'dcf_fold', atHighestDose: true, label: 'ROS (DCF fold)' },
  apoptosis_pct: { name: 'apoptosis_pct', assay: 'flow-annexin-pi', experimentFile: 'apoptosis-flow.yaml', measurement: 'annexin_pct', atHighestDose: true, label: 'Annexin V+ (%)' },
};

/** Parse `--measure ic50,ros_fold` (repeatable, comma-separated), in the order given, no duplicates. */
export function parseMeasures(items: readonly string[]): MeasureDef[] {
  const names = items.flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s !== '');
  if (names.length === 0) throw new InputError({ file: '--measure' }, `name at least one measure: ${MEASURE_NAMES.join(', ')}`);
  const out: MeasureDef[] = [];
  for (const n of names) {
    if (!(MEASURE_NAMES as readonly string[]).includes(n)) throw new InputError({ file: '--measure', field: n }, `unknown measure; expected one of ${MEASURE_NAMES.join(', ')}`);
    if (out.some((m) => m.name === n)) throw new InputError({ file: '--measure', field: n }, 'measure named twice');
    out.push(MEASURES[n as MeasureName]);
  }
  return out;
}

/** The replicate values of `def` for `line` in an experiment's measurements (replicate order). */
export function measureValues(def: MeasureDef, spec: ExperimentSpec, measurements: readonly Measurement[], line: string): number[] {
  const timeH = spec.timesH[spec.timesH.length - 1]!;
  const doses = spec.treatment?.dosesUM ?? [0];
  const dose = Math.max(...doses);
  return measurements
    .filter((m) => m.measure === def.measurement && m.line === line && m.timeH === timeH && m.replicate !== null && (!def.atHighestDose || m.doseUM === dose))
    .sort((a, b) => a.replicate! - b.replicate!)
    .map((m) => m.value);
}
