import type { Argv } from 'yargs';
import { availableParallelism } from 'node:os';
import { basename, join } from 'node:path';
import { experimentJson } from '../../experiments/output.js';
import { runExperiment } from '../../experiments/run-experiment.js';
import type { ExperimentResult } from '../../experiments/types.js';
import { replicatesOf } from '../../experiments/wells.js';
import { experimentDosesUM } from '../../assays/experiment.js';
import { loadExperiment } from '../../io/load-experiment.js';
import { writeManifest } from '../../io/manifest.js';
import { writeExperimentOutputs } from '../../io/write-experiment.js';
import { writeAssayReport } from '../../io/write-report.js';
import { positiveInteger, seedOption } from '../options.js';
import { makeProgress } from '../progress.js';


export function registerAssay(y: Argv): Argv {
  return y.command(
    'assay <experiment>',
    'Run a virtual assay (CCK-8, flow cytometry, qRT-PCR, western blot) on simulated cell populations',
    (a) =>
      a
        .positional('experiment', { type: 'string', describe: 'experiment file (e.g. scenarios/experiments/imatinib-dose-response.yaml)', demandOption: true })
        .option('seed', { type: 'number', describe: "root seed (default: the experiment file's seed); every well and assay stream derives from it" })
        .option('workers', { type: 'number', describe: 'worker threads for the wells (default: min(wells, CPU cores)); results do not depend on it' })
        .option('cells', { type: 'number', describe: "simulated cells per well (default: the file's cells_per_sample, else a per-assay default)" })
        .option('out', { type: 'string', describe: 'directory for summary.json, measurements.csv, the tidy CSV tables, fcs/*.fcs and manifest.json' })
        .option('json', { type: 'boolean', default: false, describe: 'print one JSON object (the summary, wells and measurements) to stdout' })
        .example('$0 assay scenarios/experiments/imatinib-dose-response.yaml --json', '')
        .example('$0 assay scenarios/experiments/apoptosis-flow.yaml --out out/apoptosis --seed 7', ''),
    async (args) => {
      const seed = args.seed === undefined ? undefined : seedOption(args.seed);
      const cells = args.cells === undefined ? undefined : positiveInteger(args.cells, '--cells', 'a number of cells');
      const requested = args.workers === undefined ? undefined : positiveInteger(args.workers, '--workers', 'a number of threads');
      const startedAt = new Date();
      const { spec, lines } = loadExperiment(String(args.experiment));
      const nWells = spec.lines.length * experimentDosesUM(spec).length * replicatesOf(spec);
      const workers = requested ?? Math.max(1, Math.min(nWells, availableParallelism()));
      const progress = makeProgress(spec.name, !args.json);
      const t0 = performance.now();
      const result = await runExperiment(spec, lines, {
        ...(seed !== undefined ? { seed } : {}),
        ...(cells !== undefined ? { cellsPerSample: cells } : {}),
        workers,
        onProgress: (overall: number) => progress.update(overall, 1),
      });
      progress.done();
      const seconds = (performance.now() - t0) / 1000;
      const written = args.out ? writeExperimentOutputs(String(args.out), result) : [];
      if (args.out) {
        written.push(basename(writeAssayReport(String(args.out), result, { model: lines.values().next().value?.model })));
        const inputs = [String(args.experiment), ...[...lines.values()].flatMap((sc) => [...sc.files, sc.model.sourceName])];
        writeManifest(String(args.out), { startedAt, seed: result.experiment.seed, inputs });
      }
      if (args.json) {
        process.stdout.write(experimentJson(result) + '\n');
        return;
      }
      const out = (s: string): void => {
        process.stdout.write(s + '\n');
      };
      const e = result.experiment;
      out(`${e.name} (${e.assay}): ${result.wells.length} wells of ${e.cellsPerSample} cells, seed ${String(e.seed)}, ${Math.min(workers, nWells)} worker(s), ${seconds.toFixed(1)} s`);
      for (const line of describe(result)) out(line);
      if (args.out) {
        const fcs = written.filter((w) => w.startsWith('fcs/')).length;
        out(`wrote ${written.length - fcs} files and manifest.json to ${String(args.out)}${fcs ? ` and ${fcs} FCS files to ${join(String(args.out), 'fcs')}` : ''}`);
      }
    },
  );
}

function fmt(x: unknown, digits = 3): string {
  if (typeof x !== 'number' || !Number.isFinite(x)) return '–';
  return Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(2) : String(Number(x.toPrecision(digits)));
}

type Obj = Record<string, unknown>;

/** A short human-readable table of the summary. */
function describe(result: ExperimentResult): string[] {
  const s = result.summary as Obj;
  const lines = (s['lines'] ?? {}) as Record<string, Obj>;
  const out: string[] = [];
  switch (result.experiment.assay) {
    case 'cck8-dose-response': {
      const ri = s['referenceLine'] !== undefined;
      out.push(`${'line'.padEnd(14)} ${'IC50 µM'.padStart(9)} ${'95% CI'.padStart(19)} ${'hill'.padStart(6)} ${'R²'.padStart(6)}${ri ? ` ${`RI vs ${String(s['referenceLine'])}`.padStart(12)}` : ''}`);
      for (const [name, f] of Object.entries(lines)) {
        const ci = (f['ci95'] as number[] | undefined) ?? [NaN, NaN];
        out.push(`${name.padEnd(14)} ${fmt(f['ic50']).padStart(9)} ${`[${fmt(ci[0])}, ${fmt(ci[1])}]`.padStart(19)} ${fmt(f['hill']).padStart(6)} ${fmt(f['r2']).padStart(6)}${ri ? ` ${fmt(f['resistanceIndex']).padStart(12)}` : ''}`);
      }
      break;
    }
    case 'cck8-proliferation':
      for (const [name, c] of Object.entries(lines)) {
        const od = (c['meanOD'] as number[]).map((v) => fmt(v)).join(' ');
        out.push(`${name.padEnd(14)} OD450 − blank by day ${(c['days'] as number[]).join('/')}: ${od}; doubling ${fmt(c['doublingTimeH'])} h`);
      }
      break;
    case 'flow-dcf':
      out.push(`${'line'.padEnd(14)} ${'condition'.padEnd(18)} ${'MFI'.padStart(8)} ${'fold'.padStart(6)} ${'± SD'.padStart(6)}`);
      for (const [name, conds] of Object.entries(lines)) {
        for (const [cond, c] of Object.entries(conds as Record<string, Obj>)) {
          out.push(`${name.padEnd(14)} ${cond.padEnd(18)} ${fmt(c['mfi'], 4).padStart(8)} ${fmt(c['fold']).padStart(6)} ${fmt(c['foldSD'], 2).padStart(6)}`);
        }
      }
      break;
    case 'flow-annexin-pi':
      out.push(`${'line'.padEnd(14)} ${'condition'.padEnd(18)} ${'viable'.padStart(7)} ${'early'.padStart(6)} ${'late'.padStart(6)} ${'necr.'.padStart(6)} ${'AnnV+ %'.padStart(8)}`);
      for (const [name, conds] of Object.entries(lines)) {
        for (const [cond, c] of Object.entries(conds as Record<string, Obj>)) {
          out.push(
            `${name.padEnd(14)} ${cond.padEnd(18)} ${fmt(c['viable']).padStart(7)} ${fmt(c['earlyApoptotic']).padStart(6)} ${fmt(c['lateApoptotic']).padStart(6)} ${fmt(c['necrotic']).padStart(6)} ${fmt(c['annexinPositive']).padStart(8)}`,
          );
        }
      }
      break;
    case 'qpcr':
    case 'western': {
      const what = result.experiment.assay === 'qpcr' ? `2^−ΔΔCt vs ${String(s['controlLine'])} (${String(s['referenceGene'])})` : `band ratio to ${String(s['loadingControl'])}, vs ${String(s['controlLine'])}`;
      out.push(`fold change, ${what}`);
      for (const [name, genes] of Object.entries(lines)) {
        out.push(`${name.padEnd(14)} ${Object.entries(genes as Record<string, Obj>).map(([g, v]) => `${g} ${fmt(v['fold'])}`).join('  ')}`);
      }
      break;
    }
  }
  return out;
}
