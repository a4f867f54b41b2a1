/**
 * Two cost savers of the population engine must not change what is simulated:
 * - a shared burn-in (burnInCells, reused by wells of one line and replicate, and across the
 *   experiments of a study) gives exactly the well that computes its own;
 * - thinning a growing well to half (maxCells, each kept cell weighted 2×) is unbiased: over
 *   independent wells, the mean final count and stage fractions agree with unthinned wells within
 *   sampling error (Welch t, |t| < 4 — a chance failure has probability ≈ 1e-4).
 */
import { describe, expect, it } from 'vitest';
import { welchTTest } from '../../src/analysis/stats/t-test.js';
import { runExperiment } from '../../src/experiments/run-experiment.js';
import { loadScenario } from '../../src/io/load.js';
import { loadExperiment } from '../../src/io/load-experiment.js';
import { wellJobs } from '../../src/scenario/population-jobs.js';
import { withCommandLine } from '../../src/scenario/resolve.js';
import { modelFromText } from '../../src/solve/population/pool.js';
import type { BurntInCells } from '../../src/solve/population/well.js';
import { burnInCells, simulateWell } from '../../src/solve/population/well.js';

const sc = withCommandLine(loadScenario('scenarios/cell-lines/g01-shnrf2.yaml'), new Map(), new Map([['imatinib', 2]]));
const model = modelFromText(sc.model.sourceText, sc.model.sourceName);

describe('shared burn-in', () => {
  it('a well started from shared burnt-in cells equals the well that burns in itself', () => {
    const [job] = wellJobs(sc, { seed: 3, cells: 150, hours: 12, options: { snapshotTimesH: [12], summarySpecies: ['H2O2'] } });
    const own = simulateWell(model, job!);
    const shared = simulateWell(model, job!, undefined, burnInCells(model, job!));
    const { stats: a, ...ownRest } = own;
    const { stats: b, ...sharedRest } = shared;
    expect(a.cellSteps).toBe(b.cellSteps);
    expect(sharedRest).toEqual(ownRest);
  });

  it('an experiment gives the same measurements alone and after another experiment filled the shared cultures', async () => {
    const western = loadExperiment('scenarios/experiments/western.yaml');
    const qpcr = loadExperiment('scenarios/experiments/qpcr.yaml');
    const opts = { seed: 5, cellsPerSample: 60, workers: 1 };
    const alone = await runExperiment(western.spec, western.lines, opts);
    const burnIns = new Map<string, BurntInCells>();
    await runExperiment(qpcr.spec, qpcr.lines, { ...opts, burnIns });
    expect(burnIns.size).toBeGreaterThan(0);
    const after = await runExperiment(western.spec, western.lines, { ...opts, burnIns });
    expect(after.measurements).toEqual(alone.measurements);
  }, 60_000);
});

describe('thinning a growing well', () => {
  it('keeps the final count and stage fractions unbiased (20 wells each)', () => {
    const untreated = withCommandLine(loadScenario('scenarios/cell-lines/g01-shnc.yaml'), new Map(), new Map());
    const m = modelFromText(untreated.model.sourceText, untreated.model.sourceName);
    const cells = 60;
    const final = (maxCells: number): { count: number[]; viableFrac: number[]; thinnings: number } => {
      const jobs = wellJobs(untreated, { seed: 11, replicates: 20, cells, hours: 96, options: { burnInH: 12, summarySpecies: [], maxCells } });
      const count: number[] = [];
      const viableFrac: number[] = [];
      let thinnings = 0;
      for (const job of jobs) {
        const r = simulateWell(m, job);
        const k = r.timesH.length - 1;
        const c = r.counts;
        const intact = c.viable[k]! + c.earlyApoptotic[k]! + c.lateApoptotic[k]! + c.necrotic[k]!;
        count.push(intact);
        viableFrac.push(c.viable[k]! / intact);
        thinnings += r.stats.thinnings;
      }
      return { count, viableFrac, thinnings };
    };
    const full = final(Infinity);
    const thinned = final(2 * cells);
    expect(full.thinnings).toBe(0);
    expect(thinned.thinnings).toBeGreaterThanOrEqual(20); // every well thinned at least once (≈ 8× growth)
    for (const key of ['count', 'viableFrac'] as const) {
      const t = welchTTest(thinned[key], full[key]);
      expect(Math.abs(t.statistic), `${key}: t = ${t.statistic}`).toBeLessThan(4);
    }
  }, 60_000);
});
