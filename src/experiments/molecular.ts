/**
 * qRT-PCR and western-blot experiments on simulated wells.
 *
 * - qRT-PCR: one biological sample per line × dose × replicate (the harvested culture of that
 *   well); one plate per time point (one random stream `deriveSeed(root, 'assay', 'qpcr', time)`);
 *   technical replicates, Ct, then 2^−ΔΔCt vs the control line's untreated samples with the reference
 *   gene (Livak & Schmittgen), plus each replicate's fold (its ΔCt minus the control group's mean ΔCt).
 * - Western: one blot per biological replicate and time point (all lines and doses side by side,
 *   stream `deriveSeed(root, 'assay', 'western', time, replicate)`), auto-exposed per protein,
 *   densitometry target / loading control normalised to the control line's lane on the same blot.
 *   A drawn blot (SVG) per blot.
 */
import type { QpcrExperiment, WesternExperiment } from '../assays/experiment.js';
import { experimentDosesUM } from '../assays/experiment.js';
import { DEFAULT_QPCR, relativeExpression, runQpcr, type QpcrReaction, type QpcrSampleInput } from '../assays/qpcr.js';
import { DEFAULT_WESTERN, runWesternBlot, westernRatios, type WesternLaneInput } from '../assays/western.js';
import { deriveSeed, makeRng } from '../core/rng.js';
import { westernBlotSvg } from '../report/figures/western-blot-svg.js';
import { conditionKey, safeFileName, sampleName } from './naming.js';
import type { AssayOutput, Measurement } from './types.js';
import type { SampleSource } from './wells.js';
import { finiteMean, finiteStandardDeviation } from '../analysis/stats/descriptive.js';

/** σ of ln(reference-gene copies) between cells (qpcr.ts's assumed 0.25); the experiment file does not set it. */
const REFERENCE_CELL_SIGMA = 0.25;
/** σ of ln(loading-control amount) between cells and its molecules per cell (western.ts's assumed values). */
const LOADING_CELL_SIGMA = 0.15;
const LOADING_MOLECULES_PER_CELL = 1e8;


export function qpcr(spec: QpcrExperiment, samples: SampleSource, root: string | number): AssayOutput {
  const q = spec.qpcr;
  const doses = experimentDosesUM(spec);
  const settings = { ...DEFAULT_QPCR, technicalReplicates: q.technicalReplicates };
  const reference = { gene: q.reference.gene, copiesPerCell: q.reference.copiesPerCell, cellSigma: REFERENCE_CELL_SIGMA, efficiency: q.reference.efficiency };
  const measurements: Measurement[] = [];
  const reactionRows: (string | number)[][] = [];
  const expressionRows: (string | number)[][] = [];
  const groups: Record<string, Record<string, unknown>> = {};
  for (const timeH of spec.timesH) {
    const inputs: (QpcrSampleInput & { line: string; doseUM: number })[] = [];
    for (const l of spec.lines) {
      for (const doseUM of doses) {
        for (let r = 1; r <= q.biologicalReplicates; r++) {
          inputs.push({ id: sampleName(spec, l.name, doseUM, timeH, r), group: conditionKey(spec, l.name, doseUM, timeH), replicate: r, cells: samples.sample(l.name, doseUM, r, timeH), line: l.name, doseUM });
        }
      }
    }
    const reactions = runQpcr(inputs, q.targets, reference, settings, makeRng(deriveSeed(root, 'assay', 'qpcr', timeH)));
    const bySample = new Map(inputs.map((s) => [s.id, s]));
    for (const x of reactions) {
      const s = bySample.get(x.sampleId)!;
      reactionRows.push([x.sampleId, s.line, s.doseUM, timeH, x.replicate, x.gene, x.technicalReplicate, x.ct, x.efficiency]);
    }
    const controlGroup = conditionKey(spec, q.controlLine, 0, timeH);
    const rel = relativeExpression(reactions, controlGroup, q.reference.gene);
    // Per-sample ΔCt (mean of determined technical wells), for per-replicate folds.
    const meanCt = meanCts(reactions);
    for (const t of q.targets) {
      const dct = new Map(inputs.map((s) => [s.id, (meanCt.get(`${s.id}\u0000${t.gene}`) ?? NaN) - (meanCt.get(`${s.id}\u0000${q.reference.gene}`) ?? NaN)]));
      const ctlMean = finiteMean(inputs.filter((s) => s.group === controlGroup).map((s) => dct.get(s.id)!));
      for (const s of inputs) {
        const d = dct.get(s.id)!;
        const fold = Math.pow(2, -(d - ctlMean));
        const at = { line: s.line, doseUM: s.doseUM, timeH, replicate: s.replicate };
        measurements.push({ measure: `qpcr_fold:${t.gene}`, ...at, value: fold });
        measurements.push({ measure: `qpcr_delta_ct:${t.gene}`, ...at, value: d });
        expressionRows.push([s.id, s.line, s.doseUM, timeH, s.replicate, t.gene, q.reference.gene, d, d - ctlMean, fold]);
      }
    }
    for (const row of rel) {
      (groups[row.group] ??= {})[row.gene] = {
        fold: row.fold,
        foldRange: [row.foldRange[0], row.foldRange[1]],
        pfafflRatio: row.pfafflRatio,
        foldPerReplicate: [...row.foldPerReplicate],
        deltaCt: [...row.deltaCt],
      };
    }
  }
  return {
    summary: { controlLine: q.controlLine, referenceGene: q.reference.gene, foldIs: '2^−ΔΔCt vs the control line (untreated), reference gene normalised', lines: groups },
    measurements,
    tables: {
      reactions: { columns: ['sample', 'line', 'dose_uM', 'time_h', 'replicate', 'gene', 'technical_replicate', 'ct', 'efficiency'], rows: reactionRows },
      expression: { columns: ['sample', 'line', 'dose_uM', 'time_h', 'replicate', 'gene', 'reference_gene', 'delta_ct', 'delta_delta_ct', 'fold'], rows: expressionRows },
    },
    fcs: [],
    texts: {},
  };
}

function meanCts(reactions: readonly QpcrReaction[]): Map<string, number> {
  const acc = new Map<string, { s: number; n: number }>();
  for (const r of reactions) {
    const k = `${r.sampleId}\u0000${r.gene}`;
    const e = acc.get(k) ?? { s: 0, n: 0 };
    if (!Number.isNaN(r.ct)) {
      e.s += r.ct;
      e.n++;
    }
    acc.set(k, e);
  }
  return new Map([...acc].map(([k, e]) => [k, e.n > 0 ? e.s / e.n : NaN]));
}

export function western(spec: WesternExperiment, samples: SampleSource, root: string | number): AssayOutput {
  const w = spec.western;
  const doses = experimentDosesUM(spec);
  const settings = { ...DEFAULT_WESTERN, loadedProteinUg: w.loadedProteinUg, detector: w.detector };
  const loading = { protein: w.loadingControl.protein, moleculesPerCell: w.loadingControl.moleculesPerCell ?? LOADING_MOLECULES_PER_CELL, cellSigma: LOADING_CELL_SIGMA };
  const measurements: Measurement[] = [];
  const bandRows: (string | number)[][] = [];
  const ratioRows: (string | number)[][] = [];
  const texts: Record<string, string> = {};
  const perGroup = new Map<string, Map<string, number[]>>();
  for (const timeH of spec.timesH) {
    for (let r = 1; r <= w.replicates; r++) {
      const lanes: (WesternLaneInput & { line: string; doseUM: number })[] = [];
      for (const l of spec.lines) {
        for (const doseUM of doses) {
          lanes.push({ id: sampleName(spec, l.name, doseUM, timeH, r), group: conditionKey(spec, l.name, doseUM, timeH), replicate: r, cells: samples.sample(l.name, doseUM, r, timeH), line: l.name, doseUM });
        }
      }
      const blot = spec.timesH.length > 1 ? `blot_${timeH}h_rep${r}` : `blot_rep${r}`;
      const bands = runWesternBlot(lanes, w.targets, loading, settings, makeRng(deriveSeed(root, 'assay', 'western', timeH, r)));
      texts[safeFileName(blot, 'svg')] = westernBlotSvg(bands, { fullScale: settings.fullScale });
      const byId = new Map(lanes.map((l) => [l.id, l]));
      for (const b of bands) {
        const l = byId.get(b.sampleId)!;
        bandRows.push([blot, b.lane, b.sampleId, l.line, l.doseUM, timeH, r, b.protein, b.intensity, b.molecules]);
      }
      const ratios = westernRatios(bands, loading.protein, conditionKey(spec, w.controlLine, 0, timeH));
      for (const x of ratios) {
        const l = byId.get(x.sampleId)!;
        measurements.push({ measure: `western_ratio:${x.protein}`, line: l.line, doseUM: l.doseUM, timeH, replicate: r, value: x.normalized });
        ratioRows.push([blot, x.lane, x.sampleId, l.line, l.doseUM, timeH, r, x.protein, x.ratio, x.normalized]);
        const g = perGroup.get(x.group) ?? new Map<string, number[]>();
        const arr = g.get(x.protein) ?? [];
        arr.push(x.normalized);
        g.set(x.protein, arr);
        perGroup.set(x.group, g);
      }
    }
  }
  const lines: Record<string, Record<string, unknown>> = {};
  for (const [group, g] of perGroup) {
    for (const [protein, xs] of g) (lines[group] ??= {})[protein] = { fold: finiteMean(xs), sd: finiteStandardDeviation(xs), foldPerReplicate: xs };
  }
  return {
    summary: { controlLine: w.controlLine, loadingControl: loading.protein, foldIs: '(target / loading control) / the same ratio of the control line’s lane on the same blot', lines },
    measurements,
    tables: {
      bands: { columns: ['blot', 'lane', 'sample', 'line', 'dose_uM', 'time_h', 'replicate', 'protein', 'intensity', 'molecules_true'], rows: bandRows },
      ratios: { columns: ['blot', 'lane', 'sample', 'line', 'dose_uM', 'time_h', 'replicate', 'protein', 'ratio_to_loading', 'normalized'], rows: ratioRows },
    },
    fcs: [],
    texts,
  };
}
