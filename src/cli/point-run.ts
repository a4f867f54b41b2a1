/**
 * The what-if commands' shared driver around `runPoints` (src/sweep/run-points.ts): one progress bar
 * with ETA (including progress inside the current point), the results file under `--out` with
 * `--resume`, `--shard`, and the counts and timing the commands report.
 */
import { join } from 'node:path';
import { RESULTS_FILE } from '../io/results-file.js';
import type { PointRecord, RunPointsOptions, SweepPoint } from '../sweep/run-points.js';
import { runPoints } from '../sweep/run-points.js';
import { makeProgress } from './progress.js';

/** The runner's options, with the results file given as the output folder. */
export interface PointRunOptions extends Pick<RunPointsOptions, 'points' | 'evaluate' | 'header' | 'resume' | 'shard'> {
  /** Output folder: results are appended to <out>/results.jsonl as points finish. */
  readonly out?: string;
  /** Text naming a point while it runs (e.g. "knockdown=0.5"). */
  readonly describe?: (p: SweepPoint) => string;
}

export interface PointRunResult {
  readonly records: PointRecord[];
  /** Points computed by this run (the rest were restored by --resume). */
  readonly computed: number;
  readonly seconds: number;
}

export interface PointRunner {
  /** For an evaluator's progress inside the current point (fraction 0…1). */
  pointProgress(fraction: number): void;
  run(opts: PointRunOptions): Promise<PointRunResult>;
}

export function makePointRunner(label: string, json: boolean): PointRunner {
  const progress = makeProgress(label, !json);
  let done = 0;
  let total = 0;
  let current = '';
  return {
    pointProgress(f) {
      progress.update(done + Math.min(f, 0.999), total, `${current}: ${Math.floor(f * 100)}%`);
    },
    async run(opts) {
      const t0 = performance.now();
      let computed = 0;
      const records = await runPoints({
        points: opts.points,
        evaluate: (p) => {
          current = opts.describe ? opts.describe(p) : `point ${p.index + 1}`;
          computed++;
          return opts.evaluate(p);
        },
        header: opts.header,
        ...(opts.out !== undefined ? { resultsFile: join(opts.out, RESULTS_FILE), resume: opts.resume === true } : {}),
        ...(opts.shard ? { shard: opts.shard } : {}),
        onProgress: (d, t) => {
          done = d;
          total = t;
          progress.update(d, t);
        },
      });
      progress.done();
      return { records, computed, seconds: (performance.now() - t0) / 1000 };
    },
  };
}
