/**
 * Loewe additivity delta as SynergyFinder computes it (R package synergyfinder,
 * R/calculate_synergy_score.R `CalculateLoewe`; Loewe 1953 Arzneimittelforschung 3:285; Yadav et al.
 * 2015 eq. 8). With single-agent 4PL fits I_A, I_B (inhibition-fit.ts), the expected response y_L of
 * (a, b) solves the isobole equation
 *
 *   a / x_A(y) + b / x_B(y) = 1,    x_K(y) = dose of K alone giving y,
 *
 * and δ = y_AB − min(y_L, 100).
 *
 * Solver: SynergyFinder runs Newton (nleqslv) from max(I0_A, I0_B) + 1; here a bracketing bisection
 * on y over the range where both inverses exist (the root is unique there: each a/x_K(y) is monotone in
 * y). When no root exists there — the combination's isobole lies beyond the response one drug can
 * reach at all (e.g. y_L above drug A's Imax) — SynergyFinder's fallback is used:
 * y_L = max(I_A(a + b), I_B(a + b)), each drug's curve at the summed dose.
 */
import { checkDoseMatrix, filled, type DoseMatrix } from './dose-matrix.js';
import { inhibitionAt, logDoseFor, type InhibitionCurve } from './inhibition-fit.js';

/** Loewe-expected response of doses (a, b) > 0 from the two single-agent curves. */
export function loeweExpected(curveA: InhibitionCurve, curveB: InhibitionCurve, a: number, b: number): number {
  const la = Math.log(a);
  const lb = Math.log(b);
  // F(y) = a/x_A(y) + b/x_B(y) − 1 on the open interval where both x_K(y) are defined
  const F = (y: number): number => Math.exp(la - logDoseFor(curveA, y)) + Math.exp(lb - logDoseFor(curveB, y)) - 1;
  const lo = Math.max(Math.min(curveA.i0, curveA.imax), Math.min(curveB.i0, curveB.imax));
  const hi = Math.min(Math.max(curveA.i0, curveA.imax), Math.max(curveB.i0, curveB.imax));
  let y = NaN;
  if (hi > lo) {
    const w = hi - lo;
    let x0 = lo + 1e-12 * w;
    let x1 = hi - 1e-12 * w;
    let f0 = F(x0);
    const f1 = F(x1);
    if (f0 * f1 < 0) {
      // (±Infinity at an end is a valid sign; NaN fails the test)
      for (let k = 0; k < 200 && x1 - x0 > 1e-13 * Math.max(1, Math.abs(x0)); k++) {
        const mid = 0.5 * (x0 + x1);
        const fm = F(mid);
        if (fm === 0) {
          x0 = x1 = mid;
          break;
        }
        if (fm * f0 < 0) x1 = mid;
        else {
          x0 = mid;
          f0 = fm;
        }
      }
      y = 0.5 * (x0 + x1);
    }
  }
  if (!Number.isFinite(y)) y = Math.max(inhibitionAt(curveA, a + b), inhibitionAt(curveB, a + b));
  return Math.min(y, 100);
}

/** δ matrix (zero-dose row/column 0) given the single-agent curves of A (column 0) and B (row 0). */
export function loeweDelta(m: DoseMatrix, curveA: InhibitionCurve, curveB: InhibitionCurve): number[][] {
  checkDoseMatrix(m);
  const out = filled(m.dosesA.length, m.dosesB.length, 0);
  for (let i = 1; i < m.dosesA.length; i++) {
    for (let j = 1; j < m.dosesB.length; j++) out[i]![j] = m.response[i]![j]! - loeweExpected(curveA, curveB, m.dosesA[i]!, m.dosesB[j]!);
  }
  return out;
}
