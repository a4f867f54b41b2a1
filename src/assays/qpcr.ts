/**
 * Real-time qRT-PCR: threshold cycles (Ct) from mRNA copies, and relative expression by the
 * 2^−ΔΔCt method (Livak & Schmittgen 2001, Methods 25:402–408) and its efficiency-corrected form
 * (Pfaffl 2001, Nucleic Acids Res 29:e45).
 *
 * Per biological sample (one harvested culture): copies of each transcript in the harvested cells
 * (Σ over simulated cells of copies per cell, scaled to `cellsHarvested`), times an RNA extraction
 * yield that varies between samples (the reason for a reference gene: it cancels in ΔCt), times a
 * reverse-transcription yield, times the fraction of the cDNA put in one PCR well.
 * Per technical well: N₀ = Poisson(expected copies · pipetting factor) template molecules, then
 *
 *   Ct = log(N_q / N₀) / log(1 + E) + ε,   ε ~ N(0, technicalSD)
 *
 * (exponential amplification N_c = N₀(1 + E)^c crossing the threshold N_q). N₀ = 0 or Ct beyond
 * the run's last cycle is "Undetermined" (NaN).
 */
import type { Rng } from '../core/rng.js';
import { sampleCount, sampleFactor, sampleLogNormal, sampleNormal } from './noise.js';
import { checkCellSample, moleculesPerCell, speciesOf, type CellSample } from './types.js';
import { mean } from '../analysis/stats/descriptive.js';

/** A gene measured from a model species (mRNA, µM in the sample). */
export interface QpcrTarget {
  /** Gene symbol, e.g. "NFE2L2". */
  readonly gene: string;
  /** Model species holding its mRNA, e.g. "Nrf2_mRNA". */
  readonly species: string;
  /** Amplification efficiency E (1 = doubling per cycle); MIQE accepts 0.9–1.1. */
  readonly efficiency: number;
}

/** A reference (housekeeping) gene not in the model: its own copies per reference-size cell. */
export interface QpcrReference {
  /** e.g. "GAPDH" or "ACTB". */
  readonly gene: string;
  /** Mean copies per reference-size cell. Assumed 2000 for GAPDH (among the most abundant mRNAs, ~0.5 % of ~3e5 mRNAs per cell). */
  readonly copiesPerCell: number;
  /** σ of ln(copies) between cells. Assumed 0.25. */
  readonly cellSigma: number;
  readonly efficiency: number;
}

export interface QpcrSettings {
  /** Cells harvested per biological sample. Assumed 1e6 (one well of a 6-well plate). */
  readonly cellsHarvested: number;
  /** Mean RNA extraction yield. Assumed 0.6. */
  readonly extractionYield: number;
  /** CV of the extraction yield between samples. Assumed 0.2. */
  readonly extractionCV: number;
  /**
   * Reverse-transcription yield (cDNA per mRNA). Assumed 0.5: RT yields vary widely, 10–90 % by
   * gene and priming (Ståhlberg et al. 2004, Clin Chem 50:509–515).
   */
  readonly rtYield: number;
  /**
   * Fraction of a sample's cDNA in one PCR well. Assumed 1/3000: 1 µg of ≈ 15 µg RNA per 1e6
   * cells into a 20 µL RT, 1 µL of a 1:10 dilution per reaction.
   */
  readonly fractionPerWell: number;
  /** Pipetting CV of the template volume per well. Assumed 0.03. */
  readonly pipettingCV: number;
  /**
   * Amplicons at the threshold, N_q. Assumed 1e10: one template copy then crosses at
   * Ct ≈ 33 (E = 1), in line with the usual single-copy Ct of 33–35.
   */
  readonly thresholdCopies: number;
  /** Technical Ct SD between replicate wells. Assumed 0.12 cycles (replicates typically within 0.2). */
  readonly technicalSD: number;
  /** Cycles run; later crossings are "Undetermined". */
  readonly maxCycles: number;
  /** Technical replicate wells per gene and sample (triplicates). */
  readonly technicalReplicates: number;
}

export const DEFAULT_QPCR: QpcrSettings = {
  cellsHarvested: 1e6,
  extractionYield: 0.6,
  extractionCV: 0.2,
  rtYield: 0.5,
  fractionPerWell: 1 / 3000,
  pipettingCV: 0.03,
  thresholdCopies: 1e10,
  technicalSD: 0.12,
  maxCycles: 40,
  technicalReplicates: 3,
};

export interface QpcrSampleInput {
  /** Unique sample id, e.g. "k562-rep1". */
  readonly id: string;
  /** Group compared in ΔΔCt (cell line or line + treatment), e.g. "k562". */
  readonly group: string;
  /** Biological replicate number. */
  readonly replicate: number;
  readonly cells: CellSample;
}

export interface QpcrReaction {
  readonly sampleId: string;
  readonly group: string;
  readonly replicate: number;
  readonly gene: string;
  readonly technicalReplicate: number;
  /** Threshold cycle; NaN = Undetermined. */
  readonly ct: number;
  readonly efficiency: number;
}

/** Ct of one well from its template copies N₀ (no noise): log(N_q/N₀)/log(1 + E). */
export function thresholdCycle(templateCopies: number, efficiency: number, thresholdCopies: number): number {
  return Math.log(thresholdCopies / templateCopies) / Math.log(1 + efficiency);
}

/** Mean transcript copies per harvested cell of a species in a sample (volume-weighted). */
export function meanCopiesPerCell(sample: CellSample, species: string): number {
  if (sample.count === 0) return 0;
  const c = speciesOf(sample, species);
  let s = 0;
  for (let i = 0; i < sample.count; i++) s += c[i]! * (sample.relativeVolume ? sample.relativeVolume[i]! : 1);
  return moleculesPerCell(s / sample.count, sample.cellVolumePL);
}

/**
 * Run the plate: for each sample (in order), each gene (targets, then the reference), each
 * technical replicate, one Ct.
 */
export function runQpcr(
  samples: readonly QpcrSampleInput[],
  targets: readonly QpcrTarget[],
  reference: QpcrReference,
  settings: QpcrSettings,
  rng: Rng,
): QpcrReaction[] {
  const out: QpcrReaction[] = [];
  for (const s of samples) {
    checkCellSample(s.cells, `qPCR sample '${s.id}'`);
    const extraction = settings.extractionYield * sampleFactor(rng, settings.extractionCV);
    const perHarvest = settings.cellsHarvested * extraction * settings.rtYield * settings.fractionPerWell;
    const genes: { gene: string; copies: number; efficiency: number }[] = targets.map((t) => ({
      gene: t.gene,
      copies: meanCopiesPerCell(s.cells, t.species) * perHarvest,
      efficiency: t.efficiency,
    }));
    genes.push({ gene: reference.gene, copies: referenceCopiesPerCell(s.cells, reference, rng) * perHarvest, efficiency: reference.efficiency });
    for (const g of genes) {
      for (let r = 1; r <= settings.technicalReplicates; r++) {
        const n0 = sampleCount(rng, g.copies * sampleFactor(rng, settings.pipettingCV));
        let ct = n0 > 0 ? thresholdCycle(n0, g.efficiency, settings.thresholdCopies) + sampleNormal(rng, 0, settings.technicalSD) : NaN;
        if (ct > settings.maxCycles) ct = NaN;
        out.push({ sampleId: s.id, group: s.group, replicate: s.replicate, gene: g.gene, technicalReplicate: r, ct, efficiency: g.efficiency });
      }
    }
  }
  return out;
}

/**
 * Mean reference-gene copies per harvested cell: log-normal per simulated cell around
 * copiesPerCell × relative volume (transcript numbers scale with cell size).
 */
function referenceCopiesPerCell(sample: CellSample, ref: QpcrReference, rng: Rng): number {
  if (sample.count === 0) return 0;
  let s = 0;
  for (let i = 0; i < sample.count; i++) {
    s += sampleLogNormal(rng, ref.copiesPerCell * (sample.relativeVolume ? sample.relativeVolume[i]! : 1), ref.cellSigma);
  }
  // The log-normal's mean is median·e^{σ²/2}; rescale so copiesPerCell is the mean.
  return s / sample.count / Math.exp((ref.cellSigma * ref.cellSigma) / 2);
}

export interface RelativeExpressionRow {
  readonly group: string;
  readonly gene: string;
  /** Per biological replicate: ΔCt = Ct(target) − Ct(reference), each the mean of its technical wells. */
  readonly deltaCt: readonly number[];
  /** Per replicate: ΔΔCt = ΔCt − mean ΔCt of the control group. */
  readonly deltaDeltaCt: readonly number[];
  /** 2^−mean(ΔΔCt) (the geometric mean fold change). */
  readonly fold: number;
  /** 2^−(mean ± SD of ΔΔCt), Livak & Schmittgen's range. */
  readonly foldRange: readonly [number, number];
  /** Pfaffl ratio E_t^ΔCt_t(control − sample) / E_r^ΔCt_r(control − sample), E = 1 + efficiency, on replicate-mean Cts. */
  readonly pfafflRatio: number;
  /** Per-replicate 2^−ΔΔCt, for statistics. */
  readonly foldPerReplicate: readonly number[];
}

/**
 * Relative expression of every target gene in every group vs `controlGroup`, normalised to
 * `referenceGene`. Technical replicates are averaged first (Undetermined wells skipped); a
 * biological replicate with no determined well for a gene is left out for that gene.
 */
export function relativeExpression(reactions: readonly QpcrReaction[], controlGroup: string, referenceGene: string): RelativeExpressionRow[] {
  // mean Ct per (sample, gene)
  const cts = new Map<string, { group: string; sampleId: string; gene: string; sum: number; n: number; efficiency: number }>();
  for (const r of reactions) {
    const k = `${r.sampleId}\u0000${r.gene}`;
    const e = cts.get(k) ?? { group: r.group, sampleId: r.sampleId, gene: r.gene, sum: 0, n: 0, efficiency: r.efficiency };
    if (!Number.isNaN(r.ct)) {
      e.sum += r.ct;
      e.n++;
    }
    cts.set(k, e);
  }
  const meanCt = (sampleId: string, gene: string): number => {
    const e = cts.get(`${sampleId}\u0000${gene}`);
    return e && e.n > 0 ? e.sum / e.n : NaN;
  };
  const efficiencyOf = (gene: string): number => {
    for (const e of cts.values()) if (e.gene === gene) return e.efficiency;
    return NaN;
  };
  const groups = [...new Set(reactions.map((r) => r.group))];
  if (!groups.includes(controlGroup)) throw new RangeError(`relativeExpression: no samples in the control group '${controlGroup}'`);
  if (!reactions.some((r) => r.gene === referenceGene)) throw new RangeError(`relativeExpression: no reactions for the reference gene '${referenceGene}'`);
  const genes = [...new Set(reactions.map((r) => r.gene))].filter((g) => g !== referenceGene);
  const samplesOf = (group: string): string[] => [...new Set(reactions.filter((r) => r.group === group).map((r) => r.sampleId))];

  const collect = (group: string, gene: string): { dct: number[]; t: number[]; r: number[] } => {
    const dct: number[] = [];
    const t: number[] = [];
    const r: number[] = [];
    for (const id of samplesOf(group)) {
      const ct = meanCt(id, gene);
      const cr = meanCt(id, referenceGene);
      if (Number.isNaN(ct) || Number.isNaN(cr)) continue;
      dct.push(ct - cr);
      t.push(ct);
      r.push(cr);
    }
    return { dct, t, r };
  };
  const eRef = 1 + efficiencyOf(referenceGene);
  const out: RelativeExpressionRow[] = [];
  for (const gene of genes) {
    const ctl = collect(controlGroup, gene);
    if (ctl.dct.length === 0) throw new RangeError(`relativeExpression: gene '${gene}' is undetermined in every control sample`);
    const ctlMean = mean(ctl.dct);
    const eT = 1 + efficiencyOf(gene);
    for (const group of groups) {
      const g = collect(group, gene);
      const ddct = g.dct.map((d) => d - ctlMean);
      const m = mean(ddct);
      const sd = ddct.length > 1 ? Math.sqrt(ddct.reduce((s, v) => s + (v - m) ** 2, 0) / (ddct.length - 1)) : 0;
      const pfaffl = Math.pow(eT, mean(ctl.t) - mean(g.t)) / Math.pow(eRef, mean(ctl.r) - mean(g.r));
      out.push({
        group,
        gene,
        deltaCt: g.dct,
        deltaDeltaCt: ddct,
        fold: Math.pow(2, -m),
        foldRange: [Math.pow(2, -(m + sd)), Math.pow(2, -(m - sd))],
        pfafflRatio: pfaffl,
        foldPerReplicate: ddct.map((d) => Math.pow(2, -d)),
      });
    }
  }
  return out;
}

