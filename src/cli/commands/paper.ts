import type { Argv } from 'yargs';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import type { Claim } from '../../checks/claim.js';
import { parseClaimsText } from '../../checks/parse-claims.js';
import { runPaper, type PaperExperiment, type PaperResult } from '../../checks/run-paper.js';
import { InputError } from '../../core/errors.js';
import { toCsv } from '../../io/csv.js';
import { loadScenario } from '../../io/load.js';
import { loadExperiment } from '../../io/load-experiment.js';
import { writeManifest } from '../../io/manifest.js';
import { readText } from '../../io/read-text.js';
import { writeAtomic } from '../../io/write-atomic.js';
import { safeFileName } from '../../experiments/naming.js';
import { writeExperimentOutputs } from '../../io/write-experiment.js';
import { writePaperReport } from '../../io/write-report.js';
import { parseAssignments, withCommandLine, type ResolvedScenario } from '../../scenario/resolve.js';
import { listOption, positiveInteger, seedOption } from '../options.js';
import { formatDuration, makeProgress } from '../progress.js';

const DEFAULT_CLAIMS = 'scenarios/paper/claims.yaml';
const DEFAULT_SEED = 2019;
const DEFAULT_REPEATS = 20;


/** The claims' JSON (stdout with --json, claims.json with --out): deterministic for a seed, no timing. */
export function paperJson(result: PaperResult): string {
  return JSON.stringify(
    {
      seed: result.seed,
      repeats: result.repeats,
      allHold: result.allHold,
      experiments: result.experiments,
      claims: result.claims.map((c) => ({
        id: c.id,
        paper: c.paper,
        holds: c.holds,
        robustness: c.robustness,
        required: c.required,
        repeats: c.repeats,
        holdsInFirstRepeat: c.holdsInFirstRepeat,
        effect: Number.isFinite(c.effect) ? c.effect : null,
        ci95: c.ci95,
        pValue: c.pValue,
        n: c.n,
        detail: c.detail,
        checks: c.checks,
      })),
    },
    null,
    1,
  );
}

export function registerPaper(y: Argv): Argv {
  return y.command(
    'paper',
    'Re-run the virtual paper: every experiment the claims need, R independent repeats, each claim judged (exit 0 only when every claim holds)',
    (a) =>
      a
        .option('claims', { type: 'string', default: DEFAULT_CLAIMS, describe: 'claims file; its experiments are read from ../experiments/<name>.yaml beside it' })
        .option('experiments', { type: 'string', describe: 'folder of the experiment files (default: ../experiments beside the claims file; lines added by claims come from ../cell-lines beside it)' })
        .option('repeats', { type: 'number', default: DEFAULT_REPEATS, describe: 'independent virtual repeats of the whole study (root seeds seed:repeat:r)' })
        .option('seed', { type: 'number', default: DEFAULT_SEED, describe: 'root seed of the whole run' })
        .option('workers', { type: 'number', describe: 'worker threads for the wells (default: CPU cores); results do not depend on it' })
        .option('cells', { type: 'number', describe: 'simulated cells per well (default: each experiment file / assay default)' })
        .option('set', { type: 'string', array: true, describe: 'parameter override for every line, in its declared unit, e.g. k_tx_nrf2=6.9 (a what-if or a negative control: the claims it carries should fail)' })
        .option('out', { type: 'string', describe: 'directory for claims.json, measurements.csv (every repeat) and manifest.json' })
        .option('json', { type: 'boolean', default: false, describe: 'print { "claims": [ { "id", "holds", "robustness", "effect", "ci95", "pValue", … } ] } to stdout' })
        .epilogue(
          'Exit status: 0 when every claim holds (in at least its required fraction of repeats); 1 when any claim fails — ' +
            'that is a scientific result (the model does not reproduce the claim), not an error; 2 for bad input. ' +
            "Effect, 95% CI and p are those of repeat 0; robustness is the fraction of repeats in which the claim holds.",
        )
        .example('$0 paper', 'the default run: 20 repeats, table on stdout')
        .example('$0 paper --repeats 3 --cells 200 --out out/paper', 'a quick run, outputs in out/paper')
        .example('$0 paper --set k_tx_trxr_are=0', 'negative control: no Nrf2 → TXNRD1 transcription (C3–C5 should fail)'),
    async (args) => {
      const seed = seedOption(args.seed);
      const repeats = positiveInteger(args.repeats, '--repeats', 'a number of repeats');
      const cells = args.cells === undefined ? undefined : positiveInteger(args.cells, '--cells', 'a number of cells');
      const workers = args.workers === undefined ? availableParallelism() : positiveInteger(args.workers, '--workers', 'a number of threads');
      const claimsPath = String(args.claims);
      const startedAt = new Date();
      const claims = parseClaimsText(readText(claimsPath), claimsPath);
      const expDir = args.experiments === undefined ? join(dirname(claimsPath), '..', 'experiments') : String(args.experiments);
      const loaded = loadForClaims(claimsPath, expDir, claims);
      const { experiments, lines } = withSets(loaded, parseAssignments(listOption(args.set), '--set'));
      const inputs = loaded.inputs;
      // Progress: a bar with an ETA on a terminal; one line per finished repeat in logs (not with --json).
      const bar = makeProgress('paper', !args.json);
      const logLines = !args.json && process.stderr.isTTY !== true;
      let repeatsLogged = 0;
      const t0 = performance.now();
      const result = await runPaper(
        { claims, experiments, lines, makeVariant: (base, set) => withCommandLine(base, new Map(Object.entries(set)), new Map()) },
        {
          seed,
          repeats,
          workers,
          ...(cells !== undefined ? { cellsPerSample: cells } : {}),
          onProgress: (p) => {
            bar.update(p.overall * repeats, repeats, `repeat ${p.repeat + 1}/${repeats} ${p.experiment}`);
            if (logLines && p.repeat > repeatsLogged) {
              repeatsLogged = p.repeat;
              const el = (performance.now() - t0) / 1000;
              process.stderr.write(`paper: repeat ${p.repeat}/${repeats} done, ${formatDuration(el)} elapsed, ETA ${formatDuration((el / p.repeat) * (repeats - p.repeat))}\n`);
            }
          },
        },
      );
      bar.done();
      const seconds = (performance.now() - t0) / 1000;
      const json = paperJson(result);
      if (args.out) {
        const dir = String(args.out);
        writeAtomic(join(dir, 'claims.json'), json + '\n');
        writeAtomic(join(dir, 'measurements.csv'), measurementsCsv(result));
        // Repeat 0 is the study as published: its full assay outputs (tables, FCS files, blots).
        // One folder per experiment, named for it, never clashing with another or with the files above.
        const used = new Set(['claims.json', 'measurements.csv', 'report.html', 'manifest.json']);
        for (const { name, result: exp } of result.firstRepeat) {
          const stem = safeFileName(name, 'd').replace(/\.d$/, '');
          let folder = stem;
          for (let k = 2; used.has(folder.toLowerCase()); k++) folder = `${stem}-${k}`;
          used.add(folder.toLowerCase());
          writeExperimentOutputs(join(dir, folder), exp);
        }
        writePaperReport(dir, result, { claims, experiments });
        writeManifest(dir, { startedAt, seed, inputs: [claimsPath, ...inputs], ...(result.allHold ? {} : { exitStatus: 1 }) });
      }
      if (args.json) process.stdout.write(json + '\n');
      else {
        for (const line of table(result)) process.stdout.write(line + '\n');
        const passed = result.claims.filter((c) => c.holds).length;
        // stdout depends only on the inputs and the seed (two runs print identical tables); timing goes to stderr.
        process.stdout.write(`\n${passed}/${result.claims.length} claims hold over ${repeats} repeat(s), seed ${seed}\n`);
        if (args.out) process.stdout.write(`report: ${join(String(args.out), 'report.html')} (claims.json, measurements.csv, each experiment's outputs and manifest.json beside it)\n`);
        process.stderr.write(`paper: ${seconds.toFixed(1)} s on ${workers} worker(s)\n`);
      }
      if (!result.allHold) process.exitCode = 1;
    },
  );
}

/** Read the experiments the claims name (<expDir>/<name>.yaml) and the lines they may add (<expDir>/../cell-lines). */
export function loadForClaims(claimsPath: string, expDir: string, claims: readonly Claim[]): { experiments: Map<string, PaperExperiment>; lines: Map<string, ResolvedScenario>; inputs: string[] } {
  const lineDir = join(expDir, '..', 'cell-lines');
  const experiments = new Map<string, PaperExperiment>();
  const lines = new Map<string, ResolvedScenario>();
  const inputs: string[] = [];
  for (const claim of claims) {
    for (const name of claim.experiments) {
      if (experiments.has(name)) continue;
      const path = join(expDir, `${name}.yaml`);
      if (!existsSync(path)) throw new InputError({ file: claimsPath, field: claim.id }, `claim needs experiment '${name}', but ${path} does not exist`);
      const exp = loadExperiment(path);
      experiments.set(name, exp);
      inputs.push(path);
      for (const [line, sc] of exp.lines) {
        if (!lines.has(line)) lines.set(line, sc);
        inputs.push(...sc.files, sc.model.sourceName);
      }
    }
  }
  for (const claim of claims) {
    for (const line of [...(claim.extraLines ?? []), ...(claim.variants ? [claim.variants.line] : [])]) {
      if (lines.has(line)) continue;
      const path = join(lineDir, `${line}.yaml`);
      if (!existsSync(path)) throw new InputError({ file: claimsPath, field: claim.id }, `claim needs line '${line}', but no loaded experiment has it and ${path} does not exist`);
      const sc = loadScenario(path);
      lines.set(line, sc);
      inputs.push(...sc.files, sc.model.sourceName);
    }
  }
  return { experiments, lines, inputs };
}

/** Every line of every experiment with `--set` applied (variants made later start from these). */
function withSets<T extends { experiments: Map<string, PaperExperiment>; lines: Map<string, ResolvedScenario> }>(loaded: T, sets: ReadonlyMap<string, number>): T {
  if (sets.size === 0) return loaded;
  const apply = (m: ReadonlyMap<string, ResolvedScenario>): Map<string, ResolvedScenario> => new Map([...m].map(([k, sc]) => [k, withCommandLine(sc, sets, new Map())]));
  const experiments = new Map([...loaded.experiments].map(([k, e]) => [k, { ...e, lines: apply(e.lines) }]));
  return { ...loaded, experiments, lines: apply(loaded.lines) };
}

function measurementsCsv(result: PaperResult): string {
  const rows: (string | number)[][] = [];
  result.measurements.forEach((ms, r) => {
    for (const m of ms) rows.push([r, m.experiment, m.measure, m.line, m.doseUM ?? '', m.timeH, m.replicate ?? '', m.value]);
  });
  return toCsv(['repeat', 'experiment', 'measure', 'line', 'dose_uM', 'time_h', 'replicate', 'value'], rows);
}

function fmt(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  return Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(2) : String(Number(x.toPrecision(3)));
}

function table(result: PaperResult): string[] {
  const say = (s: string): string => (s.length > 48 ? s.slice(0, 47) + '…' : s);
  const head = `${'claim'.padEnd(5)}  ${'paper says'.padEnd(48)}  ${'effect [95% CI]'.padEnd(26)}  ${'p'.padStart(9)}  ${'robust'.padStart(6)}  result`;
  const out = [head, '-'.repeat(head.length)];
  for (const c of result.claims) {
    const eff = `${fmt(c.effect)}${c.ci95 ? ` [${fmt(c.ci95[0])}, ${fmt(c.ci95[1])}]` : ''}`;
    const rob = `${Math.round(c.robustness * 100)}%`;
    out.push(`${c.id.padEnd(5)}  ${say(c.paper).padEnd(48)}  ${eff.padEnd(26)}  ${fmt(c.pValue).padStart(9)}  ${rob.padStart(6)}  ${c.holds ? 'PASS' : 'FAIL'}`);
  }
  const failing = result.claims.filter((c) => !c.holds);
  if (failing.length) {
    out.push('', `failing (needs ≥ ${Math.round((failing[0]?.required ?? 0.95) * 100)}% of repeats; details of repeat 0):`);
    for (const c of failing) out.push(`  ${c.id}: ${c.detail}`);
  }
  return out;
}
