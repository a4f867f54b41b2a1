import type { Argv } from 'yargs';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, extname, join, resolve } from 'node:path';
import { SYNERGY_METHODS } from '../../analysis/synergy/synergy.js';
import { InputError } from '../../core/errors.js';
import { toCsv } from '../../io/csv.js';
import { loadScenario } from '../../io/load.js';
import { hashFile, writeManifest, packageVersion } from '../../io/manifest.js';
import { RESULTS_FILE } from '../../io/results-file.js';
import { writeAtomic } from '../../io/write-atomic.js';
import { writeWhatIfReport } from '../../io/write-report.js';
import { comboEvaluator, comboPoints, parseDrugDoses, viabilityUnits, type ComboPlan } from '../../sweep/combo.js';
import { comboSynergy, type ComboSynergy } from '../../sweep/combo-analysis.js';
import { heatmapSvg } from '../../sweep/combo-svg.js';
import { parseShard } from '../../sweep/run-points.js';
import { positiveInteger, positiveNumber, seedOption } from '../options.js';
import { makePointRunner } from '../point-run.js';

const DEFAULT_SEED = 1;
const DEFAULT_CELLS = 500;
const DEFAULT_REPLICATES = 3;

function fmt(x: number | null | undefined, d = 3): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  return String(Number(x.toPrecision(d)));
}

/** combo.json / --json: the issue's shape plus provenance and uncertainty. */
export function comboJson(s: ComboSynergy, meta: Record<string, unknown>): Record<string, unknown> {
  const { drugA, drugB, ...rest } = meta as { drugA: string; drugB: string };
  return {
    ...rest,
    drugs: { a: drugA, b: drugB },
    doses: { a: s.dosesA, b: s.dosesB },
    viability: s.viability,
    viabilityCi95: s.viabilityCi95,
    scores: s.scores,
    scoreSpread: s.scoreSpread,
    matrices: s.matrices,
    singleAgents: s.singleAgents,
    hypotheses: s.hypotheses,
    replicateMatrices: s.units,
    warnings: s.warnings,
    notes: {
      response: 'viability % of the untreated (a = 0, b = 0) wells; synergy on inhibition = 100 − viability',
      delta: 'SynergyFinder definitions; positive = synergy, in percentage points of inhibition; scores = mean δ over combination cells',
      uncertainty: 'scoreSpread and hypotheses: mean and 95 % t-interval over the independent replicate matrices (repeats × biological replicates)',
    },
  };
}

export function registerCombo(y: Argv): Argv {
  return y.command(
    'combo <scenario>',
    'Two-drug dose matrix of virtual CCK-8 viability with Bliss, HSA, Loewe and ZIP synergy scores (SynergyFinder definitions)',
    (a) =>
      a
        .positional('scenario', { type: 'string', describe: 'a cell-line scenario (e.g. scenarios/cell-lines/k562-g01.yaml)', demandOption: true })
        .option('a', { type: 'string', demandOption: true, describe: "drug on the rows and its doses in the drug's unit, first 0: imatinib=0,0.25,0.5,1,2,4" })
        .option('b', { type: 'string', demandOption: true, describe: 'drug on the columns: auranofin=0,0.1,0.2,0.4,0.8' })
        .option('repeats', { type: 'number', default: 1, describe: 'independent repeats of the whole matrix' })
        .option('replicates', { type: 'number', default: DEFAULT_REPLICATES, describe: 'biological replicate wells per cell of the matrix' })
        .option('seed', { type: 'number', describe: `root seed [${DEFAULT_SEED}]; repeat r uses <root>:repeat:r for every cell (common random numbers)` })
        .option('workers', { type: 'number', describe: 'worker threads for the wells (default: CPU cores); results do not depend on it' })
        .option('cells', { type: 'number', default: DEFAULT_CELLS, describe: 'simulated cells per well' })
        .option('hours', { type: 'number', default: 48, describe: 'drug exposure before the CCK-8 read (h)' })
        .option('out', { type: 'string', describe: 'directory for results.jsonl, combo.json, viability.csv, hypotheses.csv, heatmaps (*.svg), manifest.json' })
        .option('resume', { type: 'boolean', default: false, describe: 'continue the run in --out without recomputing its finished rows' })
        .option('shard', { type: 'string', describe: 'k/N: run only the B doses with index mod N = k−1 (merge, then --resume in the merged --out)' })
        .option('json', { type: 'boolean', default: false, describe: 'print { doses, viability, scores, matrices, hypotheses, … } to stdout' })
        .example('$0 combo scenarios/cell-lines/k562-g01.yaml --a imatinib=0,0.25,0.5,1,2,4 --b auranofin=0,0.1,0.2,0.4,0.8 --out out/combo', ''),
    async (args) => {
      const startedAt = new Date();
      const scenario = String(args.scenario);
      if (!existsSync(scenario)) throw new InputError({ file: scenario }, 'cannot find this scenario file');
      const repeats = positiveInteger(args.repeats, '--repeats', 'a number of repeats');
      const replicates = positiveInteger(args.replicates, '--replicates', 'a number of replicate wells');
      const cells = positiveInteger(args.cells, '--cells', 'a number of cells');
      const hours = positiveNumber(args.hours, '--hours', 'hours');
      const seed = args.seed === undefined ? DEFAULT_SEED : seedOption(args.seed);
      const shard = args.shard === undefined ? undefined : parseShard(String(args.shard));
      const out = args.out === undefined ? undefined : String(args.out);
      if (args.resume && out === undefined) throw new InputError({ file: '--resume' }, 'needs --out (the directory of the run to continue)');
      if (shard && out === undefined) throw new InputError({ file: '--shard' }, 'needs --out (each shard writes its results.jsonl there)');
      const line = loadScenario(scenario);
      const drugA = parseDrugDoses(String(args.a), '--a', line);
      const drugB = parseDrugDoses(String(args.b), '--b', line);
      if (drugA.doses.length < 5) throw new InputError({ file: '--a', field: drugA.drug }, `each row is a CCK-8 dose–response of this drug: expected at least 4 positive doses after the 0, got ${drugA.doses.length - 1}`);
      if (drugA.drug === drugB.drug) throw new InputError({ file: '--b', field: drugB.drug }, `expected a drug other than --a's (${drugA.drug}); a drug with itself is Loewe-additive by definition`);
      const wells = drugA.doses.length * replicates;
      const workers = args.workers === undefined ? Math.max(1, Math.min(wells, availableParallelism())) : positiveInteger(args.workers, '--workers', 'a number of threads');
      const lineName = basename(scenario, extname(scenario));
      const runner = makePointRunner('combo', args.json === true);
      const plan: ComboPlan = {
        line, lineName, a: drugA, b: drugB, repeats, replicates, hours, seed, cellsPerSample: cells, workers,
        onPointProgress: (f) => runner.pointProgress(f),
      };
      const points = comboPoints(plan);
      const run = {
        command: 'combo',
        // Resume refuses results of another simulator version.
        version: packageVersion(),
        scenario: basename(scenario),
        inputsSha256: [...new Set([...line.files, line.model.sourceName].map((f) => resolve(f)))].map((f) => hashFile(f).sha256).sort(),
        a: drugA, b: drugB, repeats, replicates, hours, seed, cellsPerSample: cells,
      };
      const { records, computed, seconds } = await runner.run({
        points,
        evaluate: comboEvaluator(plan),
        describe: (p) => `row ${p.index + 1}`,
        header: run,
        ...(out !== undefined ? { out, resume: args.resume === true } : {}),
        ...(shard ? { shard } : {}),
      });
      const say = (s: string): void => {
        if (!args.json) process.stdout.write(s + '\n');
      };
      const inputs = [scenario, ...line.files, line.model.sourceName];
      say(`combo on ${lineName}: ${drugA.drug} (${drugA.doses.length} doses) × ${drugB.drug} (${drugB.doses.length} doses), ${replicates} replicate wells × ${repeats} repeat(s) of ${cells} cells, ${hours} h, seed ${seed}${shard ? `, shard ${shard.k}/${shard.n}` : ''}: ${computed} row(s) computed, ${records.length - computed} resumed, ${seconds.toFixed(1)} s`);
      if (records.length < points.length) {
        writeManifest(out!, { startedAt, seed, inputs });
        say(`wrote ${records.length} of ${points.length} rows to ${join(out!, RESULTS_FILE)}; merge the shards (nrf2sim merge) into one --out and rerun this command there with --resume to score the matrix`);
        if (args.json) process.stdout.write(JSON.stringify({ shard, points: records.length, resultsFile: join(out!, RESULTS_FILE) }) + '\n');
        return;
      }
      const netOD = records.map((r) => (r.values as { netOD: number[][][] }).netOD);
      const s = comboSynergy(drugA.doses, drugB.doses, viabilityUnits(netOD));
      const meta = {
        line: lineName, drugA: drugA.drug, drugB: drugB.drug,
        units: { a: line.model.drugs[line.model.drugIndex.get(drugA.drug)!]!.unit, b: line.model.drugs[line.model.drugIndex.get(drugB.drug)!]!.unit },
        seed, repeats, replicates, cellsPerSample: cells, hours,
      };
      const json = comboJson(s, meta);
      if (out !== undefined) {
        writeAtomic(join(out, 'combo.json'), JSON.stringify(json, null, 1) + '\n');
        const rows: (string | number)[][] = [];
        s.dosesA.forEach((da, i) => s.dosesB.forEach((db, j) => {
          rows.push([da, db, s.viability[i]![j]!, s.viabilityCi95[i]![j]![0], s.viabilityCi95[i]![j]![1], ...SYNERGY_METHODS.map((m) => s.matrices[m]?.[i]?.[j] ?? '')]);
        }));
        writeAtomic(join(out, 'viability.csv'), toCsv([`${drugA.drug}_dose`, `${drugB.drug}_dose`, 'viability_pct', 'ci95_lo', 'ci95_hi', ...SYNERGY_METHODS.map((m) => `delta_${m}`)], rows));
        writeAtomic(join(out, 'hypotheses.csv'), toCsv(['method', 'rank', 'region', `${drugA.drug}_doses`, `${drugB.drug}_doses`, 'delta_mean', 'ci95_lo', 'ci95_hi', 'n', 'call'],
          s.hypotheses.map((h) => [h.method, h.rank, h.region, h.dosesA.join(' '), h.dosesB.join(' '), h.delta.mean, h.delta.ci95[0], h.delta.ci95[1], h.delta.n, h.call])));
        const base = { drugA: drugA.drug, drugB: drugB.drug, dosesA: s.dosesA, dosesB: s.dosesB };
        writeAtomic(join(out, 'viability.svg'), heatmapSvg({ ...base, title: `${lineName}: viability % (${drugA.drug} × ${drugB.drug})`, values: s.viability, kind: 'viability' }));
        for (const m of SYNERGY_METHODS) {
          const mat = s.matrices[m];
          if (mat) writeAtomic(join(out, `delta-${m}.svg`), heatmapSvg({ ...base, title: `${lineName}: ${m} δ (score ${fmt(s.scores[m])})`, values: mat, kind: 'delta' }));
        }
        writeWhatIfReport(out, 'combo', json);
        writeManifest(out, { startedAt, seed, inputs });
      }
      if (args.json) {
        process.stdout.write(JSON.stringify(json) + '\n');
        return;
      }
      say(`viability % (rows ${drugA.drug}, columns ${drugB.drug}):`);
      say(`${''.padStart(8)} ${s.dosesB.map((d) => fmt(d).padStart(7)).join(' ')}`);
      s.viability.forEach((r, i) => say(`${fmt(s.dosesA[i]).padStart(8)} ${r.map((v) => fmt(v).padStart(7)).join(' ')}`));
      say('synergy scores (mean δ over combination cells; positive = synergy) — pooled matrix; replicate matrices mean [95% CI]:');
      for (const m of SYNERGY_METHODS) {
        const sp = s.scoreSpread[m];
        say(`  ${m.padEnd(6)} ${fmt(s.scores[m]).padStart(7)}   ${fmt(sp.mean).padStart(7)} [${fmt(sp.ci95[0])}, ${fmt(sp.ci95[1])}] (n = ${sp.n})`);
      }
      for (const w of s.warnings) say(`note: ${w.replace(/drug A/, `${drugA.drug}`).replace(/drug B/, `${drugB.drug}`)}`);
      say('most synergistic dose regions (δ mean [simultaneous 95% CI over all regions of a method, Bonferroni] over replicate matrices):');
      for (const h of s.hypotheses.filter((x) => x.rank <= 3)) {
        say(`  ${h.method.padEnd(6)} #${h.rank} ${h.region.padEnd(4)} ${drugA.drug} ${h.dosesA.join('–')} × ${drugB.drug} ${h.dosesB.join('–')}: ${fmt(h.delta.mean)} [${fmt(h.delta.ci95[0])}, ${fmt(h.delta.ci95[1])}] ${h.call}`);
      }
      if (out !== undefined) say(`wrote results.jsonl, combo.json, viability.csv, hypotheses.csv, viability.svg, delta-*.svg and manifest.json to ${out}`);
    },
  );
}
