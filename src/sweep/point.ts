/**
 * The data of a what-if run (sweep, combo, sensitivity, robustness): the points it evaluates and what
 * each finished point records. Plain data shared by the runner (run-points.ts) and the results file
 * (src/io/results-file.ts).
 */

/** One condition of a run: its position in the full point list and its parameter values. */
export interface SweepPoint {
  readonly index: number;
  readonly params: Readonly<Record<string, number>>;
}

/** A finished point: what `evaluate` returned, after a JSON round trip (so a resumed run equals a fresh one). */
export interface PointRecord {
  readonly index: number;
  readonly params: Readonly<Record<string, number>>;
  readonly values: Readonly<Record<string, unknown>>;
}

/** k-th of n deterministic parts of a point list (k is 1-based). */
export interface Shard {
  readonly k: number;
  readonly n: number;
}

/** First line of a results file: who made it, with which inputs, and which part of the points it holds. */
export interface ResultsHeader {
  readonly format: typeof RESULTS_FORMAT;
  /** Identity of the run (command, inputs' hashes, grid, seed, repeats…), as given by the caller. */
  readonly run: Readonly<Record<string, unknown>>;
  /** Number of points of the whole run (all shards). */
  readonly total: number;
  /** null for an unsharded run. */
  readonly shard: Shard | null;
}

export const RESULTS_FORMAT = 'nrf2sim-results/1';

/** Does point `index` belong to shard k/n? Index i goes to shard (i mod n) + 1. */
export function inShard(index: number, shard: Shard | null | undefined): boolean {
  return !shard || index % shard.n === shard.k - 1;
}
