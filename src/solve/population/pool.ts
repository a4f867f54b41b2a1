/**
 * Runs wells on worker threads (or in this thread): results are returned in job order and depend only
 * on each job (its seed stream is part of the job), never on the number of workers or on which
 * worker ran which well. Jobs are handed out from a queue as workers become free.
 *
 * The worker script is the compiled `dist/src/solve/population/worker.js`: when this module itself is
 * loaded from TypeScript sources (tests, tsx), the compiled worker next to the repository's `dist/` is
 * used, so `npm run build` must have run.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { InputError, SolveError } from '../../core/errors.js';
import { compileModel } from '../../model/compile-model.js';
import { parseModelText } from '../../model/parse-model.js';
import type { CompiledModel } from '../../model/types.js';
import type { WellJob, WellResult } from './types.js';
import { simulateWell } from './well.js';

export interface RunWellsOptions {
  /** Worker threads; ≤ 1 runs every well in this thread (unless `threads`) [1]. */
  readonly workers?: number;
  /** Use worker threads even for one worker (e.g. to time 1 vs 2 threads alike) [false]. */
  readonly threads?: boolean;
  /** Called with each well's progress (fraction 0…1) and the mean over all wells. */
  readonly onProgress?: (well: number, fraction: number, overall: number) => void;
}

const compiled = new Map<string, CompiledModel>();

/** Compile a model from its text once per thread. */
export function modelFromText(text: string, sourceName: string): CompiledModel {
  const key = `${sourceName}\n${text}`;
  let m = compiled.get(key);
  if (!m) {
    const { spec, src } = parseModelText(text, sourceName);
    m = compileModel(spec, src);
    if (compiled.size > 16) compiled.clear();
    compiled.set(key, m);
  }
  return m;
}

/** URL of the compiled worker script. */
export function workerScriptUrl(): URL {
  const here = import.meta.url;
  if (here.endsWith('.js')) return new URL('./worker.js', here);
  const path = fileURLToPath(here);
  const i = path.lastIndexOf('/src/');
  const built = `${path.slice(0, i)}/dist/src/solve/population/worker.js`;
  if (!existsSync(built)) {
    throw new Error(`population workers run the compiled worker ${built}; run 'npm run build' first`);
  }
  return pathToFileURL(built);
}

interface ErrorMessage {
  readonly name: string;
  readonly message: string;
  readonly where?: { file: string; field?: string; line?: number; column?: number };
  readonly problem?: string;
}

/** Messages between the pool and a worker. */
export type ToWorker = { readonly type: 'run'; readonly index: number; readonly job: WellJob } | { readonly type: 'exit' };
export type FromWorker =
  | { readonly type: 'progress'; readonly index: number; readonly fraction: number }
  | { readonly type: 'result'; readonly index: number; readonly result: WellResult }
  | { readonly type: 'error'; readonly index: number; readonly error: ErrorMessage };

export function serializeError(e: unknown): ErrorMessage {
  if (e instanceof InputError) {
    const where = { file: e.file, ...(e.field !== undefined ? { field: e.field } : {}), ...(e.line !== undefined ? { line: e.line } : {}), ...(e.column !== undefined ? { column: e.column } : {}) };
    return { name: 'InputError', message: e.message, where, problem: e.problem };
  }
  const err = e as Error;
  return { name: err?.name ?? 'Error', message: err?.message ?? String(e) };
}

function reviveError(m: ErrorMessage, label: string): Error {
  if (m.name === 'InputError' && m.where) return new InputError(m.where, m.problem ?? m.message);
  if (m.name === 'SolveError') return new SolveError(m.message);
  return new Error(`well '${label}': ${m.message}`);
}

/** Simulate every job; the i-th result belongs to the i-th job. */
export async function runWells(jobs: readonly WellJob[], opts: RunWellsOptions = {}): Promise<WellResult[]> {
  const workers = Math.max(1, Math.min(Math.floor(opts.workers ?? 1), jobs.length));
  const fractions = new Float64Array(jobs.length);
  const progress = (i: number, f: number): void => {
    fractions[i] = f;
    if (opts.onProgress) {
      let s = 0;
      for (const x of fractions) s += x;
      opts.onProgress(i, f, s / jobs.length);
    }
  };
  if (workers <= 1 && !opts.threads) {
    return jobs.map((job, i) => simulateWell(modelFromText(job.modelText, job.modelSource), job, (f) => progress(i, f)));
  }
  const url = workerScriptUrl();
  const results: (WellResult | undefined)[] = new Array(jobs.length);
  let next = 0;
  return new Promise<WellResult[]>((resolve, reject) => {
    const pool: Worker[] = [];
    let finished = 0;
    let failed = false;
    const stopAll = (): void => {
      for (const w of pool) void w.terminate();
    };
    /** The job each worker is running (−1: none). */
    const running = new Map<Worker, number>();
    const feed = (w: Worker): void => {
      if (next < jobs.length) {
        const index = next++;
        running.set(w, index);
        w.postMessage({ type: 'run', index, job: jobs[index]! } satisfies ToWorker);
      } else {
        running.set(w, -1);
        w.postMessage({ type: 'exit' } satisfies ToWorker);
      }
    };
    for (let k = 0; k < workers; k++) {
      const w = new Worker(url);
      pool.push(w);
      w.on('message', (msg: FromWorker) => {
        if (failed) return;
        if (msg.type === 'progress') progress(msg.index, msg.fraction);
        else if (msg.type === 'result') {
          results[msg.index] = msg.result;
          progress(msg.index, 1);
          finished++;
          if (finished === jobs.length) {
            stopAll();
            resolve(results as WellResult[]);
          } else feed(w);
        } else {
          failed = true;
          stopAll();
          reject(reviveError(msg.error, jobs[msg.index]?.label ?? String(msg.index)));
        }
      });
      w.on('error', (e) => {
        if (failed) return;
        failed = true;
        stopAll();
        reject(e);
      });
      w.on('exit', (code) => {
        if (failed || finished === jobs.length || running.get(w) === -1) return;
        failed = true;
        stopAll();
        reject(new Error(`population worker exited with code ${code} before its wells were done`));
      });
      feed(w);
    }
  });
}
