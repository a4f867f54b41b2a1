/**
 * The population engine's hybrid scheme against the exact SSA on the CORE model (K562, untreated):
 * distribution of Nrf2 protein at 24 h, two-sample Kolmogorov–Smirnov test. Exact SSA of the core
 * model costs ≈ 50 s per cell-day here (6 M events, ≈ 0.1 M events/s: its hybrid event loop re-integrates
 * the continuous pools and re-solves the fast block at every event), so this is a script, not a test;
 * the fast version on a miniature model is test/population/hybrid-vs-ssa.test.ts.
 *
 *   node dist/bench/hybrid-vs-ssa.js ssa --cells 60 --shard 0 --shards 1 --out out/ssa-nrf2-24h-0.json
 *   node dist/bench/hybrid-vs-ssa.js compare out/ssa-nrf2-24h-*.json [--hybrid-cells 10000]
 *
 * The 200-cell sample of bench/data/ssa-core-k562-nrf2-24h.json was made with the first command
 * (--cells 200); `npm run bench` compares against it.
 *
 * Both start every cell from the line's deterministic steady state, no division, death or extrinsic
 * variability, 24 h. SSA cell k uses seed deriveSeed(1, 'core-ssa', k).
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { ks2Sample } from '../src/analysis/stats/ks.js';
import { deriveSeed } from '../src/core/rng.js';
import { loadScenario } from '../src/io/load.js';
import { readText } from '../src/io/read-text.js';
import { writeAtomic } from '../src/io/write-atomic.js';
import { moleculesPerUM } from '../src/model/types.js';
import { untreatedSteadyState } from '../src/scenario/population-jobs.js';
import type { WellJob } from '../src/solve/population/types.js';
import { simulateWell } from '../src/solve/population/well.js';
import { makeProblem } from '../src/solve/problem.js';
import { solveSsaDirect } from '../src/solve/ssa/direct.js';

const SCENARIO = 'scenarios/cell-lines/k562.yaml';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
}

function setup() {
  const sc = loadScenario(SCENARIO);
  const model = sc.model;
  const u0 = untreatedSteadyState(model, sc.parameters);
  return { sc, model, u0, omega: moleculesPerUM(model.cellVolumeL), nrf2: model.speciesIndex.get('Nrf2')! };
}

function runSsa(): void {
  const { sc, model, u0, omega, nrf2 } = setup();
  const cells = Number(arg('cells', '60'));
  const shard = Number(arg('shard', '0'));
  const shards = Number(arg('shards', '1'));
  const out = arg('out', `out/ssa-nrf2-24h-${shard}.json`);
  const prob = makeProblem({ model, u0, parameters: sc.parameters, tspanH: [0, 24], saveTimesH: Float64Array.from([0, 24]) });
  const values: { cell: number; nrf2: number; seconds: number }[] = [];
  for (let k = shard; k < cells; k += shards) {
    const t0 = performance.now();
    const sol = solveSsaDirect(prob, { method: 'ssa-direct', seed: deriveSeed(1, 'core-ssa', k) });
    if (sol.retcode !== 'Success') throw new Error(`SSA cell ${k}: ${sol.message}`);
    const v = Math.round(sol.states[model.nSpecies + nrf2]! * omega);
    values.push({ cell: k, nrf2: v, seconds: (performance.now() - t0) / 1000 });
    writeAtomic(out, JSON.stringify({ scenario: SCENARIO, hours: 24, species: 'Nrf2', unit: 'molecules', values }, null, 1) + '\n');
    console.log(`cell ${k}: Nrf2 = ${v} molecules (${values[values.length - 1]!.seconds.toFixed(1)} s)`);
  }
}

export interface SsaComparison {
  readonly ssaCells: number;
  readonly hybridCells: number;
  /** KS p-value of the hybrid scheme, and of the deliberately wrong no-noise variant. */
  readonly pHybrid: number;
  readonly pNoNoise: number;
}

export function compare(files: string[], log: (line: string) => void = (l) => console.log(l)): SsaComparison {
  const { sc, model, u0, omega, nrf2 } = setup();
  const ssa = Float64Array.from(files.flatMap((f) => (JSON.parse(readFileSync(f, 'utf8')) as { values: { nrf2: number }[] }).values.map((v) => v.nrf2)));
  const cells = Number(arg('hybrid-cells', '10000'));
  const ps: number[] = [];
  const job: WellJob = {
    label: 'core-hybrid',
    modelText: readText(model.sourceName),
    modelSource: model.sourceName,
    parameters: sc.parameters,
    dosesUM: new Float64Array(model.drugs.length),
    schedule: [],
    cells,
    carryingCapacity: Infinity,
    variability: [],
    inheritance: 1,
    u0,
    reference: u0,
    seed: deriveSeed(1, 'core-hybrid'),
    options: { hours: 24, saveEveryH: 24, burnInH: 0, fate: false, snapshotTimesH: [24] },
  };
  const variants: [string, Partial<WellJob['options']>][] = [['hybrid (dt 0.2 h)', {}], ['no intrinsic noise (wrong on purpose)', { intracellularNoise: false }]];
  const nS = model.nSpecies;
  const stat = (x: Float64Array): string => {
    const m = x.reduce((a, b) => a + b, 0) / x.length;
    const sd = Math.sqrt(x.reduce((a, b) => a + (b - m) * (b - m), 0) / (x.length - 1));
    return `mean ${m.toFixed(0)} sd ${sd.toFixed(0)} (n ${x.length})`;
  };
  log(`  SSA: ${stat(ssa)} molecules`);
  for (const [name, opt] of variants) {
    const snap = simulateWell(model, { ...job, options: { ...job.options, ...opt } }).snapshots[0]!;
    const h = Float64Array.from({ length: snap.cells }, (_, c) => snap.states[c * nS + nrf2]! * omega);
    const ks = ks2Sample(ssa, h);
    log(`  ${name}: ${stat(h)}; KS D = ${ks.statistic.toFixed(4)}, p = ${ks.pValue.toPrecision(3)} → ${ks.pValue > 0.01 ? 'not rejected' : 'rejected'} at 1 %`);
    ps.push(ks.pValue);
  }
  return { ssaCells: ssa.length, hybridCells: cells, pHybrid: ps[0]!, pNoNoise: ps[1]! };
}

/** The stored core-model SSA sample (200 cells; regenerate with the `ssa` mode above). */
export const STORED_SSA = 'bench/data/ssa-core-k562-nrf2-24h.json';

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const mode = process.argv[2];
  if (mode === 'ssa') runSsa();
  else if (mode === 'compare') compare(process.argv.slice(3).filter((a) => a.endsWith('.json')));
  else {
    console.error('usage: hybrid-vs-ssa.js ssa [--cells N --shard i --shards k --out FILE] | compare FILES.. [--hybrid-cells N]');
    process.exit(2);
  }
}
