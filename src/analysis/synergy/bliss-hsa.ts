/**
 * Bliss independence and highest single agent (HSA) deltas, as SynergyFinder computes them from the
 * *observed* single-agent row and column of the matrix (R package synergyfinder,
 * R/calculate_synergy_score.R `CalculateBliss`, `CalculateHSA`; Ianevski et al. 2017 Bioinformatics
 * 33:2413; Yadav et al. 2015 Comput Struct Biotechnol J 13:504):
 *
 *   Bliss:  δ = y_AB − (y_A + y_B − y_A·y_B/100)      (Bliss 1939, responses in % inhibition)
 *   HSA:    δ = y_AB − max(y_A, y_B)                   (Berenbaum 1989)
 *
 * Cells with a zero dose are left 0 (they are the references themselves).
 */
import { checkDoseMatrix, filled, type DoseMatrix } from './dose-matrix.js';

export function blissDelta(m: DoseMatrix): number[][] {
  return referenceDelta(m, (ya, yb) => ya + yb - (ya * yb) / 100);
}

export function hsaDelta(m: DoseMatrix): number[][] {
  return referenceDelta(m, (ya, yb) => Math.max(ya, yb));
}

function referenceDelta(m: DoseMatrix, reference: (ya: number, yb: number) => number): number[][] {
  checkDoseMatrix(m);
  const r = m.response;
  const out = filled(r.length, r[0]!.length, 0);
  for (let i = 1; i < r.length; i++) {
    for (let j = 1; j < r[i]!.length; j++) out[i]![j] = r[i]![j]! - reference(r[i]![0]!, r[0]![j]!);
  }
  return out;
}
