/**
 * `npm run bench`: throughput and accuracy figures of the engines (timings live here, never in tests).
 *
 * Each section is an async function that prints its figures. To add the SSA/ODE figures (reactions/s,
 * ODE solves/s), write bench/<engine>.ts exporting `bench<Engine>(log)` and add it to SECTIONS.
 */
import { benchEngines } from './engines.js';
import { benchPaper } from './paper.js';
import { benchPopulation } from './population.js';
import { benchSweep } from './sweep.js';

type Section = readonly [name: string, run: (log: (line: string) => void) => Promise<unknown>];

const SECTIONS: readonly Section[] = [
  ['engines', async (log) => benchEngines(log)],
  ['population', benchPopulation],
  ['sweep', benchSweep],
  ['paper', benchPaper],
];

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  for (const [name, run] of SECTIONS) {
    if (only.length > 0 && !only.includes(name)) continue;
    const t0 = performance.now();
    await run((line) => console.log(line));
    console.log(`  (${name}: ${((performance.now() - t0) / 1000).toFixed(0)} s)\n`);
  }
}

void main();
