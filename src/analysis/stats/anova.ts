/**
 * One-way ANOVA (Fisher's F test of equal group means) and Tukey's HSD post-hoc comparisons
 * (Tukey–Kramer form for unequal group sizes: Kramer 1956, Biometrics 12:307). The results match
 * scipy.stats.f_oneway and scipy.stats.tukey_hsd.
 */
import { mean } from './descriptive.js';
import { fSurvival } from './distributions.js';
import { studentizedRangeSurvival } from './studentized-range.js';

export interface AnovaResult {
  readonly statistic: number;
  readonly dfBetween: number;
  readonly dfWithin: number;
  readonly pValue: number;
  /** Mean square within groups (the pooled error variance), used by the post-hoc test. */
  readonly meanSquareWithin: number;
  readonly groupMeans: readonly number[];
  readonly groupSizes: readonly number[];
}

export function oneWayAnova(groups: readonly ArrayLike<number>[]): AnovaResult {
  if (groups.length < 2) throw new RangeError(`oneWayAnova: need at least 2 groups, got ${groups.length}`);
  const sizes = groups.map((g) => g.length);
  if (sizes.some((n) => n < 1)) throw new RangeError('oneWayAnova: every group needs at least one value');
  const total = sizes.reduce((s, n) => s + n, 0);
  const k = groups.length;
  if (total - k < 1) throw new RangeError('oneWayAnova: need more values than groups');
  const means = groups.map((g) => mean(g));
  let grand = 0;
  for (let g = 0; g < k; g++) grand += means[g]! * sizes[g]!;
  grand /= total;
  let ssb = 0;
  let ssw = 0;
  for (let g = 0; g < k; g++) {
    const m = means[g]!;
    ssb += sizes[g]! * (m - grand) * (m - grand);
    const xs = groups[g]!;
    for (let i = 0; i < xs.length; i++) ssw += (xs[i]! - m) * (xs[i]! - m);
  }
  const dfBetween = k - 1;
  const dfWithin = total - k;
  const msw = ssw / dfWithin;
  const statistic = ssb / dfBetween / msw;
  return { statistic, dfBetween, dfWithin, pValue: fSurvival(statistic, dfBetween, dfWithin), meanSquareWithin: msw, groupMeans: means, groupSizes: sizes };
}

export interface TukeyComparison {
  /** Group indices, i < j. */
  readonly i: number;
  readonly j: number;
  /** mean_i − mean_j. */
  readonly difference: number;
  /** Studentized range statistic |difference| / √(MSW/2 · (1/n_i + 1/n_j)). */
  readonly q: number;
  /** Family-wise adjusted p-value P(Q_{k,ν} > q). */
  readonly pValue: number;
}

/** Tukey's HSD for every pair of groups, after a one-way ANOVA of the same groups. */
export function tukeyHsd(groups: readonly ArrayLike<number>[], anova: AnovaResult = oneWayAnova(groups)): TukeyComparison[] {
  const k = groups.length;
  const out: TukeyComparison[] = [];
  for (let i = 0; i < k; i++) {
    for (let j = i + 1; j < k; j++) {
      const difference = anova.groupMeans[i]! - anova.groupMeans[j]!;
      const se = Math.sqrt((anova.meanSquareWithin / 2) * (1 / anova.groupSizes[i]! + 1 / anova.groupSizes[j]!));
      const q = Math.abs(difference) / se;
      out.push({ i, j, difference, q, pValue: studentizedRangeSurvival(q, k, anova.dfWithin) });
    }
  }
  return out;
}
