/**
 * Typed claims of the virtual paper (scenarios/paper/claims.yaml). A claim is what the paper asserts,
 * stated as data so that it can be re-checked over simulated measurement tables
 * (src/experiments/types.ts `Measurement`): which rows to compare, how, with which test, and how
 * often it must hold across independent virtual repeats. Keeping claims as data (not code) lets a
 * reader audit each against the paper's words and lets negative-control runs reuse them unchanged.
 */
import type { Measurement } from '../experiments/types.js';

/** How a check decides: a directional group difference, a positive correlation, a falling dose–response, or a value inside a tolerance range. */
export type Comparison = 'greater' | 'less' | 'positive-correlation' | 'decreasing-with-dose' | 'within-range';

/** The test the paper would use: Welch t or one-way ANOVA for groups, Pearson or Spearman for association. */
export type Statistic = 'welch' | 'anova' | 'pearson' | 'spearman';

/**
 * Picks rows of the measurement table. `line` may hold `*` wildcards (e.g. `g01-shnrf2[knockdown=*]`
 * for every knockdown variant, see variantLineName). `doseUM: null` selects per-replicate fits
 * (IC50, RI) whose row has no dose; an absent field matches anything.
 */
export interface Selector {
  readonly measure?: string;
  readonly line?: string;
  readonly doseUM?: number | null;
  readonly timeH?: number;
}

/** A tolerance range; either end may be open. */
export interface Range {
  readonly min?: number;
  readonly max?: number;
}

/**
 * One testable part of a claim (C3 "mRNA and protein" has two). `select` is shared; `a`/`b` (group
 * comparisons, relative ranges) and `x`/`y` (correlations) refine it. Optional `comparison`,
 * `statistic` and `range` override the claim's own.
 */
export interface Check {
  readonly label: string;
  readonly select: Selector;
  readonly a?: Selector;
  readonly b?: Selector;
  readonly x?: Selector;
  readonly y?: Selector;
  readonly comparison?: Comparison;
  readonly statistic?: Statistic;
  /** within-range: the tolerance; with `b`, it bounds mean(a)/mean(b). */
  readonly range?: Range;
}

/** A series of variants of one line, e.g. g01-shnrf2 at several knockdown strengths. */
export interface VariantSeries {
  readonly line: string;
  readonly set: Readonly<Record<string, readonly number[]>>;
}

export interface Claim {
  readonly id: string;
  /** The paper's words (or the literature target's statement). */
  readonly paper: string;
  /** Experiment names (scenarios/experiments/<name>.yaml) whose measurements the claim reads. */
  readonly experiments: readonly string[];
  /** Lines the runner must add to those experiments (e.g. K562 for a doubling time). */
  readonly extraLines?: readonly string[];
  readonly variants?: VariantSeries;
  readonly comparison: Comparison;
  readonly statistic: Statistic;
  readonly alpha: number;
  /** Fraction of independent virtual repeats in which the claim must hold. */
  readonly robustness: number;
  /** Fewest replicates per group (or pairs) a test may rest on; the paper used n = 3. */
  readonly minN: number;
  readonly checks: readonly Check[];
}

export type Rows = readonly Measurement[];

/** Line name the runner gives a variant's rows, e.g. `g01-shnrf2[knockdown=0.25]`. */
export function variantLineName(line: string, set: Readonly<Record<string, number>>): string {
  const parts = Object.keys(set)
    .sort()
    .map((k) => `${k}=${set[k]}`);
  return parts.length ? `${line}[${parts.join(',')}]` : line;
}

/** Whether a row satisfies a selector (`*` in `line` matches any run of characters). */
export function matches(sel: Selector, m: Measurement): boolean {
  if (sel.measure !== undefined && sel.measure !== m.measure) return false;
  if (sel.timeH !== undefined && sel.timeH !== m.timeH) return false;
  if (sel.doseUM !== undefined && sel.doseUM !== m.doseUM) return false;
  if (sel.line !== undefined) {
    if (!sel.line.includes('*')) return sel.line === m.line;
    const re = new RegExp(`^${sel.line.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
    return re.test(m.line);
  }
  return true;
}

/**
 * Ratio measures (fold changes, band ratios, IC50s, RIs) are log-normal-ish and compared on the log
 * scale in t-tests/ANOVA: a 2× rise and a 2× fall are then symmetric and the variance does not grow
 * with the mean.
 */
export function isRatioMeasure(measure: string | undefined): boolean {
  if (measure === undefined) return false;
  return /^(qpcr_fold:|western_ratio:)/.test(measure) || ['dcf_fold', 'dcf_median_fold', 'ic50_uM', 'resistance_index'].includes(measure);
}
