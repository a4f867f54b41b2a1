/**
 * Zero interaction potency (ZIP) delta (Yadav, Wennerberg, Aittokallio & Tang 2015, Comput Struct
 * Biotechnol J 13:504), as SynergyFinder computes it (R package synergyfinder,
 * R/calculate_synergy_score.R `CalculateZIP`; Ianevski et al. 2017/2020):
 *
 * 1. Fit each drug alone (column 0 for A, row 0 for B, zero dose included) with a free 4PL → ŷ_A, ŷ_B.
 * 2. For each non-zero dose b_j of B, fit the column j over the non-zero doses of A with a 4PL whose
 *    zero-dose response is fixed at ŷ_B(b_j) and whose maximum is fixed at 100 (the other drug as
 *    background: "drug A on top of B"); likewise each row i over the non-zero doses of B with the
 *    zero-dose response fixed at ŷ_A(a_i). The observed-fit surface is the average of the two.
 * 3. Reference: y_ZIP = ŷ_A + ŷ_B − ŷ_A·ŷ_B/100; δ = fitted − y_ZIP (zero-dose row/column 0).
 *
 * SynergyFinder's fallbacks: a row/column with a single non-zero dose is not fitted (its observed
 * value is used); a failed fit uses the observed responses. Here the same happens when a row/column has
 * too few non-zero doses for the 2-parameter fit (≤ 2; drc would fit 2 points exactly).
 */
import { checkDoseMatrix, filled, type DoseMatrix } from './dose-matrix.js';
import { fitInhibition, inhibitionAt, type InhibitionCurve } from './inhibition-fit.js';

export function zipDelta(m: DoseMatrix, curveA: InhibitionCurve, curveB: InhibitionCurve): number[][] {
  checkDoseMatrix(m);
  const nA = m.dosesA.length;
  const nB = m.dosesB.length;
  const yA = m.dosesA.map((d) => inhibitionAt(curveA, d));
  const yB = m.dosesB.map((d) => inhibitionAt(curveB, d));
  const dA = m.dosesA.slice(1);
  const dB = m.dosesB.slice(1);
  // A varying, B fixed at b_j (SynergyFinder's updated.col.mat)
  const alongA = filled(nA, nB, 0);
  for (let j = 1; j < nB; j++) {
    const obs = dA.map((_, k) => m.response[k + 1]![j]!);
    const fit = backgroundFit(dA, obs, yB[j]!);
    for (let k = 0; k < dA.length; k++) alongA[k + 1]![j] = fit[k]!;
  }
  // B varying, A fixed at a_i (updated.row.mat)
  const alongB = filled(nA, nB, 0);
  for (let i = 1; i < nA; i++) {
    const obs = m.response[i]!.slice(1);
    const fit = backgroundFit(dB, obs, yA[i]!);
    for (let k = 0; k < dB.length; k++) alongB[i]![k + 1] = fit[k]!;
  }
  const out = filled(nA, nB, 0);
  for (let i = 1; i < nA; i++) {
    for (let j = 1; j < nB; j++) {
      const fitted = 0.5 * (alongA[i]![j]! + alongB[i]![j]!);
      const ref = yA[i]! + yB[j]! - (yA[i]! * yB[j]!) / 100;
      out[i]![j] = fitted - ref;
    }
  }
  return out;
}

/** Fitted responses of one row/column with the background drug's response as the fixed zero-dose level and 100 as the maximum. */
function backgroundFit(doses: readonly number[], obs: readonly number[], background: number): number[] {
  if (doses.length === 1) return [obs[0]! - 1e-10]; // SynergyFinder: "no fitting"
  const c = fitInhibition(doses, obs, { i0: background, imax: 100 });
  return c ? doses.map((d) => inhibitionAt(c, d)) : [...obs];
}
