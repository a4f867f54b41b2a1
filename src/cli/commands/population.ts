import type { Argv } from 'yargs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { loadScenario } from '../../io/load.js';
import { toCsv } from '../../io/csv.js';
import { writeAtomic } from '../../io/write-atomic.js';
import { writeManifest } from '../../io/manifest.js';
import { displayFactors } from '../../model/display-units.js';
import { parseAssignments, withCommandLine } from '../../scenario/resolve.js';
import { wellJobs } from '../../scenario/population-jobs.js';
import { runWells } from '../../solve/population/pool.js';
import type { WellResult } from '../../solve/population/types.js';
import { listOption, positiveInteger, positiveNumber, seedOption } from '../options.js';
import { makeProgress } from '../progress.js';

const STAGES = ['viable', 'earlyApoptotic', 'lateApoptotic', 'necrotic'] as const;


export function registerPopulation(y: Argv): Argv {
  return y.command(
    'population <scenario>',
    'Simulate wells of individual cells: counts per death stage over time and distributions of species',
    (a) =>
      a
        .positional('scenario', { type: 'string', describe: 'scenario file (e.g. scenarios/cell-lines/k562-g01.yaml)', demandOption: true })
        .option('cells', { type: 'number', describe: "cells seeded per well (default: the scenario's population.cells, 10000)" })
        .option('hours', { type: 'number', describe: "simulated time after drug addition, h (default: the scenario's, 72)" })
        .option('dose', { type: 'string', array: true, describe: "drug dose from t = 0 in the drug's unit, e.g. imatinib=1 (replaces the scenario's schedule for that drug)" })
        .option('set', { type: 'string', array: true, describe: 'parameter override in its declared unit, e.g. knockdown=0.5' })
        .option('seed', { type: 'number', default: 1, describe: 'root seed; replicate r uses the stream derived from (seed, r)' })
        .option('replicates', { type: 'number', default: 1, describe: 'independent replicate wells' })
        .option('workers', { type: 'number', describe: 'worker threads (default: min(replicates, CPU cores)); results do not depend on it' })
        .option('out', { type: 'string', describe: 'directory for population.json, counts.csv and means.csv' })
        .option('json', { type: 'boolean', default: false, describe: 'print one JSON object {times, replicates: [{counts, means}]} to stdout' })
        .example('$0 population scenarios/cell-lines/k562-g01.yaml --dose imatinib=1 --cells 10000', '')
        .example('$0 population scenarios/cell-lines/g01-shnrf2.yaml --dose imatinib=2 --replicates 4 --workers 2 --json', ''),
    async (args) => {
      const startedAt = new Date();
      const cells = args.cells === undefined ? undefined : positiveInteger(args.cells, '--cells', 'a number of cells');
      const hours = args.hours === undefined ? undefined : positiveNumber(args.hours, '--hours', 'a number of hours');
      const seed = seedOption(args.seed);
      const replicates = positiveInteger(args.replicates, '--replicates', 'a number of wells');
      const workers = args.workers === undefined ? Math.min(replicates, availableParallelism()) : positiveInteger(args.workers, '--workers', 'a number of threads');
      const sc = withCommandLine(
        loadScenario(args.scenario as string),
        parseAssignments(listOption(args.set), '--set'),
        parseAssignments(listOption(args.dose), '--dose'),
      );
      const m = sc.model;
      const jobs = wellJobs(sc, { seed, replicates, ...(cells !== undefined ? { cells } : {}), ...(hours !== undefined ? { hours } : {}) });
      // Drawn only on a terminal (stdout too, as documented), never with --json.
      const progress = makeProgress(sc.name, !args.json && process.stdout.isTTY === true);
      const t0 = performance.now();
      const results = await runWells(jobs, { workers, onProgress: (_w: number, _f: number, overall: number) => progress.update(overall, 1) });
      progress.done();
      const seconds = (performance.now() - t0) / 1000;

      const f = displayFactors(m);
      const units = Object.fromEntries(m.species.map((s) => [s.name, s.unit]));
      const times = Array.from(results[0]!.timesH);
      const nS = m.nSpecies;
      const replicateJson = (r: WellResult) => {
        const means: Record<string, (number | null)[]> = {};
        const quantiles: Record<string, (number | null)[][]> = {};
        m.species.forEach((s, i) => {
          means[s.name] = times.map((_, k) => finite(r.means[k * nS + i]! * f[i]!));
        });
        const nQ = r.quantileLevels.length;
        const nSum = r.summarySpecies.length;
        r.summarySpecies.forEach((i, si) => {
          quantiles[m.species[i]!.name] = times.map((_, k) =>
            Array.from({ length: nQ }, (_, q) => finite(r.quantiles[(k * nSum + si) * nQ + q]! * f[i]!)),
          );
        });
        return {
          seed: r.seed,
          counts: {
            viable: Array.from(r.counts.viable),
            earlyApoptotic: Array.from(r.counts.earlyApoptotic),
            lateApoptotic: Array.from(r.counts.lateApoptotic),
            necrotic: Array.from(r.counts.necrotic),
            debris: Array.from(r.counts.debris),
            divisions: Array.from(r.counts.divisions),
          },
          means,
          quantiles,
          // Wall-clock figures stay out of results so reruns reproduce them bit for bit (timing is in manifest.json).
          stats: { ...r.stats, wallSeconds: undefined, mainSeconds: undefined },
        };
      };
      const result = {
        scenario: sc.name,
        seed,
        cells: jobs[0]!.cells,
        carryingCapacity: jobs[0]!.carryingCapacity,
        doses: Object.fromEntries(m.drugs.map((d, k) => [d.name, sc.dosesUM[k]! / d.unitFactor])),
        schedule: sc.population.schedule.map((ev) => ({
          drug: m.drugs[ev.drug]!.name,
          dose: ev.doseUM / m.drugs[ev.drug]!.unitFactor,
          at: ev.atH,
          washout: Number.isFinite(ev.washoutH) ? ev.washoutH : null,
          halfLife: Number.isFinite(ev.halfLifeH) ? ev.halfLifeH : null,
        })),
        times,
        units,
        quantileLevels: results[0]!.quantileLevels,
        means: 'over viable cells, in each species unit',
        replicates: results.map(replicateJson),
      };

      if (args.out) {
        const dir = String(args.out);
        writeAtomic(join(dir, 'population.json'), JSON.stringify(result, null, 1) + '\n');
        const countRows: (string | number)[][] = [];
        const meanRows: (string | number)[][] = [];
        results.forEach((r, rep) => {
          times.forEach((t, k) => {
            countRows.push([rep + 1, t, ...STAGES.map((s) => r.counts[s][k]!), r.counts.debris[k]!, r.counts.divisions[k]!]);
            meanRows.push([rep + 1, t, ...m.species.map((_, i) => r.means[k * nS + i]! * f[i]!)]);
          });
        });
        writeAtomic(join(dir, 'counts.csv'), toCsv(['replicate', 'time_h', ...STAGES, 'debris_cumulative', 'divisions_cumulative'], countRows));
        writeAtomic(join(dir, 'means.csv'), toCsv(['replicate', 'time_h', ...m.species.map((s) => `${s.name} [${s.unit}]`)], meanRows));
        writeManifest(dir, { startedAt, seed, inputs: [...sc.files, m.sourceName] });
      }
      if (args.json) {
        process.stdout.write(JSON.stringify(result) + '\n');
        return;
      }
      const out = (s: string): void => {
        process.stdout.write(s + '\n');
      };
      const doseText = m.drugs.map((d, k) => (sc.dosesUM[k]! > 0 ? `${d.name} ${sc.dosesUM[k]! / d.unitFactor} ${d.unit}` : '')).filter(Boolean).join(', ') || 'no drug';
      out(`${sc.name}: ${jobs[0]!.cells} cells seeded per well, ${times[times.length - 1]} h, ${doseText}${sc.population.schedule.length ? ' + schedule' : ''}; ${replicates} well(s), seed ${seed}, ${Math.min(workers, replicates)} worker(s), ${seconds.toFixed(1)} s`);
      const every = Math.max(1, Math.round(times.length / 7));
      results.forEach((r, rep) => {
        if (replicates > 1) out(`replicate ${rep + 1}`);
        out(`${'time h'.padStart(7)} ${'viable'.padStart(9)} ${'early apo'.padStart(10)} ${'late apo'.padStart(9)} ${'necrotic'.padStart(9)} ${'AnnV+ %'.padStart(8)}`);
        times.forEach((t, k) => {
          if (k % every !== 0 && k !== times.length - 1) return;
          const c = r.counts;
          const total = c.viable[k]! + c.earlyApoptotic[k]! + c.lateApoptotic[k]! + c.necrotic[k]!;
          const apo = total > 0 ? (100 * (c.earlyApoptotic[k]! + c.lateApoptotic[k]!)) / total : NaN;
          out(`${fmt(t).padStart(7)} ${String(c.viable[k]).padStart(9)} ${String(c.earlyApoptotic[k]).padStart(10)} ${String(c.lateApoptotic[k]).padStart(9)} ${String(c.necrotic[k]).padStart(9)} ${apo.toFixed(1).padStart(8)}`);
        });
      });
      const r = results[0]!;
      const k = times.length - 1;
      const nQ = r.quantileLevels.length;
      const nSum = r.summarySpecies.length;
      out(`\nviable cells at ${times[k]} h${replicates > 1 ? ' (replicate 1)' : ''}: mean and quantiles ${r.quantileLevels.map((q) => `p${Math.round(q * 100)}`).join(' ')}`);
      r.summarySpecies.forEach((i, si) => {
        const s = m.species[i]!;
        const qs = Array.from({ length: nQ }, (_, q) => fmt(r.quantiles[(k * nSum + si) * nQ + q]! * f[i]!).padStart(10)).join(' ');
        out(`${s.name.padEnd(10)} ${fmt(r.means[k * nS + i]! * f[i]!).padStart(10)}  ${qs}  ${s.unit}`);
      });
      if (args.out) out(`wrote ${join(String(args.out), 'population.json')}, counts.csv and means.csv`);
    },
  );
}

function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

function fmt(x: number): string {
  if (!Number.isFinite(x)) return '–';
  return Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-2 && x !== 0) ? x.toExponential(3) : String(Number(x.toPrecision(4)));
}
