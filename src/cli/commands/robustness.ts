import type { Argv } from 'yargs';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { parseClaimsText } from '../../checks/parse-claims.js';
import { InputError } from '../../core/errors.js';
import { toCsv } from '../../io/csv.js';
import { hashFile, writeManifest, packageVersion } from '../../io/manifest.js';
import { readText } from '../../io/read-text.js';
import { RESULTS_FILE } from '../../io/results-file.js';
import { writeAtomic } from '../../io/write-atomic.js';
import { ensemblePoints, multiplierRanges, robustnessEvaluator } from '../../sweep/robustness-plan.js';
import { robustnessMap } from '../../sweep/robustness-map.js';
import { parseShard } from '../../sweep/run-points.js';
import { positiveInteger, positiveNumber, seedOption } from '../options.js';
import { makePointRunner } from '../point-run.js';
import { loadForClaims } from './paper.js';

const DEFAULT_CLAIMS = 'scenarios/paper/claims.yaml';
const DEFAULT_SEED = 1;

function fmt(x: number | null | undefined, d = 3): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  return Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(2) : String(Number(x.toPrecision(d)));
}

export function registerRobustness(y: Argv): Argv {
  return y.command(
    'robustness',
    "Claim-robustness map: how often each claim of the virtual paper holds across an ensemble of plausible parameter sets, and which parameters decide it",
    (a) =>
      a
        .option('claims', { type: 'string', default: DEFAULT_CLAIMS, describe: 'claims file; its experiments are read from ../experiments beside it' })
        .option('experiments', { type: 'string', describe: 'folder of the experiment files (default: ../experiments beside the claims file)' })
        .option('samples', { type: 'number', default: 20, describe: 'ensemble members (each one repeat of the paper)' })
        .option('fold', { type: 'number', default: 1.5, describe: "each parameter is multiplied by a log-uniform factor in [1/fold, fold] of its line's value" })
        .option('ranges', { type: 'boolean', default: false, describe: "use the model file's declared ranges (relative to the model value) instead of --fold" })
        .option('params', { type: 'string', describe: 'comma-separated parameters to vary (default: every parameter with a declared range and a positive value)' })
        .option('cells', { type: 'number', describe: 'simulated cells per well (default: each experiment / assay default)' })
        .option('seed', { type: 'number', describe: `root seed [${DEFAULT_SEED}] of the ensemble and of the (common) paper seed` })
        .option('workers', { type: 'number', describe: 'worker threads for the wells (default: CPU cores); results do not depend on it' })
        .option('out', { type: 'string', describe: 'directory for results.jsonl, robustness.json, robustness.csv, separation.csv, manifest.json' })
        .option('resume', { type: 'boolean', default: false, describe: 'continue the run in --out without recomputing its finished members' })
        .option('shard', { type: 'string', describe: 'k/N: run only members with index mod N = k−1 (merge, then --resume in the merged --out)' })
        .option('json', { type: 'boolean', default: false, describe: 'print { claims: [ { id, fraction, wilson95, separation: [ { parameter, ksD, smd } ] } ] } to stdout' })
        .example('$0 robustness --samples 40 --fold 1.5 --out out/robustness', ''),
    async (args) => {
      const startedAt = new Date();
      const claimsPath = String(args.claims);
      if (!existsSync(claimsPath)) throw new InputError({ file: claimsPath }, 'cannot find this claims file');
      const samples = positiveInteger(args.samples, '--samples', 'a number of ensemble members');
      const fold = positiveNumber(args.fold, '--fold', 'a fold');
      if (!(fold > 1)) throw new InputError({ file: '--fold' }, `expected a fold > 1, got ${fold}`);
      const cells = args.cells === undefined ? undefined : positiveInteger(args.cells, '--cells', 'a number of cells');
      const seed = args.seed === undefined ? DEFAULT_SEED : seedOption(args.seed);
      const workers = args.workers === undefined ? availableParallelism() : positiveInteger(args.workers, '--workers', 'a number of threads');
      const shard = args.shard === undefined ? undefined : parseShard(String(args.shard));
      const out = args.out === undefined ? undefined : String(args.out);
      if (args.resume && out === undefined) throw new InputError({ file: '--resume' }, 'needs --out (the directory of the run to continue)');
      if (shard && out === undefined) throw new InputError({ file: '--shard' }, 'needs --out (each shard writes its results.jsonl there)');
      const claims = parseClaimsText(readText(claimsPath), claimsPath);
      const expDir = args.experiments === undefined ? join(dirname(claimsPath), '..', 'experiments') : String(args.experiments);
      const loaded = loadForClaims(claimsPath, expDir, claims);
      const model = [...loaded.lines.values()][0]?.model;
      if (!model) throw new InputError({ file: claimsPath }, 'the claims name no experiment with a line');
      const names = args.params === undefined ? undefined : String(args.params).split(',').map((s) => s.trim()).filter((s) => s !== '');
      const ranges = multiplierRanges(model, names, fold, args.ranges === true);
      const points = ensemblePoints(ranges, samples, seed);
      const runner = makePointRunner('robustness', args.json === true);
      const evaluate = robustnessEvaluator({
        claims, experiments: loaded.experiments, lines: loaded.lines, seed, workers,
        ...(cells !== undefined ? { cellsPerSample: cells } : {}),
        onPointProgress: (f) => runner.pointProgress(f),
      });
      const inputs = [claimsPath, ...loaded.inputs];
      const run = {
        command: 'robustness',
        // Resume refuses results of another simulator version.
        version: packageVersion(),
        claims: basename(claimsPath),
        inputsSha256: [...new Set(inputs.map((f) => resolve(f)))].map((f) => hashFile(f).sha256).sort(),
        samples, ranges, seed, cellsPerSample: cells ?? null,
      };
      const { records, computed, seconds } = await runner.run({
        points,
        evaluate,
        describe: (p) => `member ${p.index + 1}`,
        header: run,
        ...(out !== undefined ? { out, resume: args.resume === true } : {}),
        ...(shard ? { shard } : {}),
      });
      const say = (s: string): void => {
        if (!args.json) process.stdout.write(s + '\n');
      };
      say(`robustness of ${claims.length} claim(s) over ${samples} members (${ranges.length} parameters, ${args.ranges ? 'declared ranges' : `×/÷ ${fold}`}), seed ${seed}${shard ? `, shard ${shard.k}/${shard.n}` : ''}: ${computed} computed, ${records.length - computed} resumed, ${seconds.toFixed(1)} s${computed ? ` (${(seconds / computed).toFixed(1)} s/member)` : ''}`);
      if (records.length < points.length) {
        writeManifest(out!, { startedAt, seed, inputs });
        say(`wrote ${records.length} of ${points.length} members to ${join(out!, RESULTS_FILE)}; merge the shards (nrf2sim merge) into one --out and rerun with --resume there for the map`);
        if (args.json) process.stdout.write(JSON.stringify({ shard, points: records.length, resultsFile: join(out!, RESULTS_FILE) }) + '\n');
        return;
      }
      const map = robustnessMap(records, claims.map((c) => c.id), ranges.map((r) => r.name));
      const failed = records.filter((r) => typeof (r.values as { error?: unknown }).error === 'string');
      if (failed.length) say(`${failed.length} member(s) left out: their lines could not be simulated (first: ${String((failed[0]!.values as { error: string }).error)})`);
      const json = {
        claims: map.map((c) => ({ ...c, paper: claims.find((x) => x.id === c.id)!.paper })),
        ranges,
        members: samples,
        seed,
        notes: {
          ensemble: "member i multiplies each varied parameter of every line by a log-uniform factor (seed <root>:member:i); every member runs one repeat of the paper with the common seed <root>:paper",
          holds: "per member, whether the claim holds in that member's one repeat of the paper (the published one-study judgement), not the paper command's ≥ 95 %-of-repeats robustness criterion",
          separation: 'per parameter: two-sample KS D (and asymptotic p) and Cohen’s d of log10 multiplier between members where the claim holds and where it fails; ranked by D',
        },
      };
      if (out !== undefined) {
        writeAtomic(join(out, 'robustness.json'), JSON.stringify(json, null, 1) + '\n');
        writeAtomic(join(out, 'robustness.csv'), toCsv(['claim', 'members', 'holding', 'fraction', 'wilson95_lo', 'wilson95_hi'], map.map((c) => [c.id, c.members, c.holding, c.fraction, c.wilson95[0], c.wilson95[1]])));
        writeAtomic(join(out, 'separation.csv'), toCsv(['claim', 'rank', 'parameter', 'ks_D', 'ks_p', 'smd_log10', 'mean_log10_holding', 'mean_log10_failing'],
          map.flatMap((c) => c.separation.map((s, k) => [c.id, k + 1, s.parameter, s.ksD, s.ksP, s.smd, s.meanLog10Holding, s.meanLog10Failing]))));
        const names2 = ranges.map((r) => r.name);
        const ids = claims.map((c) => c.id);
        writeAtomic(join(out, 'members.csv'), toCsv(['member', ...names2, ...ids.map((i) => `holds_${i}`)],
          records.map((r) => [r.index, ...names2.map((n) => r.params[n]!), ...ids.map((i) => String(((r.values as { holds?: Record<string, boolean> }).holds ?? {})[i] ?? ''))])));
        writeManifest(out, { startedAt, seed, inputs });
      }
      if (args.json) {
        process.stdout.write(JSON.stringify(json) + '\n');
        return;
      }
      say(`${'claim'.padEnd(6)} ${'holds in'.padStart(9)} ${'95% CI'.padStart(16)}  parameters separating holding from failing members (KS D, Cohen's d of log10 multiplier)`);
      for (const c of map) {
        const top = c.separation.slice(0, 3).map((s) => `${s.parameter} (D ${fmt(s.ksD, 2)}, d ${fmt(s.smd, 2)})`).join(', ');
        say(`${c.id.padEnd(6)} ${`${c.holding}/${c.members}`.padStart(9)} ${`[${fmt(c.wilson95[0], 2)}, ${fmt(c.wilson95[1], 2)}]`.padStart(16)}  ${top || (c.holding === c.members ? '(holds in every member)' : '(fails in every member)')}`);
      }
      if (out !== undefined) say(`wrote results.jsonl, robustness.json, robustness.csv, separation.csv, members.csv and manifest.json to ${out}`);
    },
  );
}
