/**
 * Two-sample t-tests. Welch's test (Welch 1947, Biometrika 34:28–35) is the default for comparing
 * two groups of replicate measurements: it does not assume equal variances, and with equal
 * variances it loses almost nothing. Student's pooled test is kept for comparison with papers that
 * used it. Both are two-sided; they match scipy.stats.ttest_ind(equal_var=False / True).
 */
import { mean, variance } from './descriptive.js';
import { studentTQuantile, studentTTwoSided } from './distributions.js';

export interface TTestResult {
  /** t = (mean₁ − mean₂)/SE. */
  readonly statistic: number;
  /** Degrees of freedom (Welch–Satterthwaite for Welch's test; fractional). */
  readonly dof: number;
  /** Two-sided p-value. */
  readonly pValue: number;
  /** mean₁ − mean₂. */
  readonly difference: number;
  /** Standard error of the difference. */
  readonly standardError: number;
  /** 95 % confidence interval of mean₁ − mean₂. */
  readonly ci95: readonly [number, number];
}

/**
 * Welch's unequal-variance t-test: SE² = s₁²/n₁ + s₂²/n₂,
 * ν = SE⁴ / ((s₁²/n₁)²/(n₁−1) + (s₂²/n₂)²/(n₂−1)).
 * Needs n ≥ 2 in each group; two constant groups give statistic ±∞ (p = 0) or NaN (equal means).
 */
export function welchTTest(a: ArrayLike<number>, b: ArrayLike<number>): TTestResult {
  checkGroups(a, b, 'welchTTest');
  const n1 = a.length;
  const n2 = b.length;
  const q1 = variance(a) / n1;
  const q2 = variance(b) / n2;
  const se2 = q1 + q2;
  const dof = (se2 * se2) / ((q1 * q1) / (n1 - 1) + (q2 * q2) / (n2 - 1));
  return finish(mean(a) - mean(b), Math.sqrt(se2), dof);
}

/** Student's pooled-variance t-test (equal variances assumed), ν = n₁ + n₂ − 2. */
export function studentTTest(a: ArrayLike<number>, b: ArrayLike<number>): TTestResult {
  checkGroups(a, b, 'studentTTest');
  const n1 = a.length;
  const n2 = b.length;
  const dof = n1 + n2 - 2;
  const pooled = ((n1 - 1) * variance(a) + (n2 - 1) * variance(b)) / dof;
  return finish(mean(a) - mean(b), Math.sqrt(pooled * (1 / n1 + 1 / n2)), dof);
}

function finish(difference: number, standardError: number, dof: number): TTestResult {
  const statistic = difference / standardError;
  const safeDof = Number.isFinite(dof) && dof > 0 ? dof : NaN;
  const pValue = Number.isNaN(safeDof) || Number.isNaN(statistic) ? NaN : studentTTwoSided(statistic, safeDof);
  const half = Number.isNaN(safeDof) ? NaN : studentTQuantile(0.975, safeDof) * standardError;
  return { statistic, dof: safeDof, pValue, difference, standardError, ci95: [difference - half, difference + half] };
}

function checkGroups(a: ArrayLike<number>, b: ArrayLike<number>, fn: string): void {
  if (a.length < 2 || b.length < 2) throw new RangeError(`${fn}: each group needs at least 2 values (got ${a.length} and ${b.length})`);
}
