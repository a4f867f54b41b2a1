/**
 * Sweep throughput: points per second of a knockdown → IC50 sweep of G01-shNrf2 (the built-in CCK-8
 * dose–response: 10 doses × 3 replicates = 30 wells per point), with 1 and 2 worker threads, and a
 * check that both give the same records.
 */
import { loadSweep } from '../src/cli/commands/sweep.js';
import { sweepEvaluator } from '../src/sweep/evaluate.js';
import { gridPoints, parseAxes } from '../src/sweep/grid.js';
import { parseMeasures } from '../src/sweep/measures.js';
import { runPoints } from '../src/sweep/run-points.js';

export async function benchSweep(log: (line: string) => void): Promise<void> {
  const cells = 300;
  const loaded = loadSweep('scenarios/cell-lines/g01-shnrf2.yaml', parseMeasures(['ic50']), { reference: 'none' });
  const points = gridPoints(parseAxes(['knockdown=0:0.9:4']));
  log(`sweep: knockdown 0…0.9 (${points.length} points) → IC50 of ${loaded.sweptLine}, CCK-8 30 wells × ${cells} cells per point, 1 repeat`);
  const runs: string[] = [];
  for (const workers of [1, 2]) {
    const evaluate = sweepEvaluator({ sweptLine: loaded.sweptLine, assays: loaded.assays, seed: 1, repeats: 1, cellsPerSample: cells, workers }, points.length);
    const t0 = performance.now();
    const records = await runPoints({ points, evaluate, header: { bench: 'sweep' } });
    const s = (performance.now() - t0) / 1000;
    runs.push(JSON.stringify(records));
    log(`  ${workers} worker(s): ${s.toFixed(1)} s, ${(points.length / s).toFixed(3)} points/s (${((points.length * 30) / s).toFixed(1)} wells/s)`);
  }
  log(`  1 vs 2 workers identical: ${runs[0] === runs[1] ? 'yes' : 'NO'}`);
}
