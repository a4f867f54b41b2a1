/**
 * CCK-8 experiments on simulated wells: plates laid out from the experiment (plate.ts), each cell
 * well read from the simulated well of its line, dose and replicate at the plate's read time.
 *
 * - Dose–response: viability % per well (normalised on its plate), a 4PL fit per line over all wells
 *   and per biological replicate, and the resistance index vs the reference line (per fit pair and
 *   per replicate pair).
 * - Proliferation: blank-corrected OD per line, day and replicate, and a doubling time per replicate
 *   from the log-linear slope of OD − blank over the read times.
 */
import { fitLogistic4, resistanceIndex, type Logistic4Fit } from '../analysis/fit/logistic4.js';
import { DEFAULT_CCK8_SETTINGS, cck8Proliferation, cck8Viability, readCck8Plates, type Cck8Settings, type Cck8WellReading } from '../assays/cck8.js';
import { experimentDosesUM, plateSpecOf, type Cck8DoseResponseExperiment, type Cck8ProliferationExperiment } from '../assays/experiment.js';
import { layoutPlates } from '../assays/plate.js';
import { deriveSeed, makeRng } from '../core/rng.js';
import type { AssayOutput, Measurement } from './types.js';
import type { SampleSource } from './wells.js';

function settingsOf(spec: Cck8DoseResponseExperiment | Cck8ProliferationExperiment): Cck8Settings {
  return { ...DEFAULT_CCK8_SETTINGS, seedingCellsPerWell: spec.cck8.seedingCellsPerWell, reagentIncubationH: spec.cck8.reagentIncubationH };
}

function readPlates(spec: Cck8DoseResponseExperiment | Cck8ProliferationExperiment, samples: SampleSource, root: string | number): Cck8WellReading[] {
  const layout = layoutPlates(plateSpecOf(spec));
  const rng = makeRng(deriveSeed(root, 'assay', spec.assay));
  return readCck8Plates(layout, (w) => samples.sample(w.condition!.line, w.condition!.doseUM, w.replicate, w.timeH), settingsOf(spec), rng);
}

/** The 4PL fit, or null when the data cannot be fitted (e.g. a non-finite viability). */
function tryFit(doses: number[], ys: number[], fixTop: number | undefined): Logistic4Fit | null {
  if (ys.some((y) => !Number.isFinite(y))) return null;
  try {
    return fitLogistic4(doses, ys, fixTop !== undefined ? { fixTop } : {});
  } catch {
    return null;
  }
}

export interface FitSummary {
  readonly ic50: number;
  readonly ci95: readonly [number, number];
  readonly hill: number;
  readonly r2: number;
  readonly bottom: number;
  readonly top: number;
  readonly absoluteIC50: number;
  readonly n: number;
  readonly converged: boolean;
  readonly atBound: readonly string[];
}

function fitSummary(f: Logistic4Fit): FitSummary {
  return {
    ic50: f.ic50,
    ci95: [f.ic50Ci[0], f.ic50Ci[1]],
    hill: f.hill,
    r2: f.r2,
    bottom: f.bottom,
    top: f.top,
    absoluteIC50: f.absoluteIC50,
    n: f.n,
    converged: f.converged,
    atBound: [...f.atBound],
  };
}

export function doseResponse(spec: Cck8DoseResponseExperiment, samples: SampleSource, root: string | number): AssayOutput {
  const readings = readPlates(spec, samples, root);
  const rows = cck8Viability(readings);
  const lines = spec.lines.map((l) => l.name);
  const ref = spec.cck8.referenceLine;
  const replicates = spec.cck8.replicates;
  const measurements: Measurement[] = [];
  for (const r of rows) {
    measurements.push({ measure: 'od450', line: r.line, doseUM: r.doseUM, timeH: r.timeH, replicate: r.replicate, value: r.od450 });
    measurements.push({ measure: 'viability_pct', line: r.line, doseUM: r.doseUM, timeH: r.timeH, replicate: r.replicate, value: r.viabilityPct });
  }
  const fitRows: (string | number)[][] = [];
  const byTime: Record<string, unknown> = {};
  for (const timeH of spec.timesH) {
    const at = rows.filter((r) => r.timeH === timeH);
    const fitOf = (line: string, replicate?: number): Logistic4Fit | null => {
      const sel = at.filter((r) => r.line === line && (replicate === undefined || r.replicate === replicate));
      return tryFit(sel.map((r) => r.doseUM), sel.map((r) => r.viabilityPct), spec.cck8.fixTop);
    };
    const pooled = new Map(lines.map((l) => [l, fitOf(l)]));
    const perRep = new Map(lines.map((l) => [l, Array.from({ length: replicates }, (_, k) => fitOf(l, k + 1))]));
    const out: Record<string, unknown> = {};
    for (const line of lines) {
      const f = pooled.get(line)!;
      const refFit = ref !== undefined ? pooled.get(ref)! : null;
      const ri = f && refFit ? resistanceIndex(f, refFit) : null;
      const reps = perRep.get(line)!.map((rf, k) => {
        const refRep = ref !== undefined ? perRep.get(ref)![k]! : null;
        const riRep = rf && refRep ? rf.ic50 / refRep.ic50 : NaN;
        if (rf) {
          measurements.push({ measure: 'ic50_uM', line, doseUM: null, timeH, replicate: k + 1, value: rf.ic50 });
          measurements.push({ measure: 'hill', line, doseUM: null, timeH, replicate: k + 1, value: rf.hill });
          if (ref !== undefined) measurements.push({ measure: 'resistance_index', line, doseUM: null, timeH, replicate: k + 1, value: riRep });
        }
        fitRows.push(fitRow(line, timeH, k + 1, rf, riRep));
        return rf ? { replicate: k + 1, ic50: rf.ic50, ci95: [rf.ic50Ci[0], rf.ic50Ci[1]], hill: rf.hill, r2: rf.r2, ...(ref !== undefined ? { resistanceIndex: riRep } : {}) } : { replicate: k + 1, ic50: null };
      });
      fitRows.push(fitRow(line, timeH, '', f, ri ? ri.ratio : NaN));
      out[line] = f
        ? { ...fitSummary(f), ...(ri ? { resistanceIndex: ri.ratio, resistanceIndexCi95: [ri.ci[0], ri.ci[1]] } : {}), replicates: reps }
        : { ic50: null, error: 'the 4PL fit failed (non-finite viabilities or too few points)', replicates: reps };
    }
    byTime[String(timeH)] = out;
  }
  const last = String(spec.timesH[spec.timesH.length - 1]);
  const wellRows = readings.map((w) => {
    const v = rows.find((r) => r.plate === w.plate && r.well === w.well);
    const c = w.condition;
    return [w.plate + 1, w.well, w.role, c?.line ?? '', c ? c.doseUM : '', w.timeH, w.replicate, w.cells, w.od450, v ? v.viabilityPct : '', v ? v.inhibitionPct : ''];
  });
  return {
    summary: {
      unit: 'uM',
      timeH: spec.timesH[spec.timesH.length - 1]!,
      ...(ref !== undefined ? { referenceLine: ref } : {}),
      lines: byTime[last],
      ...(spec.timesH.length > 1 ? { byTime } : {}),
    },
    measurements,
    tables: {
      wells: { columns: ['plate', 'well', 'role', 'line', 'dose_uM', 'time_h', 'replicate', 'cells_true', 'od450', 'viability_pct', 'inhibition_pct'], rows: wellRows },
      fits: {
        columns: ['line', 'time_h', 'replicate', 'ic50_uM', 'ci95_lo_uM', 'ci95_hi_uM', 'hill', 'bottom', 'top', 'r2', 'n', 'converged', 'resistance_index'],
        rows: fitRows,
      },
    },
    fcs: [],
    texts: {},
  };
}

function fitRow(line: string, timeH: number, replicate: number | string, f: Logistic4Fit | null, ri: number): (string | number)[] {
  if (!f) return [line, timeH, replicate, '', '', '', '', '', '', '', '', 'false', ''];
  return [line, timeH, replicate, f.ic50, f.ic50Ci[0], f.ic50Ci[1], f.hill, f.bottom, f.top, f.r2, f.n, String(f.converged), ri];
}

/** Doubling time (h) from the least-squares slope of log₂(OD − blank) on time, over positive ODs; NaN with fewer than 2. */
export function doublingTimeH(timesH: readonly number[], netOD: readonly number[]): number {
  const pts = timesH.map((t, i) => [t, netOD[i]!] as const).filter(([, y]) => y > 0);
  if (pts.length < 2) return NaN;
  const n = pts.length;
  const mx = pts.reduce((s, [t]) => s + t, 0) / n;
  const my = pts.reduce((s, [, y]) => s + Math.log2(y), 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const [t, y] of pts) {
    sxy += (t - mx) * (Math.log2(y) - my);
    sxx += (t - mx) ** 2;
  }
  const slope = sxy / sxx;
  return slope > 0 ? 1 / slope : NaN;
}

export function proliferation(spec: Cck8ProliferationExperiment, samples: SampleSource, root: string | number): AssayOutput {
  const readings = readPlates(spec, samples, root);
  const points = cck8Proliferation(readings);
  const blanks = new Map<number, { s: number; n: number }>();
  for (const r of readings) {
    if (r.role !== 'blank') continue;
    const e = blanks.get(r.plate) ?? { s: 0, n: 0 };
    e.s += r.od450;
    e.n++;
    blanks.set(r.plate, e);
  }
  const blankOf = (plate: number): number => blanks.get(plate)!.s / blanks.get(plate)!.n;
  const measurements: Measurement[] = [];
  const wellRows: (string | number)[][] = [];
  for (const w of readings) {
    const c = w.condition;
    const net = w.od450 - blankOf(w.plate);
    wellRows.push([w.plate + 1, w.well, w.role, c?.line ?? '', c ? c.doseUM : '', w.timeH, w.timeH / 24, w.replicate, w.cells, w.od450, c ? net : '']);
    if (c) {
      measurements.push({ measure: 'od450', line: c.line, doseUM: c.doseUM, timeH: w.timeH, replicate: w.replicate, value: w.od450 });
      measurements.push({ measure: 'od450_net', line: c.line, doseUM: c.doseUM, timeH: w.timeH, replicate: w.replicate, value: net });
    }
  }
  const doses = experimentDosesUM(spec);
  const times = [...spec.timesH];
  const lastT = times[times.length - 1]!;
  const curves: Record<string, unknown> = {};
  for (const l of spec.lines) {
    for (const doseUM of doses) {
      const pts = times.map((t) => points.find((p) => p.line === l.name && p.doseUM === doseUM && p.timeH === t)!);
      const perRep = Array.from({ length: spec.cck8.replicates }, (_, k) => {
        const net = times.map((t) => {
          const m = measurements.find((x) => x.measure === 'od450_net' && x.line === l.name && x.doseUM === doseUM && x.timeH === t && x.replicate === k + 1);
          return m ? m.value : NaN;
        });
        const td = doublingTimeH(times, net);
        measurements.push({ measure: 'doubling_time_h', line: l.name, doseUM, timeH: lastT, replicate: k + 1, value: td });
        return td;
      });
      const meanOD = pts.map((p) => p.meanOD);
      const key = doses.length > 1 ? `${l.name}@${doseUM}uM` : l.name;
      curves[key] = {
        ...(doses.length > 1 ? { line: l.name, doseUM } : {}),
        timesH: times,
        days: times.map((t) => t / 24),
        meanOD,
        sdOD: pts.map((p) => p.sdOD),
        foldGrowth: meanOD.map((m) => m / meanOD[0]!),
        doublingTimeH: doublingTimeH(times, meanOD),
        doublingTimeHPerReplicate: perRep,
      };
    }
  }
  return {
    summary: { odIs: 'OD450 − mean blank of the plate', lines: curves },
    measurements,
    tables: {
      wells: { columns: ['plate', 'well', 'role', 'line', 'dose_uM', 'time_h', 'day', 'replicate', 'cells_true', 'od450', 'od450_net'], rows: wellRows },
      growth: {
        columns: ['line', 'dose_uM', 'time_h', 'day', 'mean_od450_net', 'sd_od450_net', 'n'],
        rows: points.map((p) => [p.line, p.doseUM, p.timeH, p.timeH / 24, p.meanOD, p.sdOD, p.correctedOD.length]),
      },
    },
    fcs: [],
    texts: {},
  };
}
