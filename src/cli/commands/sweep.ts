import type { Argv } from 'yargs';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExperimentSpec } from '../../assays/experiment.js';
import { experimentDosesUM } from '../../assays/experiment.js';
import { InputError } from '../../core/errors.js';
import { parseStructuredText } from '../../core/structured-text.js';
import { replicatesOf } from '../../experiments/wells.js';
import { toCsv } from '../../io/csv.js';
import { loadScenario } from '../../io/load.js';
import { loadExperiment } from '../../io/load-experiment.js';
import { hashFile, writeManifest, packageVersion } from '../../io/manifest.js';
import { readText } from '../../io/read-text.js';
import { RESULTS_FILE } from '../../io/results-file.js';
import { writeAtomic } from '../../io/write-atomic.js';
import { writeWhatIfReport } from '../../io/write-report.js';
import type { ResolvedScenario } from '../../scenario/resolve.js';
import { checkPoints, sweepEvaluator, type AssayPlan, type SweepPlan } from '../../sweep/evaluate.js';
import { gridPoints, parseAxes, type GridAxis } from '../../sweep/grid.js';
import { MEASURES, parseMeasures, type MeasureDef, type MeasureName } from '../../sweep/measures.js';
import { sweepSvg } from '../../sweep/plot-svg.js';
import type { PointRecord } from '../../sweep/point.js';
import { sweepResult, sweepTable, type SweepDescription, type SweepResult } from '../../sweep/result.js';
import { parseShard } from '../../sweep/run-points.js';
import type { MeanCi } from '../../sweep/summary.js';
import { listOption, positiveInteger, seedOption } from '../options.js';
import { makePointRunner } from '../point-run.js';

const DEFAULT_SEED = 1;
const EXPERIMENTS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'scenarios', 'experiments');

/** The run identity stored in results.jsonl's header: enough to rebuild the result on merge, no paths. */
export interface SweepRun extends Record<string, unknown> {
  readonly command: 'sweep';
  readonly version: string;
  readonly input: string;
  readonly inputsSha256: readonly string[];
  readonly axes: readonly GridAxis[];
  readonly measures: readonly MeasureName[];
  readonly sweptLine: string;
  readonly referenceLine: string | null;
  readonly seed: string | number;
  readonly repeats: number;
  readonly cellsPerSample: number | null;
}

function lineName(path: string): string {
  return basename(path, extname(path));
}

function isExperimentFile(path: string): boolean {
  const v = parseStructuredText(readText(path), path).value;
  return !!v && typeof v === 'object' && 'assay' in v;
}

/** The spec reduced to the given lines (a CCK-8 reference line is dropped: a sweep reads IC50 only). */
function withLines(spec: ExperimentSpec, names: readonly string[]): ExperimentSpec {
  const lines = names.map((n) => spec.lines.find((l) => l.name === n) ?? { name: n, file: `${n}.yaml` });
  if (spec.assay === 'cck8-dose-response') {
    const { referenceLine: _drop, ...cck8 } = spec.cck8;
    return { ...spec, lines, cck8 };
  }
  if (spec.assay === 'flow-dcf' && spec.flow.referenceLine !== undefined && !names.includes(spec.flow.referenceLine)) {
    const { referenceLine: _drop, ...flow } = spec.flow;
    return { ...spec, lines, flow };
  }
  return { ...spec, lines };
}

export interface LoadedSweep {
  readonly sweptLine: string;
  readonly assays: AssayPlan[];
  readonly reference: { readonly name: string; readonly scenario: ResolvedScenario } | null;
  /** Files whose content defines the run (hashed into the header). */
  readonly files: string[];
}

/** A scenario: each measure's built-in experiment, run on that line alone (plus DCF's reference line). */
function loadForScenario(path: string, measures: readonly MeasureDef[], referenceOpt: string | undefined): LoadedSweep {
  const swept = loadScenario(path);
  const sweptLine = lineName(path);
  const files = [path, ...swept.files, swept.model.sourceName];
  const assays: AssayPlan[] = [];
  for (const file of [...new Set(measures.map((m) => m.experimentFile))]) {
    const expPath = join(EXPERIMENTS_DIR, file);
    const { spec, lines } = loadExperiment(expPath);
    files.push(expPath);
    const ref = spec.assay === 'flow-dcf' ? spec.flow.referenceLine : undefined;
    const keep = ref !== undefined && ref !== sweptLine && lines.has(ref) ? [sweptLine, ref] : [sweptLine];
    const map = new Map<string, ResolvedScenario>([[sweptLine, swept]]);
    if (keep.length > 1) {
      map.set(ref!, lines.get(ref!)!);
      files.push(...lines.get(ref!)!.files);
    }
    assays.push({ spec: withLines(spec, keep), lines: map, measures: measures.filter((m) => m.experimentFile === file) });
  }
  let refPath: string | undefined;
  if (referenceOpt !== undefined && referenceOpt !== 'none') refPath = referenceOpt;
  else if (referenceOpt === undefined && measures.some((m) => m.name === 'ic50')) {
    const sibling = join(dirname(path), 'k562.yaml');
    if (existsSync(sibling) && resolve(sibling) !== resolve(path)) refPath = sibling;
  }
  if (refPath !== undefined && !existsSync(refPath)) throw new InputError({ file: '--reference', field: refPath }, "cannot find this scenario file (or give 'none')");
  const reference = refPath !== undefined ? { name: lineName(refPath), scenario: loadScenario(refPath) } : null;
  if (reference) files.push(...reference.scenario.files, reference.scenario.model.sourceName);
  return { sweptLine, assays, reference, files };
}

/** An experiment file: run as written, the swept parameters applied to --line. */
function loadForExperiment(path: string, measures: readonly MeasureDef[], lineOpt: string | undefined, referenceOpt: string | undefined): LoadedSweep {
  const { spec, lines } = loadExperiment(path);
  for (const m of measures) {
    if (m.assay !== spec.assay) throw new InputError({ file: '--measure', field: m.name }, `needs a ${m.assay} experiment, but ${path} is ${spec.assay}`);
  }
  const names = spec.lines.map((l) => l.name);
  let sweptLine: string;
  if (lineOpt !== undefined) {
    if (!names.includes(lineOpt)) throw new InputError({ file: '--line', field: lineOpt }, `not a line of ${path}; expected one of ${names.join(', ')}`);
    sweptLine = lineOpt;
  } else if (names.length === 1) sweptLine = names[0]!;
  else throw new InputError({ file: '--line' }, `${path} has ${names.length} lines; name the one to sweep: ${names.join(', ')}`);
  const files = [path, ...[...lines.values()].flatMap((sc) => [...sc.files, sc.model.sourceName])];
  let reference: LoadedSweep['reference'] = null;
  if (referenceOpt !== undefined && referenceOpt !== 'none') {
    if (!existsSync(referenceOpt)) throw new InputError({ file: '--reference', field: referenceOpt }, "cannot find this scenario file (or give 'none')");
    const sc = loadScenario(referenceOpt);
    reference = { name: lineName(referenceOpt), scenario: sc };
    files.push(...sc.files, sc.model.sourceName);
  } else if (referenceOpt === undefined && spec.assay === 'cck8-dose-response' && spec.cck8.referenceLine !== undefined && spec.cck8.referenceLine !== sweptLine) {
    reference = { name: spec.cck8.referenceLine, scenario: lines.get(spec.cck8.referenceLine)! };
  }
  return { sweptLine, assays: [{ spec, lines, measures }], reference, files };
}

/** ic50 for a scenario; for an experiment file, the measure its assay reads (else ic50, refused later). */
function defaultMeasure(input: string): string {
  if (!existsSync(input) || !isExperimentFile(input)) return 'ic50';
  const assay = (parseStructuredText(readText(input), input).value as { assay?: unknown }).assay;
  return Object.values(MEASURES).find((m) => m.assay === assay)?.name ?? 'ic50';
}

/** Load what a sweep of `input` (a scenario or an experiment file) runs at each point. */
export function loadSweep(input: string, measures: readonly MeasureDef[], opts: { readonly line?: string; readonly reference?: string } = {}): LoadedSweep {
  if (!existsSync(input)) throw new InputError({ file: input }, 'cannot find this scenario or experiment file');
  if (isExperimentFile(input)) return loadForExperiment(input, measures, opts.line, opts.reference);
  if (opts.line !== undefined) throw new InputError({ file: '--line' }, 'only applies to an experiment file; a scenario is its own line');
  return loadForScenario(input, measures, opts.reference);
}

function fmt(x: number | null | undefined, digits = 3): string {
  if (typeof x !== 'number' || !Number.isFinite(x)) return '–';
  return Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(2) : String(Number(x.toPrecision(digits)));
}

/** The sweep's table as text lines (stdout without --json). */
export function describeSweep(r: SweepResult): string[] {
  const out: string[] = [];
  const head = [...r.axes.map((a) => a.name.padStart(12)), ...r.measures.map((m) => `${MEASURES[m].label} mean [95% CI] n`.padStart(34))];
  out.push(head.join(' '));
  const cell = (s: MeanCi): string => `${fmt(s.mean)} [${fmt(s.ci95[0])}, ${fmt(s.ci95[1])}] ${s.n}`.padStart(34);
  for (const p of r.points) out.push([...r.axes.map((a) => fmt(p.params[a.name]).padStart(12)), ...r.measures.map((m) => cell(p[m] as MeanCi))].join(' '));
  if (r.reference) out.push(['reference'.padStart(12), ...r.axes.slice(1).map(() => ''.padStart(12)), ...r.measures.map((m) => cell(r.reference!.values[m]!))].join(' ') + `   (${r.reference.line})`);
  if (r.target) {
    const band = r.target.ciBand;
    out.push(`target: ${r.target.text}${r.target.status === 'reached' ? `; 95% CI band reaches it at ${r.target.parameter} ${fmt(band[0])}…${fmt(band[1])}` : ''}`);
  }
  return out;
}

/** sweep.json and `--json`: the result plus the run identity. */
export function sweepJson(r: SweepResult, run: Readonly<Record<string, unknown>>): string {
  return JSON.stringify({ ...r, run }, null, 1);
}

/** points.csv, sweep.json, sweep.svg (atomically); the caller writes manifest.json after. */
export function writeSweepOutputs(dir: string, r: SweepResult, run: Readonly<Record<string, unknown>>): string[] {
  const t = sweepTable(r);
  writeAtomic(join(dir, 'points.csv'), toCsv(t.columns, t.rows));
  writeAtomic(join(dir, 'sweep.json'), sweepJson(r, run) + '\n');
  writeAtomic(join(dir, 'sweep.svg'), sweepSvg(r));
  return ['points.csv', 'sweep.json', 'sweep.svg'];
}

/** Rebuild the result's description from a results header (for merge). */
export function sweepDescriptionOf(run: Readonly<Record<string, unknown>>): SweepDescription {
  const r = run as SweepRun;
  return { axes: r.axes, measures: r.measures, sweptLine: r.sweptLine, ...(r.referenceLine !== null ? { referenceLine: r.referenceLine } : {}) };
}

export function sweepResultOf(run: Readonly<Record<string, unknown>>, records: readonly PointRecord[]): SweepResult {
  return sweepResult(sweepDescriptionOf(run), records);
}

export function registerSweep(y: Argv): Argv {
  return y.command(
    'sweep <input>',
    'Sweep model parameters over a grid; each point a full virtual assay with replicates (mean and 95% CI per point, CSV + plot)',
    (a) =>
      a
        .positional('input', { type: 'string', describe: 'a scenario (e.g. scenarios/cell-lines/g01-shnrf2.yaml) or an experiment file (scenarios/experiments/*.yaml)', demandOption: true })
        .option('param', { type: 'string', array: true, describe: 'axis name=from:to:points[:log] or name=v1,v2,… (repeatable; grid = cartesian product)' })
        .option('measure', { type: 'string', array: true, describe: "ic50 (CCK-8 4PL IC50, µM), ros_fold (DCF fold), apoptosis_pct (Annexin V+ %); comma-separated (default: ic50, or the experiment file's own read-out)" })
        .option('repeats', { type: 'number', default: 1, describe: 'independent repeats of each assay per point (each with its replicates)' })
        .option('seed', { type: 'number', describe: `root seed [${DEFAULT_SEED}]; point i, repeat r uses seed <root>:point:i:repeat:r` })
        .option('workers', { type: 'number', describe: "worker threads for each point's wells (default: CPU cores); results do not depend on it" })
        .option('cells', { type: 'number', describe: "simulated cells per well (default: the assay's)" })
        .option('line', { type: 'string', describe: 'with an experiment file: the line to sweep (default: its only line)' })
        .option('reference', { type: 'string', describe: "scenario whose IC50 is the target (default: k562.yaml beside the scenario, or the experiment's reference_line); 'none' to skip" })
        .option('out', { type: 'string', describe: 'directory for results.jsonl (append-only), points.csv, sweep.json, sweep.svg, manifest.json' })
        .option('resume', { type: 'boolean', default: false, describe: "continue the run in --out without recomputing its finished points" })
        .option('shard', { type: 'string', describe: 'k/N: run only points with index mod N = k−1 (combine with nrf2sim merge)' })
        .option('json', { type: 'boolean', default: false, describe: 'print { points: [{ params, <measure>: { mean, ci95 } }], reference, target, … } to stdout' })
        .example('$0 sweep scenarios/cell-lines/g01-shnrf2.yaml --param knockdown=0:0.95:20 --measure ic50 --out out/kd', '')
        .example('$0 sweep scenarios/cell-lines/k562-g01.yaml --param k_tx_nrf2=0.2:5:9:log --measure ros_fold,apoptosis_pct --repeats 3', ''),
    async (args) => {
      const startedAt = new Date();
      const axes = parseAxes(listOption(args.param));
      const repeats = positiveInteger(args.repeats, '--repeats', 'a number of repeats');
      const seed = args.seed === undefined ? DEFAULT_SEED : seedOption(args.seed);
      const cells = args.cells === undefined ? undefined : positiveInteger(args.cells, '--cells', 'a number of cells');
      const requested = args.workers === undefined ? undefined : positiveInteger(args.workers, '--workers', 'a number of threads');
      const shard = args.shard === undefined ? undefined : parseShard(String(args.shard));
      const out = args.out === undefined ? undefined : String(args.out);
      if (args.resume && out === undefined) throw new InputError({ file: '--resume' }, 'needs --out (the directory of the run to continue)');
      if (shard && out === undefined) throw new InputError({ file: '--shard' }, 'needs --out (each shard writes its results.jsonl there for nrf2sim merge)');
      const input = String(args.input);
      const measures = parseMeasures(args.measure === undefined ? [defaultMeasure(input)] : listOption(args.measure));
      const loaded = loadSweep(input, measures, { ...(args.line !== undefined ? { line: String(args.line) } : {}), ...(args.reference !== undefined ? { reference: String(args.reference) } : {}) });
      const wellsPerPoint = Math.max(...loaded.assays.map((a) => a.spec.lines.length * experimentDosesUM(a.spec).length * replicatesOf(a.spec)));
      const workers = requested ?? Math.max(1, Math.min(wellsPerPoint, availableParallelism()));
      const grid = gridPoints(axes);
      const points = loaded.reference ? [...grid, { index: grid.length, params: {} }] : grid;
      const runner = makePointRunner('sweep', args.json === true);
      const plan: SweepPlan = {
        sweptLine: loaded.sweptLine,
        assays: loaded.assays,
        ...(loaded.reference ? { reference: loaded.reference.scenario } : {}),
        seed,
        repeats,
        ...(cells !== undefined ? { cellsPerSample: cells } : {}),
        workers,
        onPointProgress: (f) => runner.pointProgress(f),
      };
      checkPoints(plan, grid);
      const run: SweepRun = {
        command: 'sweep',
        // Resume refuses results of another simulator version.
        version: packageVersion(),
        input: basename(input),
        inputsSha256: [...new Set(loaded.files.map((f) => resolve(f)))].map((f) => hashFile(f).sha256).sort(),
        axes,
        measures: measures.map((m) => m.name),
        sweptLine: loaded.sweptLine,
        referenceLine: loaded.reference?.name ?? null,
        seed,
        repeats,
        cellsPerSample: cells ?? null,
      };
      const evaluate = sweepEvaluator(plan, grid.length);
      const { records, computed, seconds } = await runner.run({
        points,
        evaluate,
        describe: (p) => (p.index === grid.length ? `reference ${loaded.reference!.name}` : Object.entries(p.params).map(([k, v]) => `${k}=${fmt(v)}`).join(' ')),
        header: run,
        ...(out !== undefined ? { out, resume: args.resume === true } : {}),
        ...(shard ? { shard } : {}),
      });
      const say = (s: string): void => {
        if (!args.json) process.stdout.write(s + '\n');
      };
      const resumed = records.length - computed;
      say(`sweep of ${loaded.sweptLine}: ${points.length} points (${grid.length} grid${loaded.reference ? ` + reference ${loaded.reference.name}` : ''}) × ${repeats} repeat(s), seed ${seed}, ${workers} worker(s)${shard ? `, shard ${shard.k}/${shard.n}` : ''}: ${computed} computed${resumed ? `, ${resumed} resumed` : ''} in ${seconds.toFixed(1)} s`);
      if (shard && shard.n > 1) {
        writeManifest(out!, { startedAt, seed, inputs: loaded.files });
        say(`wrote ${records.length} points to ${join(out!, RESULTS_FILE)}; combine the shards with: nrf2sim merge <dirs…> --out DIR`);
        if (args.json) process.stdout.write(JSON.stringify({ shard, points: records.length, resultsFile: join(out!, RESULTS_FILE) }) + '\n');
        return;
      }
      const result = sweepResult(sweepDescriptionOf(run), records);
      if (out !== undefined) {
        writeSweepOutputs(out, result, run);
        writeWhatIfReport(out, 'sweep', { ...result, run });
        writeManifest(out, { startedAt, seed, inputs: loaded.files });
      }
      if (args.json) {
        process.stdout.write(sweepJson(result, run) + '\n');
        return;
      }
      for (const l of describeSweep(result)) say(l);
      if (out !== undefined) say(`wrote ${RESULTS_FILE}, points.csv, sweep.json, sweep.svg and manifest.json to ${out}`);
    },
  );
}
