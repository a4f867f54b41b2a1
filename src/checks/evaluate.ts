/**
 * Evaluate a claim (claim.ts) on a measurement table, the way the paper's authors would have judged
 * their own data: two-sided tests at the claim's alpha, with the direction read from the estimate;
 * groups of fewer than `minN` replicates never support a claim (the paper used n = 3).
 *
 * - greater / less: Welch t-test (or one-way ANOVA) of group A vs B. Ratio measures (folds, band
 *   ratios, IC50, RI; see isRatioMeasure) are log-transformed first, and the effect is then the
 *   geometric-mean ratio A/B with its 95 % CI; otherwise it is the mean difference A − B.
 * - positive-correlation: Pearson or Spearman r of x and y paired by (line, dose, time, replicate);
 *   r > 0 and p < alpha. CI by Fisher's z.
 * - decreasing-with-dose: per line, Spearman ρ(dose, value) < 0 with p < alpha AND the mean at the
 *   top dose below the mean at the lowest (0) dose — monotone trend plus a real drop.
 * - within-range: the mean across replicates inside [min, max]; with `a`/`b`, the geometric-mean
 *   ratio A/B (log-scale, so a ratio's CI is symmetric in fold terms).
 * `robustness` is the fraction of independent repeats in which the claim holds.
 */
import { oneWayAnova } from '../analysis/stats/anova.js';
import { pearson, spearman } from '../analysis/stats/correlation.js';
import { mean, standardDeviation } from '../analysis/stats/descriptive.js';
import { studentTQuantile } from '../analysis/stats/distributions.js';
import { studentTTest, welchTTest } from '../analysis/stats/t-test.js';
import type { Measurement } from '../experiments/types.js';
import { isRatioMeasure, matches, type Check, type Claim, type Comparison, type Rows, type Selector, type Statistic } from './claim.js';

export interface CheckResult {
  readonly label: string;
  readonly comparison: Comparison;
  readonly statistic: Statistic;
  readonly holds: boolean;
  /** Ratio A/B (log-scale tests), mean difference A − B, r / ρ, or the mean (ranges); NaN when not computable. */
  readonly effect: number;
  readonly ci95: readonly [number, number] | null;
  /** Two-sided p-value; null for range checks. */
  readonly pValue: number | null;
  /** Replicates in the smaller group, pairs, wells, or replicates averaged. */
  readonly n: number;
  readonly detail: string;
}

export interface ClaimResult {
  readonly id: string;
  readonly holds: boolean;
  /** effect, ci95, pValue, n of the deciding check: the first failing one, else the weakest (largest p). */
  readonly effect: number;
  readonly ci95: readonly [number, number] | null;
  readonly pValue: number | null;
  readonly n: number;
  readonly detail: string;
  readonly checks: readonly CheckResult[];
}

const Z975 = 1.959963984540054;

export function evaluateClaim(claim: Claim, rows: Rows): ClaimResult {
  const checks = claim.checks.map((c) => evaluateCheck(claim, c, rows));
  const failing = checks.find((c) => !c.holds);
  const decide = failing ?? checks.reduce((w, c) => ((c.pValue ?? -1) > (w.pValue ?? -1) ? c : w));
  return {
    id: claim.id,
    holds: failing === undefined,
    effect: decide.effect,
    ci95: decide.ci95,
    pValue: decide.pValue,
    n: decide.n,
    detail: checks.map((c) => `${c.holds ? 'ok' : 'FAIL'} ${c.label}: ${c.detail}`).join('; '),
    checks,
  };
}

/** Fraction of repeats (independent measurement tables) in which the claim holds. */
export function robustness(claim: Claim, repeats: readonly Rows[]): { fraction: number; holds: boolean; repeats: number } {
  if (repeats.length === 0) throw new RangeError(`robustness: claim ${claim.id} needs at least one repeat`);
  const passed = repeats.filter((r) => evaluateClaim(claim, r).holds).length;
  const fraction = passed / repeats.length;
  return { fraction, holds: fraction >= claim.robustness, repeats: repeats.length };
}

function evaluateCheck(claim: Claim, check: Check, rows: Rows): CheckResult {
  const comparison = check.comparison ?? claim.comparison;
  const statistic = check.statistic ?? claim.statistic;
  const base = { label: check.label, comparison, statistic };
  const sel = (part: Selector | undefined): Selector => ({ ...check.select, ...part });
  switch (comparison) {
    case 'greater':
    case 'less':
      return { ...base, ...groups(claim, comparison, statistic, sel(check.a), sel(check.b), rows) };
    case 'positive-correlation':
      return { ...base, ...correlation(claim, statistic, sel(check.x), sel(check.y), rows) };
    case 'decreasing-with-dose':
      return { ...base, ...doseTrend(claim, sel(undefined), rows) };
    case 'within-range':
      return { ...base, ...range(claim, check, sel(check.a), check.b ? sel(check.b) : undefined, rows) };
  }
}

type Outcome = Omit<CheckResult, 'label' | 'comparison' | 'statistic'>;

function fail(n: number, detail: string): Outcome {
  return { holds: false, effect: NaN, ci95: null, pValue: null, n, detail };
}

/** Replicate values (rows pooled over replicates are not data points). */
function pick(sel: Selector, rows: Rows): Measurement[] {
  return rows.filter((m) => m.replicate !== null && matches(sel, m));
}

function describeSel(s: Selector): string {
  return [s.measure, s.line, s.doseUM !== undefined ? `${s.doseUM ?? '–'} µM` : undefined, s.timeH !== undefined ? `${s.timeH} h` : undefined].filter((x) => x !== undefined).join(' ');
}

function logValues(xs: readonly number[]): number[] | undefined {
  return xs.every((x) => x > 0 && Number.isFinite(x)) ? xs.map(Math.log) : undefined;
}

function groups(claim: Claim, cmp: 'greater' | 'less', stat: Statistic, sa: Selector, sb: Selector, rows: Rows): Outcome {
  const a = pick(sa, rows).map((m) => m.value);
  const b = pick(sb, rows).map((m) => m.value);
  const n = Math.min(a.length, b.length);
  if (n < claim.minN) return fail(n, `too few replicates (${a.length} vs ${b.length}; need ${claim.minN} each) for ${describeSel(sa)} vs ${describeSel(sb)}`);
  const log = isRatioMeasure(sa.measure) && isRatioMeasure(sb.measure);
  const ta = log ? logValues(a) : a;
  const tb = log ? logValues(b) : b;
  if (!ta || !tb) return fail(n, 'a ratio measure has a non-positive value; cannot log-transform');
  const t = stat === 'anova' ? studentTTest(ta, tb) : welchTTest(ta, tb);
  const p = stat === 'anova' ? oneWayAnova([ta, tb]).pValue : t.pValue;
  const effect = log ? Math.exp(t.difference) : t.difference;
  const ci95: [number, number] = log ? [Math.exp(t.ci95[0]), Math.exp(t.ci95[1])] : [t.ci95[0], t.ci95[1]];
  const direction = cmp === 'greater' ? t.difference > 0 : t.difference < 0;
  const holds = direction && p < claim.alpha;
  const what = log ? `ratio ${fmt(effect)}× (log-scale ${stat === 'anova' ? 'ANOVA' : 'Welch t'})` : `difference ${fmt(effect)} (${stat === 'anova' ? 'ANOVA' : 'Welch t'})`;
  const why = holds ? '' : !direction ? `, wrong direction (expected ${cmp})` : `, p ≥ ${claim.alpha}`;
  return { holds, effect, ci95, pValue: p, n, detail: `${describeSel(sa)} vs ${describeSel(sb)}: ${what}, p = ${fmt(p)}, n = ${a.length}/${b.length}${why}` };
}

function correlation(claim: Claim, stat: Statistic, sx: Selector, sy: Selector, rows: Rows): Outcome {
  const key = (m: Measurement): string => `${m.line}|${m.doseUM}|${m.timeH}|${m.replicate}`;
  const ys = new Map(pick(sy, rows).map((m) => [key(m), m.value] as const));
  const x: number[] = [];
  const y: number[] = [];
  for (const m of pick(sx, rows)) {
    const v = ys.get(key(m));
    if (v !== undefined) {
      x.push(m.value);
      y.push(v);
    }
  }
  const n = x.length;
  if (n < Math.max(claim.minN, 4)) return fail(n, `too few paired samples (${n}) of ${describeSel(sx)} and ${describeSel(sy)}`);
  const res = stat === 'spearman' ? spearman(x, y) : pearson(x, y);
  const holds = res.r > 0 && res.pValue < claim.alpha;
  const z = Math.atanh(Math.max(-0.999999, Math.min(0.999999, res.r)));
  const h = Z975 / Math.sqrt(n - 3);
  const why = holds ? '' : res.r <= 0 ? ', not positive' : `, p ≥ ${claim.alpha}`;
  return { holds, effect: res.r, ci95: [Math.tanh(z - h), Math.tanh(z + h)], pValue: res.pValue, n, detail: `${stat} r = ${fmt(res.r)}, p = ${fmt(res.pValue)}, n = ${n} pairs${why}` };
}

function doseTrend(claim: Claim, sel: Selector, rows: Rows): Outcome {
  const byLine = new Map<string, Measurement[]>();
  for (const m of pick(sel, rows)) {
    if (m.doseUM === null) continue;
    byLine.set(m.line, [...(byLine.get(m.line) ?? []), m]);
  }
  if (byLine.size === 0) return fail(0, `no dosed rows for ${describeSel(sel)}`);
  const per = [...byLine].map(([line, ms]) => lineTrend(claim, line, ms));
  const worst = per.find((o) => !o.holds) ?? per.reduce((w, o) => (o.effect > w.effect ? o : w));
  return { ...worst, detail: per.map((o) => o.detail).join(', ') };
}

function lineTrend(claim: Claim, line: string, ms: readonly Measurement[]): Outcome {
  const doses = [...new Set(ms.map((m) => m.doseUM!))].sort((p, q) => p - q);
  const at = (d: number): number[] => ms.filter((m) => m.doseUM === d).map((m) => m.value);
  const lo = at(doses[0]!);
  const hi = at(doses[doses.length - 1]!);
  const n = ms.length;
  if (doses.length < 3 || Math.min(lo.length, hi.length) < claim.minN) return fail(n, `${line}: too few doses (${doses.length}) or replicates`);
  const res = spearman(ms.map((m) => m.doseUM!), ms.map((m) => m.value));
  const drop = mean(hi) < mean(lo);
  const holds = res.r < 0 && res.pValue < claim.alpha && drop;
  const z = Math.atanh(Math.max(-0.999999, Math.min(0.999999, res.r)));
  const h = Z975 / Math.sqrt(Math.max(1, n - 3));
  const why = holds ? '' : res.r >= 0 ? ' not decreasing' : res.pValue >= claim.alpha ? ` p ≥ ${claim.alpha}` : ' top dose not below dose 0';
  return {
    holds,
    effect: res.r,
    ci95: [Math.tanh(z - h), Math.tanh(z + h)],
    pValue: res.pValue,
    n,
    detail: `${line} ρ = ${fmt(res.r)} (p = ${fmt(res.pValue)}), mean ${fmt(mean(lo))} → ${fmt(mean(hi))}${why}`,
  };
}

function range(claim: Claim, check: Check, sa: Selector, sb: Selector | undefined, rows: Rows): Outcome {
  const r = check.range!;
  const a = pick(sa, rows).map((m) => m.value);
  let effect: number;
  let ci95: [number, number];
  let n = a.length;
  let what: string;
  if (sb) {
    const b = pick(sb, rows).map((m) => m.value);
    n = Math.min(a.length, b.length);
    if (n < claim.minN) return fail(n, `too few replicates (${a.length} vs ${b.length}; need ${claim.minN})`);
    const la = logValues(a);
    const lb = logValues(b);
    if (!la || !lb) return fail(n, 'a ratio needs positive values');
    const t = welchTTest(la, lb);
    effect = Math.exp(t.difference);
    ci95 = [Math.exp(t.ci95[0]), Math.exp(t.ci95[1])];
    what = `geometric-mean ratio ${describeSel(sa)} / ${describeSel(sb)} = ${fmt(effect)}`;
  } else {
    if (n < claim.minN) return fail(n, `too few replicates (${n}; need ${claim.minN}) of ${describeSel(sa)}`);
    effect = mean(a);
    const h = studentTQuantile(0.975, n - 1) * (standardDeviation(a) / Math.sqrt(n));
    ci95 = [effect - h, effect + h];
    what = `mean ${describeSel(sa)} = ${fmt(effect)}`;
  }
  const holds = Number.isFinite(effect) && (r.min === undefined || effect >= r.min) && (r.max === undefined || effect <= r.max);
  const bounds = `[${r.min ?? '−∞'}, ${r.max ?? '∞'}]`;
  return { holds, effect, ci95, pValue: null, n, detail: `${what} ${holds ? 'inside' : 'outside'} ${bounds}, n = ${n}` };
}

function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return Math.abs(x) >= 0.001 || x === 0 ? String(Number(x.toPrecision(3))) : x.toExponential(2);
}
