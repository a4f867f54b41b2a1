/**
 * Four-parameter log-logistic curves of % inhibition, in the drc `LL.4` form SynergyFinder fits
 * (R package synergyfinder, R/fit_dose_response_model.R `FitDoseResponse`):
 *
 *   I(x) = I0 + (Imax − I0) · (x/e)^h / (1 + (x/e)^h)
 *
 * I0 is the response at dose 0, Imax the asymptote at high dose, e the midpoint (EC50), h > 0 the
 * steepness (drc's b = −h for a rising curve). The fit reuses the project's bounded LM fitter of
 * viability (src/analysis/fit/logistic4.ts) on 100 − I — the same least-squares problem, since
 * V = 100 − I is again a 4PL with top = 100 − I0 and bottom = 100 − Imax.
 *
 * Differences from drc that matter only at the edges: the hill is bounded to [0.1, 10] (drc is
 * unbounded) and a fit needs more points than free parameters (drc fits 4 points exactly).
 */
import { fitLogistic4, type Logistic4Params } from '../fit/logistic4.js';

export interface InhibitionCurve {
  /** Response at dose 0. */
  readonly i0: number;
  /** Asymptote at infinite dose. */
  readonly imax: number;
  /** Midpoint dose e (> 0). */
  readonly ec50: number;
  readonly hill: number;
}

export function inhibitionAt(c: InhibitionCurve, dose: number): number {
  if (dose <= 0) return c.i0;
  const t = c.hill * (Math.log(dose) - Math.log(c.ec50));
  // u = r/(1+r) with r = e^t, computed without overflow
  const u = t > 0 ? 1 / (1 + Math.exp(-t)) : Math.exp(t) / (1 + Math.exp(t));
  return c.i0 + (c.imax - c.i0) * u;
}

/**
 * Dose of the drug alone that gives response y: x = e·((y − I0)/(Imax − y))^(1/h) — the inverse
 * in SynergyFinder's `eq.LL4.LL4` (Yadav et al. 2015, eq. 8). NaN unless y lies strictly between
 * I0 and Imax. Returned as a natural log (the isobole solver works on logs to avoid overflow).
 */
export function logDoseFor(c: InhibitionCurve, y: number): number {
  const num = y - c.i0;
  const den = c.imax - y;
  if (!(num / den > 0)) return NaN;
  return Math.log(c.ec50) + (Math.log(Math.abs(num)) - Math.log(Math.abs(den))) / c.hill;
}

export interface InhibitionFitOptions {
  /** Fix the response at dose 0 (SynergyFinder's Emin). */
  readonly i0?: number;
  /** Fix the high-dose asymptote (SynergyFinder's Emax). */
  readonly imax?: number;
}

/**
 * Least-squares fit of the inhibition 4PL; null when the fit is impossible (fewer points than
 * free parameters + 1, no positive dose) — the callers then fall back as SynergyFinder does.
 */
export function fitInhibition(doses: readonly number[], responses: readonly number[], opts: InhibitionFitOptions = {}): InhibitionCurve | null {
  const free = 4 - (opts.i0 !== undefined ? 1 : 0) - (opts.imax !== undefined ? 1 : 0);
  if (doses.length <= free || !doses.some((d) => d > 0)) return null;
  let v: Logistic4Params;
  try {
    v = fitLogistic4(
      doses,
      responses.map((y) => 100 - y),
      { ...(opts.i0 !== undefined ? { fixTop: 100 - opts.i0 } : {}), ...(opts.imax !== undefined ? { fixBottom: 100 - opts.imax } : {}) },
    );
  } catch {
    return null;
  }
  if (![v.bottom, v.top, v.logIC50, v.hill].every(Number.isFinite)) return null;
  return { i0: 100 - v.top, imax: 100 - v.bottom, ec50: Math.pow(10, v.logIC50), hill: v.hill };
}
