/**
 * The one point runner of every what-if command (sweep, combo, sensitivity, robustness): evaluate a
 * list of points, one after another, appending each finished point to a results file at once so a
 * killed run can `resume` without recomputing, and running only a deterministic 1/n of the points
 * with `shard`. Reproducibility is the caller's half of the contract: `evaluate` derives its seeds
 * only from (root seed, point.index) — never from order, shard or worker count — so resumed, sharded
 * and multi-worker runs give the same records as one uninterrupted run.
 */
import { InputError } from '../core/errors.js';
import { openResultsFile, type ResultsWriter } from '../io/results-file.js';
import { inShard, RESULTS_FORMAT, type PointRecord, type ResultsHeader, type Shard, type SweepPoint } from './point.js';

export type { PointRecord, Shard, SweepPoint } from './point.js';
export { inShard } from './point.js';

export interface RunPointsOptions {
  readonly points: readonly SweepPoint[];
  /** Evaluate one point; its seed must derive only from (root seed, point.index), never from order/shard/workers. */
  readonly evaluate: (p: SweepPoint) => Promise<Readonly<Record<string, unknown>>>;
  /** Identity of the run (command, inputs' hashes, grid, seed, repeats…); resume refuses a results file whose header differs. */
  readonly header: Readonly<Record<string, unknown>>;
  /** Append-only JSON-lines results file (header line + one line per finished point, fsync'd); omit for in-memory runs. */
  readonly resultsFile?: string;
  readonly resume?: boolean;
  /** Run only points with index % n === k - 1 (k is 1-based): a deterministic 1/n of the grid. */
  readonly shard?: { readonly k: number; readonly n: number };
  /** Called with (points done, points of this shard) at the start (after resumed points) and after each point. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Called with each newly computed record, after it is written (not for resumed ones). */
  readonly onPoint?: (record: PointRecord) => void;
}

/** Parse `k/n` (1 ≤ k ≤ n) from the --shard flag. */
export function parseShard(text: string, flag = '--shard'): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const k = m ? Number(m[1]) : NaN;
  const n = m ? Number(m[2]) : NaN;
  if (!m || !(n >= 1) || !(k >= 1) || k > n) throw new InputError({ file: flag, field: text }, 'expected k/N with integers 1 ≤ k ≤ N (e.g. 2/8: the second of eight shards)');
  return { k, n };
}

function checkShard(s: Shard | undefined): void {
  if (s === undefined) return;
  if (!Number.isInteger(s.n) || !Number.isInteger(s.k) || s.n < 1 || s.k < 1 || s.k > s.n) throw new InputError({ file: '--shard', field: `${s.k}/${s.n}` }, 'expected k/N with integers 1 ≤ k ≤ N');
}

/** Values as they will read back from the results file (NaN → null …), so fresh and resumed runs agree exactly. */
function roundTrip(values: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
  return JSON.parse(JSON.stringify(values)) as Record<string, unknown>;
}

function sameParams(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): boolean {
  return JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());
}

export async function runPoints(opts: RunPointsOptions): Promise<PointRecord[]> {
  checkShard(opts.shard);
  const seen = new Set<number>();
  for (const p of opts.points) {
    if (!Number.isInteger(p.index) || p.index < 0 || p.index >= opts.points.length) throw new RangeError(`runPoints: point index ${p.index} is not in 0…${opts.points.length - 1}`);
    if (seen.has(p.index)) throw new RangeError(`runPoints: point index ${p.index} given twice`);
    seen.add(p.index);
  }
  const shard = opts.shard ? { k: opts.shard.k, n: opts.shard.n } : null;
  const mine = opts.points.filter((p) => inShard(p.index, shard)).sort((a, b) => a.index - b.index);
  const done = new Map<number, PointRecord>();
  let writer: ResultsWriter | undefined;
  if (opts.resultsFile !== undefined) {
    const header: ResultsHeader = { format: RESULTS_FORMAT, run: opts.header, total: opts.points.length, shard };
    const opened = openResultsFile(opts.resultsFile, header, opts.resume === true);
    writer = opened.writer;
    const byIndex = new Map(mine.map((p) => [p.index, p]));
    for (const r of opened.records) {
      const p = byIndex.get(r.index);
      if (!p || !sameParams(p.params, r.params)) {
        writer.close();
        throw new InputError({ file: opts.resultsFile }, `point ${r.index} in the results file does not match this run's point list; choose another --out`);
      }
      if (done.has(r.index)) {
        writer.close();
        throw new InputError({ file: opts.resultsFile }, `point ${r.index} appears twice in the results file (two runs resumed into one --out?); choose another --out`);
      }
      done.set(r.index, r);
    }
  }
  try {
    opts.onProgress?.(done.size, mine.length);
    for (const p of mine) {
      if (done.has(p.index)) continue;
      const values = roundTrip(await opts.evaluate(p));
      const record: PointRecord = { index: p.index, params: { ...p.params }, values };
      writer?.append(record);
      done.set(p.index, record);
      opts.onPoint?.(record);
      opts.onProgress?.(done.size, mine.length);
    }
  } finally {
    writer?.close();
  }
  return [...done.values()].sort((a, b) => a.index - b.index);
}
