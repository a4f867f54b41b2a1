/**
 * Synergy of a combo run with uncertainty: scores of the pooled (mean) viability matrix, and the
 * spread of the same scores over the independent replicate matrices (repeats × biological replicates),
 * as mean and a 95 % t-interval; plus the ranked hypotheses table — the dose regions (single cells and
 * 2 × 2 blocks of adjacent combination cells) most synergistic by each score.
 */
import { SYNERGY_METHODS, synergyScores, type SynergyMethod } from '../analysis/synergy/synergy.js';
import type { InhibitionCurve } from '../analysis/synergy/inhibition-fit.js';
import { studentTQuantile } from '../analysis/stats/distributions.js';

export interface MeanCi {
  readonly mean: number;
  readonly ci95: readonly [number, number];
  readonly n: number;
}

/**
 * Mean and two-sided t interval; `comparisons` > 1 widens it to a Bonferroni simultaneous interval
 * (level 1 − 0.05/comparisons each), for regions picked as the best of many.
 */
export function meanCi(xs: readonly number[], comparisons = 1): MeanCi {
  const v = xs.filter(Number.isFinite);
  const n = v.length;
  if (n === 0) return { mean: NaN, ci95: [NaN, NaN], n };
  const mean = v.reduce((s, x) => s + x, 0) / n;
  if (n < 2) return { mean, ci95: [NaN, NaN], n };
  const sd = Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1));
  const h = studentTQuantile(1 - 0.025 / comparisons, n - 1) * (sd / Math.sqrt(n));
  return { mean, ci95: [mean - h, mean + h], n };
}

export interface Hypothesis {
  readonly method: SynergyMethod;
  readonly rank: number;
  /** 'cell' or '2x2'. */
  readonly region: string;
  /** Dose indices (rows of A, columns of B) of the region. */
  readonly rowsA: readonly number[];
  readonly colsB: readonly number[];
  readonly dosesA: readonly number[];
  readonly dosesB: readonly number[];
  /** Mean δ over the region's cells, over the replicate matrices. */
  readonly delta: MeanCi;
  /** Does the 95 % CI exclude 0 (and on which side)? */
  readonly call: 'synergy' | 'antagonism' | 'uncertain';
}

export interface ComboSynergy {
  readonly dosesA: readonly number[];
  readonly dosesB: readonly number[];
  /** Mean viability %, rows A × columns B, and its 95 % CI over the replicate matrices. */
  readonly viability: number[][];
  readonly viabilityCi95: (readonly [number, number])[][];
  /** Scores of the pooled matrix. */
  readonly scores: Record<SynergyMethod, number | null>;
  /** The same scores over replicate matrices (mean, CI). */
  readonly scoreSpread: Record<SynergyMethod, MeanCi>;
  readonly matrices: Record<SynergyMethod, number[][] | null>;
  readonly singleAgents: { readonly a: InhibitionCurve | null; readonly b: InhibitionCurve | null };
  readonly hypotheses: Hypothesis[];
  readonly units: number;
  /** Caveats of the scores for these data (e.g. Loewe with an inactive single agent). */
  readonly warnings: string[];
}

/** Below this span (percentage points of inhibition over the tested doses) a single agent counts as inactive. */
const INACTIVE_SPAN_PP = 10;

/** units: viability % matrices (rows A, columns B). */
export function comboSynergy(dosesA: readonly number[], dosesB: readonly number[], units: readonly (readonly (readonly number[])[])[], topPerMethod = 5): ComboSynergy {
  const nA = dosesA.length;
  const nB = dosesB.length;
  const cellStats = Array.from({ length: nA }, (_, i) => Array.from({ length: nB }, (_, j) => meanCi(units.map((u) => u[i]![j]!))));
  const viability = cellStats.map((r) => r.map((c) => c.mean));
  const pooled = synergyScores({ dosesA, dosesB, response: viability.map((r) => r.map((v) => 100 - v)) });
  const perUnit = units.map((u) => {
    try {
      return synergyScores({ dosesA, dosesB, response: u.map((r) => r.map((v) => 100 - v)) });
    } catch {
      return null;
    }
  });
  const scoreSpread = Object.fromEntries(SYNERGY_METHODS.map((m) => [m, meanCi(perUnit.map((s) => s?.scores[m] ?? NaN))])) as Record<SynergyMethod, MeanCi>;
  const hypotheses: Hypothesis[] = [];
  for (const method of SYNERGY_METHODS) {
    const regions: { region: string; rows: number[]; cols: number[] }[] = [];
    for (let i = 1; i < nA; i++) for (let j = 1; j < nB; j++) regions.push({ region: 'cell', rows: [i], cols: [j] });
    for (let i = 1; i + 1 < nA; i++) for (let j = 1; j + 1 < nB; j++) regions.push({ region: '2x2', rows: [i, i + 1], cols: [j, j + 1] });
    const scored = regions.map((g) => {
      const perU = perUnit.map((s) => {
        const d = s?.matrices[method];
        if (!d) return NaN;
        let sum = 0;
        for (const i of g.rows) for (const j of g.cols) sum += d[i]![j]!;
        return sum / (g.rows.length * g.cols.length);
      });
      // The top regions are selected from all of them: their intervals are simultaneous over all.
      return { g, delta: meanCi(perU, regions.length) };
    });
    scored.sort((x, y) => (Number.isFinite(y.delta.mean) ? y.delta.mean : -Infinity) - (Number.isFinite(x.delta.mean) ? x.delta.mean : -Infinity));
    scored.slice(0, topPerMethod).forEach(({ g, delta }, k) => {
      if (!Number.isFinite(delta.mean)) return;
      const call = delta.ci95[0] > 0 ? 'synergy' : delta.ci95[1] < 0 ? 'antagonism' : 'uncertain';
      hypotheses.push({
        method,
        rank: k + 1,
        region: g.region,
        rowsA: g.rows,
        colsB: g.cols,
        dosesA: g.rows.map((i) => dosesA[i]!),
        dosesB: g.cols.map((j) => dosesB[j]!),
        delta,
        call,
      });
    });
  }
  const warnings: string[] = [];
  const inactive = (name: string, ys: readonly number[]): void => {
    const span = Math.max(...ys) - Math.min(...ys);
    if (span < INACTIVE_SPAN_PP) {
      warnings.push(
        `drug ${name} alone changes inhibition by only ${span.toFixed(1)} points over its doses: Loewe additivity is ill-defined for an inactive agent ` +
          "(SynergyFinder's fallback then reads the other drug's curve at the summed dose), so read Bliss, HSA and ZIP instead",
      );
    }
  };
  inactive('A', viability.map((r) => 100 - r[0]!));
  inactive('B', viability[0]!.map((v) => 100 - v));
  return {
    dosesA,
    dosesB,
    viability,
    viabilityCi95: cellStats.map((r) => r.map((c) => c.ci95)),
    scores: { ...pooled.scores },
    scoreSpread,
    matrices: { ...pooled.matrices },
    singleAgents: pooled.singleAgents,
    hypotheses,
    units: units.length,
    warnings,
  };
}
