/**
 * Four-parameter logistic (4PL, log-logistic) dose–response fit, IC50 with a 95 % confidence
 * interval, R², and the resistance index of two fits.
 *
 * Model (the parameterisation of R's drc `LL.4` with b = hill, e = IC50; Ritz et al. 2015,
 * PLoS One 10:e0146021), fitted on log dose:
 *
 *   y(x) = bottom + (top − bottom) / (1 + 10^(hill·(log₁₀x − log₁₀IC50)))
 *
 * hill > 0 gives a curve falling with dose (inhibition); x = 0 (the untreated control) is the
 * limit y = top, so control wells can enter the fit directly. The fitted parameters are
 * θ = (bottom, top, log₁₀IC50, hill); IC50 here is the *relative* IC50 (the curve's midpoint,
 * what GraphPad Prism and drc report). The *absolute* IC50 — the dose at which y crosses 50 — is
 * reported too when 50 lies between bottom and top.
 *
 * Estimation: ordinary least squares by the bounded Levenberg–Marquardt of
 * levenberg-marquardt.ts, started from a grid of (log IC50, hill) values around a data-driven
 * guess (bottom/top from the lowest/highest dose means, log IC50 where the means cross the
 * midpoint); the lowest SSE wins, so a poor single start cannot trap the fit.
 *
 * Uncertainty: the asymptotic (delta-method / Wald) covariance s²(JᵀJ)⁻¹ with
 * s² = SSE/(n − p) — the same as scipy.optimize.curve_fit's `pcov` — gives SE(log₁₀IC50); the
 * 95 % CI is log₁₀IC50 ± t₀.₉₇₅,ₙ₋ₚ·SE, back-transformed, hence asymmetric in µM (the CI GraphPad
 * reports for IC50; Motulsky & Christopoulos, *Fitting models to biological data*, OUP 2004, ch. 34).
 */
import { studentTQuantile } from '../stats/distributions.js';
import { invertSpd, levenbergMarquardt, type LeastSquaresProblem } from './levenberg-marquardt.js';

const LN10 = Math.LN10;

export interface Logistic4Params {
  readonly bottom: number;
  readonly top: number;
  /** log₁₀ of the IC50 (dose unit, e.g. µM). */
  readonly logIC50: number;
  readonly hill: number;
}

export interface Logistic4Options {
  /** Fix bottom (e.g. 0) instead of fitting it. */
  readonly fixBottom?: number;
  /** Fix top (e.g. 100 for viability normalised to control). */
  readonly fixTop?: number;
  /** Bounds on hill (default [0.1, 10]). */
  readonly hillBounds?: readonly [number, number];
  /** Confidence level of the intervals (default 0.95). */
  readonly level?: number;
}

export interface Logistic4Fit extends Logistic4Params {
  /** Relative IC50 = 10^logIC50, in the dose unit. */
  readonly ic50: number;
  /** CI of the IC50 from the Wald CI of log₁₀IC50, back-transformed. */
  readonly ic50Ci: readonly [number, number];
  /** Dose where the fitted curve crosses y = 50 (NaN when 50 is not between bottom and top). */
  readonly absoluteIC50: number;
  /** Standard errors (NaN for a fixed parameter). */
  readonly se: Logistic4Params;
  /** Covariance of the free parameters, row-major, in the order bottom, top, logIC50, hill (fixed ones left out). */
  readonly covariance: Float64Array;
  readonly freeParameters: readonly (keyof Logistic4Params)[];
  readonly r2: number;
  readonly sse: number;
  /** Residual degrees of freedom n − (number of free parameters). */
  readonly dof: number;
  readonly n: number;
  readonly level: number;
  readonly converged: boolean;
  /** Parameters that ended on a bound (their SE is then not meaningful). */
  readonly atBound: readonly (keyof Logistic4Params)[];
}

const NAMES: readonly (keyof Logistic4Params)[] = ['bottom', 'top', 'logIC50', 'hill'];

/** y(x) of the 4PL. */
export function logistic4(params: Logistic4Params, dose: number): number {
  const g = midFraction(params, dose);
  return params.bottom + (params.top - params.bottom) * g;
}

/** 1/(1 + 10^(hill·(log₁₀x − logIC50))), computed without overflow. */
function midFraction(p: Logistic4Params, dose: number): number {
  if (dose <= 0) return p.hill > 0 ? 1 : 0;
  const e = p.hill * (Math.log10(dose) - p.logIC50) * LN10;
  return e > 0 ? Math.exp(-e) / (1 + Math.exp(-e)) : 1 / (1 + Math.exp(e));
}

/**
 * Fit the 4PL to doses (≥ 0, same unit as the IC50 wanted) and responses (e.g. viability %).
 * Needs at least one positive dose and more observations than free parameters.
 */
export function fitLogistic4(doses: ArrayLike<number>, responses: ArrayLike<number>, options: Logistic4Options = {}): Logistic4Fit {
  const n = doses.length;
  if (responses.length !== n) throw new RangeError(`fitLogistic4: ${n} doses but ${responses.length} responses`);
  for (let i = 0; i < n; i++) {
    if (!(doses[i]! >= 0) || !Number.isFinite(doses[i]!)) throw new RangeError(`fitLogistic4: dose ${i} must be finite and >= 0, got ${doses[i]}`);
    if (!Number.isFinite(responses[i]!)) throw new RangeError(`fitLogistic4: response ${i} is not finite`);
  }
  const positive = Array.from(doses).filter((d) => d > 0);
  if (positive.length === 0) throw new RangeError('fitLogistic4: need at least one positive dose');
  const free = NAMES.filter((k) => !(k === 'bottom' && options.fixBottom !== undefined) && !(k === 'top' && options.fixTop !== undefined));
  const p = free.length;
  if (n <= p) throw new RangeError(`fitLogistic4: ${n} observations cannot fit ${p} free parameters`);
  const level = options.level ?? 0.95;

  const guess = startingGuess(doses, responses);
  const ymin = Math.min(...Array.from(responses));
  const ymax = Math.max(...Array.from(responses));
  const span = Math.max(ymax - ymin, 1e-12);
  const lx = positive.map(Math.log10);
  const lxMin = Math.min(...lx);
  const lxMax = Math.max(...lx);
  const [hLo, hHi] = options.hillBounds ?? [0.1, 10];
  const bounds: Record<keyof Logistic4Params, [number, number]> = {
    bottom: [ymin - 2 * span, ymax + 2 * span],
    top: [ymin - 2 * span, ymax + 2 * span],
    logIC50: [lxMin - 3, lxMax + 3],
    hill: [hLo, hHi],
  };
  const lower = Float64Array.from(free.map((k) => bounds[k][0]));
  const upper = Float64Array.from(free.map((k) => bounds[k][1]));
  const full = (theta: Float64Array): Logistic4Params => {
    const v: Record<string, number> = { bottom: options.fixBottom ?? NaN, top: options.fixTop ?? NaN, logIC50: NaN, hill: NaN };
    free.forEach((k, j) => (v[k] = theta[j]!));
    return v as unknown as Logistic4Params;
  };
  const problem: LeastSquaresProblem = {
    nObservations: n,
    nParameters: p,
    lower,
    upper,
    evaluate(theta, res, jac) {
      const q = full(theta);
      const amp = q.top - q.bottom;
      for (let i = 0; i < n; i++) {
        const x = doses[i]!;
        const g = midFraction(q, x);
        res[i] = responses[i]! - (q.bottom + amp * g);
        const gg = g * (1 - g); // = u/(1+u)²
        const lxi = x > 0 ? Math.log10(x) : 0;
        for (let j = 0; j < p; j++) {
          let d: number;
          switch (free[j]!) {
            case 'bottom':
              d = 1 - g;
              break;
            case 'top':
              d = g;
              break;
            case 'logIC50':
              d = x > 0 ? amp * gg * q.hill * LN10 : 0;
              break;
            case 'hill':
              d = x > 0 ? -amp * gg * LN10 * (lxi - q.logIC50) : 0;
              break;
          }
          jac[i * p + j] = d;
        }
      }
    },
  };

  let best: ReturnType<typeof levenbergMarquardt> | undefined;
  const hills = [0.5, 1, 2, 4];
  const logStarts = [guess.logIC50, guess.logIC50 - 1, guess.logIC50 + 1];
  for (const h of hills) {
    for (const c of logStarts) {
      const start = free.map((k) => (k === 'bottom' ? guess.bottom : k === 'top' ? guess.top : k === 'logIC50' ? c : h));
      const res = levenbergMarquardt(problem, start);
      if (!best || res.sse < best.sse) best = res;
    }
  }
  const fit = best!;
  const params = full(fit.theta);
  const dof = n - p;
  const s2 = fit.sse / dof;
  const inv = invertSpd(fit.jtj, p);
  const covariance = new Float64Array(p * p).fill(NaN);
  if (inv) for (let i = 0; i < p * p; i++) covariance[i] = inv[i]! * s2;
  const seOf = (k: keyof Logistic4Params): number => {
    const j = free.indexOf(k);
    return j < 0 ? NaN : Math.sqrt(covariance[j * p + j]!);
  };
  const se: Logistic4Params = { bottom: seOf('bottom'), top: seOf('top'), logIC50: seOf('logIC50'), hill: seOf('hill') };
  const tq = studentTQuantile(0.5 + level / 2, dof);
  const ic50 = Math.pow(10, params.logIC50);
  const ic50Ci: [number, number] = [Math.pow(10, params.logIC50 - tq * se.logIC50), Math.pow(10, params.logIC50 + tq * se.logIC50)];

  let meanY = 0;
  for (let i = 0; i < n; i++) meanY += responses[i]!;
  meanY /= n;
  let sst = 0;
  for (let i = 0; i < n; i++) sst += (responses[i]! - meanY) ** 2;

  return {
    ...params,
    ic50,
    ic50Ci,
    absoluteIC50: absoluteIC50(params, 50),
    se,
    covariance,
    freeParameters: free,
    r2: sst > 0 ? 1 - fit.sse / sst : NaN,
    sse: fit.sse,
    dof,
    n,
    level,
    converged: fit.converged,
    atBound: fit.atBound.map((j) => free[j]!),
  };
}

/** Dose where the 4PL equals `y` (NaN unless y lies strictly between bottom and top). */
export function absoluteIC50(params: Logistic4Params, y: number): number {
  const lo = Math.min(params.bottom, params.top);
  const hi = Math.max(params.bottom, params.top);
  if (!(y > lo && y < hi)) return NaN;
  return Math.pow(10, params.logIC50) * Math.pow((params.top - y) / (y - params.bottom), 1 / params.hill);
}

/** Data-driven start: means per dose; bottom/top from the extreme means; log IC50 at the midpoint crossing. */
function startingGuess(doses: ArrayLike<number>, responses: ArrayLike<number>): Logistic4Params {
  const byDose = new Map<number, { s: number; n: number }>();
  for (let i = 0; i < doses.length; i++) {
    const e = byDose.get(doses[i]!) ?? { s: 0, n: 0 };
    e.s += responses[i]!;
    e.n++;
    byDose.set(doses[i]!, e);
  }
  const pts = [...byDose.entries()].map(([d, e]) => ({ d, m: e.s / e.n })).sort((a, b) => a.d - b.d);
  const first = pts[0]!.m;
  const last = pts[pts.length - 1]!.m;
  const top = Math.max(first, last);
  const bottom = Math.min(first, last);
  const mid = 0.5 * (top + bottom);
  const pos = pts.filter((q) => q.d > 0);
  let logIC50 = Math.log10(Math.sqrt(pos[0]!.d * pos[pos.length - 1]!.d));
  for (let i = 1; i < pos.length; i++) {
    const a = pos[i - 1]!;
    const b = pos[i]!;
    if ((a.m - mid) * (b.m - mid) <= 0 && a.m !== b.m) {
      const f = (a.m - mid) / (a.m - b.m);
      logIC50 = Math.log10(a.d) + f * (Math.log10(b.d) - Math.log10(a.d));
      break;
    }
  }
  return { bottom, top, logIC50, hill: 1 };
}

export interface ResistanceIndex {
  /** IC50(resistant)/IC50(parental). */
  readonly ratio: number;
  readonly ci: readonly [number, number];
  /** SE of log₁₀ ratio = √(SE_R² + SE_P²) (independent fits). */
  readonly seLog10: number;
  /** Welch–Satterthwaite degrees of freedom of the combined SE. */
  readonly dof: number;
  readonly level: number;
}

/**
 * Resistance index RI = IC50_R / IC50_P with a CI from log₁₀RI = log₁₀IC50_R − log₁₀IC50_P,
 * SE² = SE_R² + SE_P² (the two fits are independent), and t quantile with Welch–Satterthwaite
 * degrees of freedom ν = SE⁴/(SE_R⁴/ν_R + SE_P⁴/ν_P).
 */
export function resistanceIndex(resistant: Logistic4Fit, parental: Logistic4Fit, level = 0.95): ResistanceIndex {
  const a = resistant.se.logIC50 ** 2;
  const b = parental.se.logIC50 ** 2;
  const se2 = a + b;
  const dof = (se2 * se2) / ((a * a) / resistant.dof + (b * b) / parental.dof);
  const logRatio = resistant.logIC50 - parental.logIC50;
  const seLog10 = Math.sqrt(se2);
  const tq = Number.isFinite(dof) && dof > 0 ? studentTQuantile(0.5 + level / 2, dof) : NaN;
  return {
    ratio: Math.pow(10, logRatio),
    ci: [Math.pow(10, logRatio - tq * seLog10), Math.pow(10, logRatio + tq * seLog10)],
    seLog10,
    dof,
    level,
  };
}
