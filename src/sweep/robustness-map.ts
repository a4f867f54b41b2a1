/**
 * The claim-robustness map from the ensemble's members: per claim, the fraction of members in which it
 * holds (with a Wilson 95 % interval), and per parameter how well it separates holding from failing
 * members — the two-sample Kolmogorov–Smirnov D (with its asymptotic p) and the standardised mean
 * difference (Cohen's d, pooled SD) of log₁₀ multiplier, positive when holding members have the
 * larger values. Parameters are ranked by D.
 */
import { mean, variance } from '../analysis/stats/descriptive.js';
import { ks2Sample } from '../analysis/stats/ks.js';
import type { PointRecord } from './point.js';

export interface Separation {
  readonly parameter: string;
  readonly ksD: number;
  readonly ksP: number;
  /** Cohen's d of log10 multiplier, holding − failing. */
  readonly smd: number;
  readonly meanLog10Holding: number;
  readonly meanLog10Failing: number;
}

export interface ClaimRobustness {
  readonly id: string;
  readonly members: number;
  readonly holding: number;
  readonly fraction: number;
  /** Members left out: their lines could not be simulated (values.error). */
  readonly failedMembers: number;
  readonly wilson95: readonly [number, number];
  /** Ranked by KS D; empty when every member holds or every member fails. */
  readonly separation: Separation[];
}

export function wilson(k: number, n: number, z = 1.959963984540054): [number, number] {
  if (n === 0) return [NaN, NaN];
  const p = k / n;
  const den = 1 + (z * z) / n;
  const c = (p + (z * z) / (2 * n)) / den;
  const h = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / den;
  return [Math.max(0, c - h), Math.min(1, c + h)];
}

/** Sample variance, 0 for a single member (Cohen's d then uses the other group's spread). */
function sampleVariance(xs: readonly number[]): number {
  return xs.length > 1 ? variance(xs) : 0;
}

export function robustnessMap(records: readonly PointRecord[], claimIds: readonly string[], parameters: readonly string[]): ClaimRobustness[] {
  return claimIds.map((id) => {
    const rows = records.map((r) => ({ params: r.params, holds: ((r.values as { holds?: Record<string, boolean> }).holds ?? {})[id] }));
    const known = rows.filter((r) => typeof r.holds === 'boolean');
    const yes = known.filter((r) => r.holds === true);
    const no = known.filter((r) => r.holds === false);
    const separation: Separation[] = [];
    if (yes.length > 0 && no.length > 0) {
      for (const p of parameters) {
        const a = yes.map((r) => Math.log10(r.params[p]!));
        const b = no.map((r) => Math.log10(r.params[p]!));
        const ks = ks2Sample(a, b);
        const sp = Math.sqrt(((a.length - 1) * sampleVariance(a) + (b.length - 1) * sampleVariance(b)) / Math.max(1, a.length + b.length - 2));
        separation.push({ parameter: p, ksD: ks.statistic, ksP: ks.pValue, smd: sp > 0 ? (mean(a) - mean(b)) / sp : NaN, meanLog10Holding: mean(a), meanLog10Failing: mean(b) });
      }
      separation.sort((x, y) => y.ksD - x.ksD || Math.abs(y.smd) - Math.abs(x.smd));
    }
    const failedMembers = records.filter((r) => typeof (r.values as { error?: unknown }).error === 'string').length;
    return { id, members: known.length, holding: yes.length, failedMembers, fraction: known.length ? yes.length / known.length : NaN, wilson95: wilson(yes.length, known.length), separation };
  });
}
