/**
 * Chi-square distribution tail and Pearson's goodness-of-fit test, via the regularized incomplete
 * gamma function (series for x < a + 1, Lentz continued fraction otherwise; Press et al., Numerical
 * Recipes 3rd ed. §6.2).
 */
import { logGamma } from './special.js';

const EPS = 1e-15;
const TINY = 1e-300;
const MAX_ITER = 10_000;

/** Regularized lower incomplete gamma P(a, x) = γ(a, x)/Γ(a), a > 0, x ≥ 0. */
export function regularizedGammaP(a: number, x: number): number {
  checkArgs(a, x);
  if (x === 0) return 0;
  return x < a + 1 ? gammaSeries(a, x) : 1 - gammaContinuedFraction(a, x);
}

/** Regularized upper incomplete gamma Q(a, x) = 1 − P(a, x), computed without cancellation. */
export function regularizedGammaQ(a: number, x: number): number {
  checkArgs(a, x);
  if (x === 0) return 1;
  return x < a + 1 ? 1 - gammaSeries(a, x) : gammaContinuedFraction(a, x);
}

function checkArgs(a: number, x: number): void {
  if (!(a > 0) || !(x >= 0) || !Number.isFinite(a)) {
    throw new RangeError(`incomplete gamma: need a > 0 and x >= 0, got a=${a}, x=${x}`);
  }
}

function gammaSeries(a: number, x: number): number {
  let ap = a;
  let del = 1 / a;
  let sum = del;
  for (let n = 0; n < MAX_ITER; n++) {
    ap += 1;
    del *= x / ap;
    sum += del;
    if (Math.abs(del) < Math.abs(sum) * EPS) break;
  }
  return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
}

function gammaContinuedFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITER; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
}

/** Survival function of the chi-square distribution with `dof` degrees of freedom: P(χ² > x). */
export function chiSquareSurvival(x: number, dof: number): number {
  if (x <= 0) return 1;
  return regularizedGammaQ(dof / 2, x / 2);
}

export interface ChiSquareGofResult {
  /** Pearson's statistic Σ (O − E)²/E over the merged bins. */
  readonly statistic: number;
  /** Degrees of freedom: merged bins − 1 − fittedParameters. */
  readonly dof: number;
  readonly pValue: number;
  readonly bins: number;
}

/**
 * Pearson's chi-square goodness-of-fit test of observed counts against expected counts (same
 * length; the expected counts should sum to the observed total). Adjacent bins are merged left to
 * right until each merged bin expects at least `minExpected` (default 5), the usual validity rule;
 * a short remainder is merged into the last bin.
 */
export function chiSquareGoodnessOfFit(
  observed: ArrayLike<number>,
  expected: ArrayLike<number>,
  minExpected = 5,
  fittedParameters = 0,
): ChiSquareGofResult {
  if (observed.length !== expected.length) throw new RangeError('chiSquareGoodnessOfFit: length mismatch');
  const obs: number[] = [];
  const exp: number[] = [];
  let o = 0;
  let e = 0;
  for (let i = 0; i < observed.length; i++) {
    o += observed[i]!;
    e += expected[i]!;
    if (e >= minExpected) {
      obs.push(o);
      exp.push(e);
      o = 0;
      e = 0;
    }
  }
  if (e > 0 || o > 0) {
    if (exp.length === 0) {
      obs.push(o);
      exp.push(e);
    } else {
      obs[obs.length - 1]! += o;
      exp[exp.length - 1]! += e;
    }
  }
  let stat = 0;
  for (let i = 0; i < obs.length; i++) {
    const d = obs[i]! - exp[i]!;
    stat += (d * d) / exp[i]!;
  }
  const dof = obs.length - 1 - fittedParameters;
  if (dof < 1) throw new RangeError(`chiSquareGoodnessOfFit: only ${obs.length} bins after merging`);
  return { statistic: stat, dof, pValue: chiSquareSurvival(stat, dof), bins: obs.length };
}
