/**
 * Student t and F distribution tails and the t quantile, from the regularized incomplete beta:
 *
 *   P(|T_ν| > t) = I_{ν/(ν+t²)}(ν/2, 1/2),     P(F_{d1,d2} > f) = I_{d2/(d2+d1 f)}(d2/2, d1/2)
 *
 * (Abramowitz & Stegun 26.7.1 and 26.6.2; Numerical Recipes 3rd ed. §6.14). These tails are
 * computed directly, never as 1 − CDF, so small p-values keep their relative accuracy.
 */
import { regularizedBeta } from './beta.js';

/** Two-sided tail P(|T| > |t|) of Student's t with ν > 0 degrees of freedom (ν may be fractional). */
export function studentTTwoSided(t: number, dof: number): number {
  checkDof(dof, 'studentTTwoSided');
  if (Number.isNaN(t)) return NaN;
  if (!Number.isFinite(t)) return 0;
  return regularizedBeta(dof / (dof + t * t), dof / 2, 0.5);
}

/** CDF P(T ≤ t) of Student's t with ν degrees of freedom. */
export function studentTCdf(t: number, dof: number): number {
  const tail = studentTTwoSided(t, dof) / 2;
  return t > 0 ? 1 - tail : tail;
}

/**
 * Quantile t with P(T ≤ t) = p (0 < p < 1): bisection on x = ν/(ν + t²) ∈ (0, 1), where the
 * two-sided tail I_x(ν/2, 1/2) is monotone, to full double resolution (≈ 1100 halvings at most,
 * stopping when the bracket stops shrinking), then t = ±√(ν(1 − x)/x).
 */
export function studentTQuantile(p: number, dof: number): number {
  checkDof(dof, 'studentTQuantile');
  if (!(p > 0 && p < 1)) throw new RangeError(`studentTQuantile: need 0 < p < 1, got ${p}`);
  if (p === 0.5) return 0;
  const twoSided = 2 * Math.min(p, 1 - p);
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 1100; i++) {
    const mid = 0.5 * (lo + hi);
    if (mid === lo || mid === hi) break;
    if (regularizedBeta(mid, dof / 2, 0.5) < twoSided) lo = mid;
    else hi = mid;
  }
  const x = 0.5 * (lo + hi);
  const t = Math.sqrt((dof * (1 - x)) / x);
  return p < 0.5 ? -t : t;
}

/** Upper tail P(F > f) of the F distribution with (d1, d2) degrees of freedom. */
export function fSurvival(f: number, d1: number, d2: number): number {
  checkDof(d1, 'fSurvival');
  checkDof(d2, 'fSurvival');
  if (Number.isNaN(f)) return NaN;
  if (f <= 0) return 1;
  if (!Number.isFinite(f)) return 0;
  return regularizedBeta(d2 / (d2 + d1 * f), d2 / 2, d1 / 2);
}

function checkDof(dof: number, fn: string): void {
  if (!(dof > 0) || !Number.isFinite(dof)) throw new RangeError(`${fn}: degrees of freedom must be finite and > 0, got ${dof}`);
}
