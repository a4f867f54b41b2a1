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
import { burnInCells, burnInKey, simulateWell, type BurntInCells } from './well.js';

export interface RunWellsOptions {
  /** Worker threads; ≤ 1 runs every well in this thread (unless `threads`) [1]. */
  readonly workers?: number;
  /** Use worker threads even for one worker (e.g. to time 1 vs 2 threads alike) [false]. */
  readonly threads?: boolean;
  /**
   * Burnt-in cells by `burnInKey`, shared across calls (e.g. the experiments of one study, whose wells
   * of a line and replicate come from one culture); missing ones are computed and added [a new map].
   */
  readonly burnIns?: Map<string, BurntInCells>;
  /** Called with each well's progress (fraction 0…1; well −1 for a finished burn-in) and the overall fraction. */
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

/** Messages between the pool and a worker: a well (with its shared burnt-in cells, if any) or a burn-in. */
export type ToWorker =
  | { readonly type: 'run'; readonly index: number; readonly job: WellJob; readonly start?: BurntInCells }
  | { readonly type: 'burn-in'; readonly index: number; readonly job: WellJob }
  | { readonly type: 'exit' };
export type FromWorker =
  | { readonly type: 'progress'; readonly index: number; readonly fraction: number }
  | { readonly type: 'result'; readonly index: number; readonly result: WellResult | BurntInCells }
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

/**
 * Simulate every job; the i-th result belongs to the i-th job. Jobs with a burn-in first get their
 * burnt-in cells — from `opts.burnIns` or computed once per distinct `burnInKey` (wells of one line
 * and replicate under different doses share them) and added to it — then every well runs from them.
 */
export async function runWells(jobs: readonly WellJob[], opts: RunWellsOptions = {}): Promise<WellResult[]> {
  const cache = opts.burnIns ?? new Map<string, BurntInCells>();
  const keys = jobs.map((j) => ((j.options.burnInH ?? 48) > 0 ? burnInKey(j) : null));
  const pending = new Map<string, WellJob>();
  keys.forEach((k, i) => {
    if (k !== null && !cache.has(k) && !pending.has(k)) pending.set(k, jobs[i]!);
  });
  const burnJobs = [...pending.entries()];
  const total = burnJobs.length + jobs.length;
  const fractions = new Float64Array(jobs.length);
  let burnsDone = 0;
  const overall = (): number => {
    let s = burnsDone;
    for (const x of fractions) s += x;
    return total > 0 ? s / total : 1;
  };
  const burnt = await runTasks<BurntInCells>(
    burnJobs.map(([, job], index) => ({ type: 'burn-in', index, job })),
    burnJobs.map(([, job]) => job.label),
    opts,
    () => {},
    () => {
      burnsDone++;
      opts.onProgress?.(-1, 1, overall());
    },
  );
  burnJobs.forEach(([k], i) => cache.set(k, burnt[i]!));
  return runTasks<WellResult>(
    jobs.map((job, index) => {
      const k = keys[index];
      const start = k === null ? undefined : cache.get(k);
      return start ? { type: 'run', index, job, start } : { type: 'run', index, job };
    }),
    jobs.map((j) => j.label),
    opts,
    (i, f) => {
      fractions[i] = f;
      opts.onProgress?.(i, f, overall());
    },
    () => {},
  );
}

type Task = Exclude<ToWorker, { type: 'exit' }>;

function runInThread(task: Task, onProgress: (f: number) => void): WellResult | BurntInCells {
  const model = modelFromText(task.job.modelText, task.job.modelSource);
  return task.type === 'burn-in' ? burnInCells(model, task.job) : simulateWell(model, task.job, onProgress, task.start);
}

/** Run tasks in this thread or on a pool of worker threads; results in task order. */
async function runTasks<R>(tasks: readonly Task[], labels: readonly string[], opts: RunWellsOptions, progress: (i: number, f: number) => void, done: (i: number) => void): Promise<R[]> {
  if (tasks.length === 0) return [];
  const workers = Math.max(1, Math.min(Math.floor(opts.workers ?? 1), tasks.length));
  if (workers <= 1 && !opts.threads) {
    return tasks.map((t, i) => {
      const r = runInThread(t, (f) => progress(i, f)) as R;
      progress(i, 1);
      done(i);
      return r;
    });
  }
  const results: (R | undefined)[] = new Array(tasks.length);
  let next = 0;
  return new Promise<R[]>((resolve, reject) => {
    const pool: Worker[] = [];
    let finished = 0;
    let failed = false;
    const fail = (e: Error): void => {
      if (failed) return;
      failed = true;
      for (const w of pool) void w.terminate();
      reject(e);
    };
    const feed = (w: Worker): void => {
      if (next < tasks.length) w.postMessage(tasks[next++]! satisfies ToWorker);
    };
    for (let k = 0; k < workers && !failed; k++) {
      let w: Worker;
      try {
        w = acquireWorker();
      } catch (e) {
        fail(e as Error);
        break;
      }
      pool.push(w);
      w.on('message', (msg: FromWorker) => {
        if (failed) return;
        if (msg.type === 'progress') progress(msg.index, msg.fraction);
        else if (msg.type === 'result') {
          results[msg.index] = msg.result as R;
          progress(msg.index, 1);
          done(msg.index);
          finished++;
          if (finished === tasks.length) {
            for (const x of pool) releaseWorker(x);
            resolve(results as R[]);
          } else feed(w);
        } else fail(reviveError(msg.error, labels[msg.index] ?? String(msg.index)));
      });
      w.on('error', fail);
      w.on('exit', (code) => fail(new Error(`population worker exited with code ${code} before its wells were done`)));
      feed(w);
    }
  });
}

/**
 * Idle worker threads kept for the next call (unref'd, so they never keep the process alive): a study
 * runs dozens of well batches, and starting a thread (loading modules, compiling the model) costs
 * about as much as a small batch. Workers hold no state between tasks but the compiled-model cache.
 */
const idleWorkers: Worker[] = [];
const MAX_IDLE_WORKERS = 8;

function acquireWorker(): Worker {
  const w = idleWorkers.pop() ?? new Worker(workerScriptUrl());
  w.removeAllListeners('exit');
  w.removeAllListeners('error');
  w.ref();
  return w;
}

function releaseWorker(w: Worker): void {
  w.removeAllListeners('message');
  w.removeAllListeners('error');
  w.removeAllListeners('exit');
  if (idleWorkers.length >= MAX_IDLE_WORKERS) {
    void w.terminate();
    return;
  }
  // A parked worker that fails or exits leaves the list (and never raises an unhandled 'error').
  const drop = (): void => {
    const i = idleWorkers.indexOf(w);
    if (i >= 0) idleWorkers.splice(i, 1);
  };
  w.once('exit', drop);
  w.on('error', drop);
  w.unref();
  idleWorkers.push(w);
}
