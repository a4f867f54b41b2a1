/**
 * Flow-cytometry experiments on simulated wells. Every tube is acquired from its own random stream
 * `deriveSeed(root, 'assay', 'flow', line, dose, time, replicate, stain)`, so a tube's events do not
 * depend on which other tubes exist. Each biological replicate is analysed as its own session
 * (voltages and gates set on that replicate's control tubes), as independent experiments are.
 *
 * - DCF (ROS): the FITC gain is set on the reference line's untreated tube (its median ROS at the
 *   reference intensity — the operator setting the PMT voltage, then keeping it); a forward-scatter
 *   gate from that tube drops debris; MFI (mean) and median of the gated events; the unstained tube of
 *   each line (untreated cells, autofluorescence only) is subtracted; fold = (MFI − background of the
 *   line) / (MFI of the reference line untreated − its background), likewise for the median.
 * - Annexin V/PI: raw events are compensated with the cytometer's spillover matrix; scatter and
 *   quadrant gates come from each line's own untreated tube (gate_z robust SDs above its negative
 *   population); % viable (A−P−), early (A+P−), late (A+P+) and necrotic (A−P+) of gated events.
 *
 * FCS files hold the raw (uncompensated) events with $SPILLOVER, as a cytometer writes them.
 */
import { annexinPiStain, DEFAULT_ANNEXIN_PI } from '../assays/flow/annexin-pi.js';
import { dcfSettingsFromControl, dcfStain, DEFAULT_DCF, summarizeDcf, UNSTAINED, type FluorescenceSummary } from '../assays/flow/dcf.js';
import { acquireEvents, compensateEvents, DEFAULT_CYTOMETER, type FlowEvents, type StainModel } from '../assays/flow/events.js';
import { applyScatterGate, quadrantGatesFromControl, quadrantPercentages, scatterGateFromControl, type QuadrantResult } from '../assays/flow/gating.js';
import type { FlowAnnexinPiExperiment, FlowDcfExperiment } from '../assays/experiment.js';
import { experimentDosesUM } from '../assays/experiment.js';
import { stageFractions, type CellSample } from '../assays/types.js';
import { deriveSeed, makeRng } from '../core/rng.js';
import { doseLabel, safeFileName, sampleName } from './naming.js';
import type { AssayOutput, FcsOutput, Measurement } from './types.js';
import type { SampleSource } from './wells.js';
import { finiteMean, finiteStandardDeviation } from '../analysis/stats/descriptive.js';

const CYTOMETER_NAME = 'nrf2sim virtual cytometer (488 nm; FITC-A 530/30, PE-A 585/42)';

interface Tube {
  readonly name: string;
  readonly line: string;
  readonly doseUM: number;
  readonly timeH: number;
  readonly replicate: number;
  readonly stain: string;
  readonly cells: CellSample;
  /** Raw events; null when the well had no intact cells to acquire. */
  readonly raw: FlowEvents | null;
  readonly fileName: string | null;
}

function acquireTube(
  spec: FlowDcfExperiment | FlowAnnexinPiExperiment,
  root: string | number,
  cells: CellSample,
  stain: StainModel,
  stainTag: string,
  where: { line: string; doseUM: number; timeH: number; replicate: number },
  fcs: FcsOutput[],
): Tube {
  const suffix = stainTag === 'unstained' ? '_unstained' : '';
  const name = sampleName(spec, where.line, where.doseUM, where.timeH, where.replicate, suffix);
  const seed = deriveSeed(root, 'assay', 'flow', where.line, where.doseUM, where.timeH, where.replicate, stainTag);
  const raw = cells.count > 0 ? acquireEvents(cells, stain, { ...DEFAULT_CYTOMETER, events: spec.flow.events }, makeRng(seed)) : null;
  let fileName: string | null = null;
  if (raw && spec.flow.fcs) {
    fileName = safeFileName(name, 'fcs');
    fcs.push({
      fileName,
      dataset: { parameters: raw.parameters, eventCount: raw.eventCount, data: raw.data, spillover: raw.spillover },
      keywords: {
        $CYT: CYTOMETER_NAME,
        $FIL: fileName,
        $SRC: `${where.line} ${doseLabel(spec, where.doseUM)} ${where.timeH} h replicate ${where.replicate}${suffix ? ' unstained' : ''}`,
        $EXP: spec.name,
        NRF2SIM_SAMPLE: name,
        NRF2SIM_STAIN: stainTag,
        NRF2SIM_SEED: seed,
      },
    });
  }
  return { name, ...where, stain: stainTag, cells, raw, fileName };
}


const NO_EVENTS: FluorescenceSummary = { n: 0, mean: NaN, median: NaN };

export function flowDcf(spec: FlowDcfExperiment, samples: SampleSource, root: string | number): AssayOutput {
  const refLine = spec.flow.referenceLine ?? spec.lines[0]!.name;
  const doses = experimentDosesUM(spec);
  const fcs: FcsOutput[] = [];
  const measurements: Measurement[] = [];
  const sampleJson: Record<string, unknown>[] = [];
  const unstainedJson: Record<string, unknown>[] = [];
  const rows: (string | number)[][] = [];
  const perCondition = new Map<string, { line: string; doseUM: number; timeH: number; mfi: number[]; fold: number[]; medianFold: number[] }>();
  for (const timeH of spec.timesH) {
    for (let r = 1; r <= spec.flow.replicates; r++) {
      const control = samples.sample(refLine, 0, r, timeH);
      const stain = dcfStain(dcfSettingsFromControl(control, { ...DEFAULT_DCF, rosSpecies: spec.flow.rosSpecies }));
      const tubes: Tube[] = [];
      for (const l of spec.lines) {
        for (const doseUM of doses) {
          tubes.push(acquireTube(spec, root, samples.sample(l.name, doseUM, r, timeH), stain, 'DCF', { line: l.name, doseUM, timeH, replicate: r }, fcs));
        }
      }
      const unstained = new Map<string, Tube>();
      if (spec.flow.unstainedControl) {
        for (const l of spec.lines) {
          unstained.set(l.name, acquireTube(spec, root, samples.sample(l.name, 0, r, timeH), UNSTAINED, 'unstained', { line: l.name, doseUM: 0, timeH, replicate: r }, fcs));
        }
      }
      const controlTube = tubes.find((t) => t.line === refLine && t.doseUM === 0)!;
      if (!controlTube.raw) throw new RangeError(`flow-dcf: the reference tube ${controlTube.name} has no cells`);
      const gate = scatterGateFromControl(controlTube.raw);
      const summarize = (t: Tube): FluorescenceSummary => (t.raw ? summarizeDcf(t.raw, applyScatterGate(t.raw, gate)) : NO_EVENTS);
      const background = new Map<string, FluorescenceSummary>();
      for (const [line, t] of unstained) {
        const s = summarize(t);
        background.set(line, s);
        unstainedJson.push({ sample: t.name, line, timeH, replicate: r, events: t.raw?.eventCount ?? 0, gatedEvents: s.n, mfi: s.mean, median: s.median, fcs: t.fileName });
        rows.push([t.name, line, 0, timeH, r, 'unstained', t.raw?.eventCount ?? 0, s.n, s.mean, s.median, '', '', '', t.fileName ?? '']);
      }
      const bg = (line: string): { mean: number; median: number } => background.get(line) ?? { mean: 0, median: 0 };
      const ctl = summarize(controlTube);
      const ctlNet = { mean: ctl.mean - bg(refLine).mean, median: ctl.median - bg(refLine).median };
      for (const t of tubes) {
        const s = summarize(t);
        const fold = (s.mean - bg(t.line).mean) / ctlNet.mean;
        const medianFold = (s.median - bg(t.line).median) / ctlNet.median;
        const at = { line: t.line, doseUM: t.doseUM, timeH, replicate: r };
        measurements.push({ measure: 'dcf_mfi', ...at, value: s.mean });
        measurements.push({ measure: 'dcf_median', ...at, value: s.median });
        measurements.push({ measure: 'dcf_fold', ...at, value: fold });
        measurements.push({ measure: 'dcf_median_fold', ...at, value: medianFold });
        sampleJson.push({ sample: t.name, ...at, events: t.raw?.eventCount ?? 0, gatedEvents: s.n, mfi: s.mean, median: s.median, fold, medianFold, fcs: t.fileName });
        rows.push([t.name, t.line, t.doseUM, timeH, r, 'DCF', t.raw?.eventCount ?? 0, s.n, s.mean, s.median, bg(t.line).mean, fold, medianFold, t.fileName ?? '']);
        const key = `${t.line}\u0000${t.doseUM}\u0000${timeH}`;
        const c = perCondition.get(key) ?? { line: t.line, doseUM: t.doseUM, timeH, mfi: [], fold: [], medianFold: [] };
        c.mfi.push(s.mean);
        c.fold.push(fold);
        c.medianFold.push(medianFold);
        perCondition.set(key, c);
      }
    }
  }
  const lines: Record<string, Record<string, unknown>> = {};
  for (const c of perCondition.values()) {
    const cond = spec.timesH.length > 1 ? `${doseLabel(spec, c.doseUM)}@${c.timeH}h` : doseLabel(spec, c.doseUM);
    (lines[c.line] ??= {})[cond] = { doseUM: c.doseUM, timeH: c.timeH, n: c.fold.length, mfi: finiteMean(c.mfi), fold: finiteMean(c.fold), foldSD: finiteStandardDeviation(c.fold), medianFold: finiteMean(c.medianFold) };
  }
  return {
    summary: { referenceLine: refLine, rosSpecies: spec.flow.rosSpecies, foldIs: '(MFI − unstained MFI of the line) / (MFI − unstained MFI) of the reference line untreated, same replicate', lines, samples: sampleJson, unstained: unstainedJson },
    measurements,
    tables: {
      samples: {
        columns: ['sample', 'line', 'dose_uM', 'time_h', 'replicate', 'stain', 'events', 'gated_events', 'mfi', 'median', 'background_mfi', 'fold', 'median_fold', 'fcs_file'],
        rows,
      },
    },
    fcs,
    texts: {},
  };
}

const QUADRANTS = ['viable', 'earlyApoptotic', 'lateApoptotic', 'necrotic'] as const;
const QUADRANT_MEASURES = ['viable_pct', 'early_pct', 'late_pct', 'necrotic_pct'] as const;

export function flowAnnexinPi(spec: FlowAnnexinPiExperiment, samples: SampleSource, root: string | number): AssayOutput {
  const doses = experimentDosesUM(spec);
  const stain = annexinPiStain(DEFAULT_ANNEXIN_PI);
  const fcs: FcsOutput[] = [];
  const measurements: Measurement[] = [];
  const sampleJson: Record<string, unknown>[] = [];
  const rows: (string | number)[][] = [];
  const perCondition = new Map<string, { line: string; doseUM: number; timeH: number; pct: number[][] }>();
  for (const timeH of spec.timesH) {
    for (let r = 1; r <= spec.flow.replicates; r++) {
      for (const l of spec.lines) {
        const tubes = doses.map((doseUM) => acquireTube(spec, root, samples.sample(l.name, doseUM, r, timeH), stain, 'AnnexinV-PI', { line: l.name, doseUM, timeH, replicate: r }, fcs));
        if (spec.flow.unstainedControl) acquireTube(spec, root, samples.sample(l.name, 0, r, timeH), UNSTAINED, 'unstained', { line: l.name, doseUM: 0, timeH, replicate: r }, fcs);
        const control = tubes.find((t) => t.doseUM === 0)!;
        if (!control.raw) throw new RangeError(`flow-annexin-pi: the untreated tube ${control.name} has no cells`);
        const ctlComp = compensateEvents(control.raw);
        const scatter = scatterGateFromControl(ctlComp);
        const gates = quadrantGatesFromControl(ctlComp, applyScatterGate(ctlComp, scatter), { z: spec.flow.gateZ });
        for (const t of tubes) {
          let q: QuadrantResult = { n: 0, counts: [0, 0, 0, 0], percent: [NaN, NaN, NaN, NaN] };
          if (t.raw) {
            const comp = t === control ? ctlComp : compensateEvents(t.raw);
            q = quadrantPercentages(comp, gates, applyScatterGate(comp, scatter));
          }
          const truth = stageFractions(t.cells).map((f) => 100 * f);
          const at = { line: t.line, doseUM: t.doseUM, timeH, replicate: r };
          q.percent.forEach((p, k) => measurements.push({ measure: QUADRANT_MEASURES[k]!, ...at, value: p }));
          const annexin = q.percent[1] + q.percent[2];
          measurements.push({ measure: 'annexin_pct', ...at, value: annexin });
          sampleJson.push({
            sample: t.name,
            ...at,
            events: t.raw?.eventCount ?? 0,
            gatedEvents: q.n,
            ...Object.fromEntries(QUADRANTS.map((name, k) => [name, q.percent[k]])),
            annexinPositive: annexin,
            gates: { fitc: gates.fitc, pe: gates.pe },
            fcs: t.fileName,
          });
          rows.push([t.name, t.line, t.doseUM, timeH, r, t.raw?.eventCount ?? 0, q.n, ...q.percent, annexin, gates.fitc, gates.pe, ...truth, t.fileName ?? '']);
          const key = `${t.line}\u0000${t.doseUM}\u0000${timeH}`;
          const c = perCondition.get(key) ?? { line: t.line, doseUM: t.doseUM, timeH, pct: [] };
          c.pct.push([...q.percent, annexin]);
          perCondition.set(key, c);
        }
      }
    }
  }
  const lines: Record<string, Record<string, unknown>> = {};
  for (const c of perCondition.values()) {
    const cond = spec.timesH.length > 1 ? `${doseLabel(spec, c.doseUM)}@${c.timeH}h` : doseLabel(spec, c.doseUM);
    const col = (k: number): number[] => c.pct.map((p) => p[k]!);
    (lines[c.line] ??= {})[cond] = {
      doseUM: c.doseUM,
      timeH: c.timeH,
      n: c.pct.length,
      ...Object.fromEntries(QUADRANTS.map((name, k) => [name, finiteMean(col(k))])),
      annexinPositive: finiteMean(col(4)),
      annexinPositiveSD: finiteStandardDeviation(col(4)),
    };
  }
  return {
    summary: { percentOf: 'events in the FSC gate; quadrant gates from each line’s untreated tube', lines, samples: sampleJson },
    measurements,
    tables: {
      samples: {
        columns: [
          'sample', 'line', 'dose_uM', 'time_h', 'replicate', 'events', 'gated_events', 'viable_pct', 'early_pct', 'late_pct', 'necrotic_pct', 'annexin_pct',
          'gate_fitc', 'gate_pe', 'true_viable_pct', 'true_early_pct', 'true_late_pct', 'true_necrotic_pct', 'fcs_file',
        ],
        rows,
      },
    },
    fcs,
    texts: {},
  };
}
