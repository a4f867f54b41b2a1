import type { Argv } from 'yargs';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { morrisDesign } from '../../analysis/sensitivity/morris.js';
import { saltelliDesign } from '../../analysis/sensitivity/sobol.js';
import { experimentDosesUM } from '../../assays/experiment.js';
import { InputError } from '../../core/errors.js';
import { deriveSeed, makeRng } from '../../core/rng.js';
import { replicatesOf } from '../../experiments/wells.js';
import { toCsv } from '../../io/csv.js';
import { loadScenario } from '../../io/load.js';
import { loadExperiment } from '../../io/load-experiment.js';
import { hashFile, writeManifest, packageVersion } from '../../io/manifest.js';
import { RESULTS_FILE } from '../../io/results-file.js';
import { writeAtomic } from '../../io/write-atomic.js';
import { writeWhatIfReport } from '../../io/write-report.js';
import { MEASURE_NAMES, MEASURES, type MeasureName } from '../../sweep/measures.js';
import { parseShard } from '../../sweep/run-points.js';
import { chooseFactors, reducedSpec, sensitivityEvaluator } from '../../sweep/sensitivity-plan.js';
import { indicesTable, sensitivityIndices } from '../../sweep/sensitivity-result.js';
import { positiveInteger, positiveNumber, seedOption } from '../options.js';
import { makePointRunner } from '../point-run.js';

const EXPERIMENTS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'scenarios', 'experiments');
const DEFAULT_SEED = 1;
// Cost (measured on the project's 2 shared cores): one point = one reduced CCK-8 IC50 assay, 6 doses ×
// 2 replicates = 12 wells; ≈ 2 s at 100 cells per well (fixed per-assay overhead dominates), more at
// the default 200. Morris on all 67 ranged parameters of K562/G01 with r = 4 trajectories = 272 points:
// 427 s at 100 cells. Sobol needs N(k + 2) points — use --params to keep k small.

function fmt(x: number | null | undefined, d = 3): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  return Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(2) : String(Number(x.toPrecision(d)));
}

export function registerSensitivity(y: Argv): Argv {
  return y.command(
    'sensitivity <scenario>',
    "Global sensitivity of a line's IC50, ROS fold or apoptosis to the model's parameters: Morris elementary effects (μ*, σ) or Sobol indices (S1, ST)",
    (a) =>
      a
        .positional('scenario', { type: 'string', describe: 'a cell-line scenario (e.g. scenarios/cell-lines/k562-g01.yaml)', demandOption: true })
        .option('method', { type: 'string', choices: ['morris', 'sobol'], default: 'morris', describe: 'morris: r(k+1) runs; sobol (Saltelli sampling): N(k+2) runs' })
        .option('output', { type: 'string', choices: [...MEASURE_NAMES], default: 'ic50', describe: 'ic50 (analysed as log10 IC50), ros_fold, apoptosis_pct' })
        .option('samples', { type: 'number', describe: 'Morris trajectories r [10] or Sobol base samples N [64]' })
        .option('levels', { type: 'number', default: 4, describe: 'Morris grid levels p (even); step Δ = p/(2(p−1))' })
        .option('params', { type: 'string', describe: "comma-separated parameters (default: all with a declared range in the model file)" })
        .option('fold', { type: 'number', describe: 'vary every parameter over value/fold … value·fold (log-uniform) instead of the declared ranges' })
        .option('doses', { type: 'number', default: 6, describe: 'CCK-8 doses per IC50 (0 included)' })
        .option('replicates', { type: 'number', default: 2, describe: 'replicate wells per dose (ic50) or tubes (flow)' })
        .option('cells', { type: 'number', default: 200, describe: 'simulated cells per well' })
        .option('seed', { type: 'number', describe: `root seed [${DEFAULT_SEED}] of the design, the wells (common to all points) and the bootstrap` })
        .option('workers', { type: 'number', describe: 'worker threads for the wells (default: CPU cores); results do not depend on it' })
        .option('out', { type: 'string', describe: 'directory for results.jsonl, sensitivity.json, sensitivity.csv, points.csv, manifest.json' })
        .option('resume', { type: 'boolean', default: false, describe: 'continue the run in --out without recomputing its finished points' })
        .option('shard', { type: 'string', describe: 'k/N: run only points with index mod N = k−1 (merge, then --resume in the merged --out)' })
        .option('json', { type: 'boolean', default: false, describe: 'print { method, output, factors, indices (ranked), … } to stdout' })
        .example('$0 sensitivity scenarios/cell-lines/k562-g01.yaml --method morris --output ic50 --samples 6 --out out/morris', ''),
    async (args) => {
      const startedAt = new Date();
      const scenario = String(args.scenario);
      if (!existsSync(scenario)) throw new InputError({ file: scenario }, 'cannot find this scenario file');
      const method = String(args.method) as 'morris' | 'sobol';
      const output = String(args.output) as MeasureName;
      const samples = args.samples === undefined ? (method === 'morris' ? 10 : 64) : positiveInteger(args.samples, '--samples', method === 'morris' ? 'a number of trajectories' : 'a base sample size');
      if (samples < 2) throw new InputError({ file: '--samples' }, `expected at least 2, got ${samples}`);
      const levels = positiveInteger(args.levels, '--levels', 'a number of grid levels');
      if (levels < 2 || levels % 2 !== 0) throw new InputError({ file: '--levels' }, `expected an even number ≥ 2, got ${levels}`);
      const fold = args.fold === undefined ? undefined : positiveNumber(args.fold, '--fold', 'a fold');
      if (fold !== undefined && !(fold > 1)) throw new InputError({ file: '--fold' }, `expected a fold > 1, got ${fold}`);
      const doses = positiveInteger(args.doses, '--doses', 'a number of doses');
      if (doses < 5) throw new InputError({ file: '--doses' }, `expected at least 5 doses (0 and 4 more) for a 4PL IC50, got ${doses}`);
      const replicates = positiveInteger(args.replicates, '--replicates', 'a number of replicates');
      const cells = positiveInteger(args.cells, '--cells', 'a number of cells');
      const seed = args.seed === undefined ? DEFAULT_SEED : seedOption(args.seed);
      const shard = args.shard === undefined ? undefined : parseShard(String(args.shard));
      const out = args.out === undefined ? undefined : String(args.out);
      if (args.resume && out === undefined) throw new InputError({ file: '--resume' }, 'needs --out (the directory of the run to continue)');
      if (shard && out === undefined) throw new InputError({ file: '--shard' }, 'needs --out (each shard writes its results.jsonl there)');
      const line = loadScenario(scenario);
      const lineName = basename(scenario, extname(scenario));
      const names = args.params === undefined ? undefined : String(args.params).split(',').map((s) => s.trim()).filter((s) => s !== '');
      const factors = chooseFactors(line, names, fold);
      const measure = MEASURES[output];
      const expPath = join(EXPERIMENTS_DIR, measure.experimentFile);
      const spec = reducedSpec(loadExperiment(expPath).spec, lineName, replicates, doses);
      const designRng = makeRng(deriveSeed(seed, 'design'));
      const design = method === 'morris' ? morrisDesign(factors, samples, designRng, levels) : saltelliDesign(factors, samples, designRng);
      const points = design.points.map((params, index) => ({ index, params }));
      const wells = experimentDosesUM(spec).length * replicatesOf(spec);
      const workers = args.workers === undefined ? Math.max(1, Math.min(wells, availableParallelism())) : positiveInteger(args.workers, '--workers', 'a number of threads');
      const runner = makePointRunner(`${method} ${output}`, args.json === true);
      const evaluate = sensitivityEvaluator({
        line, lineName, spec, measure, seed, cellsPerSample: cells, workers,
        onPointProgress: (f) => runner.pointProgress(f),
      });
      const inputs = [scenario, ...line.files, line.model.sourceName, expPath];
      const run = {
        command: 'sensitivity',
        // Resume refuses results of another simulator version.
        version: packageVersion(),
        scenario: basename(scenario),
        inputsSha256: [...new Set(inputs.map((f) => resolve(f)))].map((f) => hashFile(f).sha256).sort(),
        method, output, samples, levels: method === 'morris' ? levels : null,
        factors: factors.map((f) => ({ name: f.name, lower: f.lower, upper: f.upper, scale: f.scale })),
        doses, replicates, cellsPerSample: cells, seed,
      };
      const { records, computed, seconds } = await runner.run({
        points,
        evaluate,
        header: run,
        ...(out !== undefined ? { out, resume: args.resume === true } : {}),
        ...(shard ? { shard } : {}),
      });
      const say = (s: string): void => {
        if (!args.json) process.stdout.write(s + '\n');
      };
      say(`${method} sensitivity of ${output}${output === 'ic50' ? ' (log10 IC50)' : ''} in ${lineName}: ${factors.length} parameters, ${points.length} points (${wells} wells of ${cells} cells each), seed ${seed}${shard ? `, shard ${shard.k}/${shard.n}` : ''}: ${computed} computed, ${records.length - computed} resumed, ${seconds.toFixed(1)} s${computed ? ` (${(seconds / computed).toFixed(2)} s/point)` : ''}`);
      if (records.length < points.length) {
        writeManifest(out!, { startedAt, seed, inputs });
        say(`wrote ${records.length} of ${points.length} points to ${join(out!, RESULTS_FILE)}; merge the shards (nrf2sim merge) into one --out and rerun with --resume there to compute the indices`);
        if (args.json) process.stdout.write(JSON.stringify({ shard, points: records.length, resultsFile: join(out!, RESULTS_FILE) }) + '\n');
        return;
      }
      const ix = sensitivityIndices(design, records, seed);
      const failed = records.filter((r) => !Number.isFinite((r.values as { output?: number }).output ?? NaN)).length;
      const json = {
        scenario: lineName,
        method,
        output,
        outputIs: output === 'ic50' ? 'mean over replicates of log10 IC50 (µM)' : output === 'ros_fold' ? 'mean DCF fold over the untreated cells of the line' : 'mean Annexin V+ %',
        samples,
        points: points.length,
        failedPoints: failed,
        failures: records.filter((r) => typeof (r.values as { error?: unknown }).error === 'string').slice(0, 20).map((r) => ({ index: r.index, error: (r.values as { error: string }).error })),
        design: method === 'morris' ? { trajectories: samples, levels, delta: (design as { delta: number }).delta } : { baseSamples: samples, sampling: 'plain Monte Carlo (seeded), Saltelli A/B/AB matrices' },
        factors,
        rankedBy: method === 'morris' ? 'muStar' : 'ST',
        indices: ix.ranked,
        ...(ix.method === 'sobol' ? { rowsUsed: ix.rows, outputVariance: ix.variance } : {}),
        assay: { experiment: measure.experimentFile, doses: experimentDosesUM(spec), replicates, cellsPerSample: cells },
        seed,
      };
      if (out !== undefined) {
        writeAtomic(join(out, 'sensitivity.json'), JSON.stringify(json, null, 1) + '\n');
        const t = indicesTable(ix);
        writeAtomic(join(out, 'sensitivity.csv'), toCsv(t.columns, t.rows));
        const names2 = factors.map((f) => f.name);
        writeAtomic(join(out, 'points.csv'), toCsv(['index', ...names2, 'output'], records.map((r) => [r.index, ...names2.map((n) => r.params[n]!), Number((r.values as { output?: number }).output ?? NaN)])));
        writeWhatIfReport(out, 'sensitivity', json);
        writeManifest(out, { startedAt, seed, inputs });
      }
      if (args.json) {
        process.stdout.write(JSON.stringify(json) + '\n');
        return;
      }
      if (failed) say(`${failed} point(s) gave no ${output} (a 4PL fit failed, or the line could not be simulated with those parameters); their effects are left out`);
      if (ix.method === 'morris') {
        say(`${'rank'.padStart(4)} ${'parameter'.padEnd(26)} ${'μ*'.padStart(8)} ${'95% CI'.padStart(20)} ${'μ'.padStart(8)} ${'σ'.padStart(8)}`);
        ix.ranked.forEach((m, k) => say(`${String(k + 1).padStart(4)} ${m.name.padEnd(26)} ${fmt(m.muStar).padStart(8)} ${`[${fmt(m.muStarCi95[0])}, ${fmt(m.muStarCi95[1])}]`.padStart(20)} ${fmt(m.mu).padStart(8)} ${fmt(m.sigma).padStart(8)}`));
      } else {
        say(`${'rank'.padStart(4)} ${'parameter'.padEnd(26)} ${'ST'.padStart(7)} ${'95% CI'.padStart(18)} ${'S1'.padStart(7)} ${'95% CI'.padStart(18)}`);
        ix.ranked.forEach((s, k) => say(`${String(k + 1).padStart(4)} ${s.name.padEnd(26)} ${fmt(s.st).padStart(7)} ${`[${fmt(s.stCi95[0])}, ${fmt(s.stCi95[1])}]`.padStart(18)} ${fmt(s.s1).padStart(7)} ${`[${fmt(s.s1Ci95[0])}, ${fmt(s.s1Ci95[1])}]`.padStart(18)}`));
      }
      if (out !== undefined) say(`wrote results.jsonl, sensitivity.json, sensitivity.csv, points.csv and manifest.json to ${out}`);
    },
  );
}
