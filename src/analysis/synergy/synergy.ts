/**
 * The four synergy scores of a dose matrix (Bliss, HSA, Loewe, ZIP) with SynergyFinder's
 * definitions: a δ matrix each (positive = synergy, in percentage points of inhibition) and the
 * summary score (mean δ over the combination cells). See bliss-hsa.ts, loewe.ts, zip.ts.
 *
 * Loewe and ZIP need the single-agent 4PL fits. With 5 or more doses per drug (0 included) all four
 * parameters are free (as SynergyFinder's drc fit); with 4, the zero-dose response is fixed at its
 * observed value (drc would interpolate 4 points exactly; our fitter needs a residual degree of
 * freedom); with fewer, Loewe and ZIP are null.
 */
import { blissDelta, hsaDelta } from './bliss-hsa.js';
import { checkDoseMatrix, summaryScore, type DoseMatrix } from './dose-matrix.js';
import { fitInhibition, type InhibitionCurve } from './inhibition-fit.js';
import { loeweDelta } from './loewe.js';
import { zipDelta } from './zip.js';

export type SynergyMethod = 'bliss' | 'hsa' | 'loewe' | 'zip';
export const SYNERGY_METHODS: readonly SynergyMethod[] = ['bliss', 'hsa', 'loewe', 'zip'];

export interface SynergyScores {
  readonly scores: Readonly<Record<SynergyMethod, number | null>>;
  readonly matrices: Readonly<Record<SynergyMethod, number[][] | null>>;
  /** Single-agent fits (null when not fittable). */
  readonly singleAgents: { readonly a: InhibitionCurve | null; readonly b: InhibitionCurve | null };
}

export function singleAgentCurves(m: DoseMatrix): { a: InhibitionCurve | null; b: InhibitionCurve | null } {
  const fit = (doses: readonly number[], ys: readonly number[]): InhibitionCurve | null =>
    doses.length >= 5 ? fitInhibition(doses, ys) : doses.length === 4 ? fitInhibition(doses, ys, { i0: ys[0]! }) : null;
  return { a: fit(m.dosesA, m.response.map((r) => r[0]!)), b: fit(m.dosesB, m.response[0]!) };
}

export function synergyScores(m: DoseMatrix): SynergyScores {
  checkDoseMatrix(m);
  const curves = singleAgentCurves(m);
  const bliss = blissDelta(m);
  const hsa = hsaDelta(m);
  const loewe = curves.a && curves.b ? loeweDelta(m, curves.a, curves.b) : null;
  const zip = curves.a && curves.b ? zipDelta(m, curves.a, curves.b) : null;
  const matrices = { bliss, hsa, loewe, zip };
  return {
    scores: {
      bliss: summaryScore(bliss),
      hsa: summaryScore(hsa),
      loewe: loewe ? summaryScore(loewe) : null,
      zip: zip ? summaryScore(zip) : null,
    },
    matrices,
    singleAgents: curves,
  };
}
