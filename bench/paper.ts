/**
 * Virtual-paper throughput: seconds per repeat of the whole study (every experiment the claims need,
 * default cells per assay) with 1 and 2 worker threads, the projected time of the default 20 repeats,
 * and a check that both give the same claims.
 */
import { join } from 'node:path';
import { loadForClaims } from '../src/cli/commands/paper.js';
import { parseClaimsText } from '../src/checks/parse-claims.js';
import { runPaper } from '../src/checks/run-paper.js';
import { readText } from '../src/io/read-text.js';
import { withCommandLine } from '../src/scenario/resolve.js';

export async function benchPaper(log: (line: string) => void): Promise<void> {
  const claimsPath = 'scenarios/paper/claims.yaml';
  const claims = parseClaimsText(readText(claimsPath), claimsPath);
  const { experiments, lines } = loadForClaims(claimsPath, join('scenarios', 'experiments'), claims);
  const inputs = { claims, experiments, lines, makeVariant: (base: Parameters<typeof withCommandLine>[0], set: Readonly<Record<string, number>>) => withCommandLine(base, new Map(Object.entries(set)), new Map()) };
  const repeats = 2;
  log(`paper: ${claims.length} claims, ${experiments.size} experiments, ${repeats} repeats, default cells per assay`);
  const outs: string[] = [];
  for (const workers of [1, 2]) {
    const t0 = performance.now();
    const r = await runPaper(inputs, { seed: 1, repeats, workers });
    const s = (performance.now() - t0) / 1000;
    outs.push(JSON.stringify(r.claims));
    log(`  ${workers} worker(s): ${(s / repeats).toFixed(1)} s per repeat → ${((20 * s) / repeats / 60).toFixed(1)} min for the default 20 repeats; ${r.claims.filter((c) => c.holds).length}/${r.claims.length} claims hold`);
  }
  log(`  1 vs 2 workers identical: ${outs[0] === outs[1] ? 'yes' : 'NO'}`);
}
