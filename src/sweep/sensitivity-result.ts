/**
 * From the finished points of a sensitivity run to ranked indices: Morris (μ*, σ) or Sobol (S1, ST),
 * computed on each point's scalar output, ranked by μ* or ST. Also the table written as CSV.
 */
import { morrisIndices, type MorrisDesign, type MorrisIndex } from '../analysis/sensitivity/morris.js';
import { sobolIndices, type SobolDesign, type SobolIndex } from '../analysis/sensitivity/sobol.js';
import { deriveSeed, makeRng } from '../core/rng.js';
import type { PointRecord } from './point.js';

export type SensitivityIndices =
  | { readonly method: 'morris'; readonly ranked: MorrisIndex[] }
  | { readonly method: 'sobol'; readonly ranked: SobolIndex[]; readonly rows: number; readonly variance: number };

export function sensitivityIndices(design: MorrisDesign | SobolDesign, records: readonly PointRecord[], seed: string | number): SensitivityIndices {
  const outputs = new Array<number>(design.points.length).fill(NaN);
  for (const r of records) {
    const v = (r.values as { output?: unknown }).output;
    outputs[r.index] = typeof v === 'number' ? v : NaN;
  }
  const rng = makeRng(deriveSeed(seed, 'bootstrap'));
  if (design.method === 'morris') {
    const ix = morrisIndices(design, outputs, rng);
    return { method: 'morris', ranked: [...ix].sort((a, b) => (Number.isFinite(b.muStar) ? b.muStar : -1) - (Number.isFinite(a.muStar) ? a.muStar : -1)) };
  }
  const res = sobolIndices(design, outputs, rng);
  return { method: 'sobol', ranked: [...res.indices].sort((a, b) => (Number.isFinite(b.st) ? b.st : -1) - (Number.isFinite(a.st) ? a.st : -1)), rows: res.rows, variance: res.variance };
}

export function indicesTable(ix: SensitivityIndices): { columns: string[]; rows: (string | number)[][] } {
  if (ix.method === 'morris') {
    return {
      columns: ['rank', 'parameter', 'mu_star', 'mu_star_ci95_lo', 'mu_star_ci95_hi', 'mu', 'sigma', 'effects'],
      rows: ix.ranked.map((m, k) => [k + 1, m.name, m.muStar, m.muStarCi95[0], m.muStarCi95[1], m.mu, m.sigma, m.effects]),
    };
  }
  return {
    columns: ['rank', 'parameter', 'ST', 'ST_ci95_lo', 'ST_ci95_hi', 'S1', 'S1_ci95_lo', 'S1_ci95_hi'],
    rows: ix.ranked.map((s, k) => [k + 1, s.name, s.st, s.stCi95[0], s.stCi95[1], s.s1, s.s1Ci95[0], s.s1Ci95[1]]),
  };
}
