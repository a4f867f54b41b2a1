/**
 * Population-engine benchmark (issue 3): throughput, accuracy, memory and parallel speed-up, on
 * K562/G01 with 1 µM imatinib. Timings belong here, never in tests.
 *
 * - Throughput: simulated viable cell-hours per second of wall time on one core (this thread), at
 *   10³, 10⁴, 10⁵ and 10⁶ cells over the first 6 h after imatinib (small sizes repeated to ≥ 2 s),
 *   cells seeded from the line's steady state (no burn-in, so the same work per cell-hour at every
 *   size); the 10⁴ → 10⁶ cost ratio per cell-hour against linear scaling.
 * - Accuracy: population means of every species at 24, 48 and 72 h at the default step (0.2 h)
 *   against a 10× smaller step, for the same 2000 cells (same per-cell parameters and initial
 *   states) with intrinsic noise off, so the difference is the integration error alone; and the full
 *   stochastic engine (noise, cycle, death) at 10⁴ cells, whose difference also holds sampling noise.
 * - Memory: bytes per cell at 10⁶ cells, peak RSS over the RSS before the cells are created, in a
 *   child process (node dist/bench/population.js --memory 1000000).
 * - Parallel: 8 replicate wells of 10⁴ cells × 48 h, 2 worker threads vs 1 worker thread.
 * - Validation: the hybrid scheme against the stored exact-SSA sample of the core model
 *   (bench/hybrid-vs-ssa.ts), Kolmogorov–Smirnov on Nrf2 protein at 24 h.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../src/io/load.js';
import { withCommandLine, type ResolvedScenario } from '../src/scenario/resolve.js';
import { wellJobs } from '../src/scenario/population-jobs.js';
import { modelFromText, runWells } from '../src/solve/population/pool.js';
import type { PopulationOptions, WellJob, WellResult } from '../src/solve/population/types.js';
import { simulateWell } from '../src/solve/population/well.js';
import { compare as compareWithSsa, STORED_SSA, type SsaComparison } from './hybrid-vs-ssa.js';

const SCENARIO = 'scenarios/cell-lines/k562-g01.yaml';

export interface PopulationBenchFigures {
  readonly throughput: { cells: number; cellHoursPerSecond: number; runs: number; seconds: number }[];
  /** Cost per cell-hour at 10⁶ cells over that at 10⁴ (1 = linear). */
  readonly scaling1e4to1e6: number;
  readonly accuracyDeterministic: { dtH: number; worstRelativeError: number; where: string };
  readonly accuracyStochastic: { dtH: number; worstRelativeError: number; where: string; seedToSeed?: number };
  readonly bytesPerCell: number;
  readonly parallel: ParallelFigures;
  readonly ssa: SsaComparison;
}

function scenario(): ResolvedScenario {
  return withCommandLine(loadScenario(SCENARIO), new Map(), new Map([['imatinib', 1]]));
}

function job(sc: ResolvedScenario, cells: number, hours: number, options: Omit<PopulationOptions, 'hours'>, seed = 1): WellJob {
  // Carrying capacity far above the population, so medium exhaustion does not change the workload.
  return wellJobs(sc, { seed, cells, hours, carryingCapacity: 1e4 * cells, options })[0]!;
}

function throughput(sc: ResolvedScenario, cells: number): { cells: number; cellHoursPerSecond: number; runs: number; seconds: number } {
  const model = modelFromText(job(sc, 1, 1, {}).modelText, sc.model.sourceName);
  let hours = 0;
  let seconds = 0;
  let runs = 0;
  while (seconds < 2 || runs < 1) {
    const r = simulateWell(model, job(sc, cells, 6, { burnInH: 0, saveEveryH: 6 }, runs + 1));
    hours += r.stats.cellHours;
    seconds += r.stats.mainSeconds;
    runs++;
  }
  return { cells, cellHoursPerSecond: hours / seconds, runs, seconds };
}

function worstMeanError(a: WellResult, b: WellResult, times: number[]): { worstRelativeError: number; where: string } {
  const nS = a.species.length;
  let worst = 0;
  let where = '';
  for (const t of times) {
    const k = a.timesH.indexOf(t);
    for (let i = 0; i < nS; i++) {
      const x = a.means[k * nS + i]!;
      const y = b.means[k * nS + i]!;
      const e = Math.abs(x - y) / Math.abs(y);
      if (e > worst) {
        worst = e;
        where = `${a.species[i]} at ${t} h`;
      }
    }
  }
  return { worstRelativeError: worst, where };
}

function accuracy(sc: ResolvedScenario, deterministic: boolean): { dtH: number; worstRelativeError: number; where: string; seedToSeed?: number } {
  const cells = deterministic ? 2000 : 10_000;
  const base: Omit<PopulationOptions, 'hours'> = deterministic
    ? { saveEveryH: 24, intracellularNoise: false, fate: false }
    : { saveEveryH: 24 };
  const model = modelFromText(job(sc, 1, 1, {}).modelText, sc.model.sourceName);
  const coarse = simulateWell(model, job(sc, cells, 72, { ...base, dtH: 0.2 }));
  const fine = simulateWell(model, job(sc, cells, 72, { ...base, dtH: 0.02 }));
  const out = { dtH: 0.2, ...worstMeanError(coarse, fine, [24, 48, 72]) };
  if (deterministic) return out;
  // The sampling noise of such a comparison: the same step, another seed.
  const other = simulateWell(model, job(sc, cells, 72, { ...base, dtH: 0.2 }, 2));
  return { ...out, seedToSeed: worstMeanError(coarse, other, [24, 48, 72]).worstRelativeError };
}

/** Peak RSS over baseline per cell, measured in a child process. */
function bytesPerCell(cells: number): number {
  const script = fileURLToPath(import.meta.url);
  const r = spawnSync(process.execPath, ['--max-old-space-size=4096', script, '--memory', String(cells)], { encoding: 'utf8', timeout: 1_800_000 });
  if (r.status !== 0) throw new Error(`memory child failed: ${r.stderr}`);
  return Number(JSON.parse(r.stdout.trim().split('\n').pop()!).bytesPerCell);
}

function memoryChild(cells: number): void {
  const sc = scenario();
  const j = job(sc, cells, 1, { burnInH: 0, saveEveryH: 1, quantileLevels: [0.5], summarySpecies: ['H2O2'] });
  const model = modelFromText(j.modelText, sc.model.sourceName);
  simulateWell(model, job(sc, 100, 1, { burnInH: 0 })); // warm up: kernel built, JIT compiled
  (globalThis as { gc?: () => void }).gc?.();
  const baseline = process.memoryUsage().rss;
  const r = simulateWell(model, j);
  const peak = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(JSON.stringify({ cells, peakCells: r.stats.peakCells, baseline, peak, bytesPerCell: (peak - baseline) / cells }) + '\n');
}

interface ParallelFigures {
  oneWorkerSeconds: number;
  twoWorkersSeconds: number;
  /** Wall-clock speed-up, as measured. */
  speedup: number;
  /** CPU seconds of this process per wall second in each run (< 1 or < 2: other processes took cores). */
  coresUsedOne: number;
  coresUsedTwo: number;
  /** 2 × CPU(1 thread)/CPU(2 threads): the speed-up on two otherwise idle cores. */
  idleSpeedup: number;
}

async function parallel(sc: ResolvedScenario): Promise<ParallelFigures> {
  const jobs = wellJobs(sc, { seed: 1, replicates: 8, cells: 10_000, hours: 48, carryingCapacity: 1e8, options: { burnInH: 12, saveEveryH: 24 } });
  // Both on fresh worker threads (compiling the model and warming up the kernel alike).
  const timed = async (workers: number): Promise<{ wall: number; cpu: number }> => {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    await runWells(jobs, { workers, threads: true });
    const c = process.cpuUsage(c0);
    return { wall: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6 };
  };
  const one = await timed(1);
  const two = await timed(2);
  return {
    oneWorkerSeconds: one.wall,
    twoWorkersSeconds: two.wall,
    speedup: one.wall / two.wall,
    coresUsedOne: one.cpu / one.wall,
    coresUsedTwo: two.cpu / two.wall,
    idleSpeedup: (2 * one.cpu) / two.cpu,
  };
}

/** Run every population benchmark, printing each figure as it is measured. */
export async function benchPopulation(log: (line: string) => void = (l) => console.log(l)): Promise<PopulationBenchFigures> {
  const sc = scenario();
  log(`population engine — ${SCENARIO} + 1 µM imatinib, dt 0.2 h, ${sc.population.variability.length} variable parameters per cell`);
  const tp: PopulationBenchFigures['throughput'] = [];
  for (const cells of [1e3, 1e4, 1e5, 1e6]) {
    const t = throughput(sc, cells);
    tp.push(t);
    log(`  throughput ${String(cells).padStart(8)} cells: ${t.cellHoursPerSecond.toExponential(3)} cell-hours/s (one core; ${t.runs} run(s), ${t.seconds.toFixed(1)} s)   target ≥ 1e5`);
  }
  const c4 = tp.find((t) => t.cells === 1e4)!;
  const c6 = tp.find((t) => t.cells === 1e6)!;
  const scaling = c4.cellHoursPerSecond / c6.cellHoursPerSecond;
  log(`  cost per cell-hour 1e6 vs 1e4 cells: ${scaling.toFixed(2)}× linear   target ≤ 1.3×`);
  const accDet = accuracy(sc, true);
  log(`  accuracy (2000 cells, no intrinsic noise): worst |mean(dt 0.2 h) / mean(dt 0.02 h) − 1| at 24/48/72 h = ${(100 * accDet.worstRelativeError).toFixed(3)} % (${accDet.where})   target ≤ 1 %`);
  const accSto = accuracy(sc, false);
  log(
    `  accuracy (10⁴ cells, full stochastic engine with cycle and death): ${(100 * accSto.worstRelativeError).toFixed(3)} % (${accSto.where}); ` +
      `sampling noise alone (another seed, same step): ${(100 * (accSto.seedToSeed ?? NaN)).toFixed(3)} %`,
  );
  const bpc = bytesPerCell(1e6);
  log(`  memory at 1e6 cells: ${bpc.toFixed(0)} bytes/cell (peak RSS over baseline)   target ≤ 400`);
  const par = await parallel(sc);
  log(
    `  8 wells × 10⁴ cells × 48 h: 1 worker thread ${par.oneWorkerSeconds.toFixed(1)} s (${par.coresUsedOne.toFixed(2)} cores), ` +
      `2 worker threads ${par.twoWorkersSeconds.toFixed(1)} s (${par.coresUsedTwo.toFixed(2)} cores) → ${par.speedup.toFixed(2)}× wall clock; ` +
      `${par.idleSpeedup.toFixed(2)}× on two idle cores (2 × CPU-time ratio)   target ≥ 1.7×`,
  );
  log(`  hybrid vs exact SSA, core model (K562, Nrf2 protein at 24 h; stored SSA sample ${STORED_SSA}):`);
  const ssa = compareWithSsa([STORED_SSA], log);
  return { throughput: tp, scaling1e4to1e6: scaling, accuracyDeterministic: accDet, accuracyStochastic: accSto, bytesPerCell: bpc, parallel: par, ssa };
}

if (process.argv[2] === '--memory') memoryChild(Number(process.argv[3] ?? 1e6));
