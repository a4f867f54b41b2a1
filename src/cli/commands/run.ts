import type { Argv } from 'yargs';
import { join } from 'node:path';
import { loadScenario } from '../../io/load.js';
import { toCsv } from '../../io/csv.js';
import { writeAtomic } from '../../io/write-atomic.js';
import { writeManifest } from '../../io/manifest.js';
import { displayFactors } from '../../model/display-units.js';
import { parseAssignments, withCommandLine } from '../../scenario/resolve.js';
import { problemFromScenario } from '../../scenario/to-problem.js';
import { solve } from '../../solve/solve.js';
import { SolveError } from '../../core/errors.js';
import { algorithmFor, listOption, METHODS, positiveNumber, seedOption } from '../options.js';

export function registerRun(y: Argv): Argv {
  return y.command(
    'run <scenario>',
    'Simulate one cell of a scenario: time courses of all species',
    (a) =>
      a
        .positional('scenario', { type: 'string', describe: 'scenario file (e.g. scenarios/cell-lines/k562-g01.yaml)', demandOption: true })
        .option('method', { choices: METHODS, default: 'ode', describe: 'ode = stiff Rosenbrock (ros23s); odex = GBS extrapolation with fast species at QSS; ssa = Gillespie direct; tau = Cao–Gillespie–Petzold tau-leaping' })
        .option('hours', { type: 'number', describe: 'simulated time, h (default: the scenario\'s, 72)' })
        .option('dt', { type: 'number', default: 1, describe: 'spacing of reported time points, h' })
        .option('seed', { type: 'number', default: 1, describe: 'RNG seed for ssa/tau' })
        .option('dose', { type: 'string', array: true, describe: 'drug dose in the drug\'s unit, e.g. imatinib=2 (repeatable or comma-separated)' })
        .option('set', { type: 'string', array: true, describe: 'parameter override in its declared unit, e.g. knockdown=0.5' })
        .option('out', { type: 'string', describe: 'directory for timecourse.csv and timecourse.json' })
        .option('json', { type: 'boolean', default: false, describe: 'print one JSON object {times, species, units} to stdout' })
        .example('$0 run scenarios/cell-lines/k562-g01.yaml --method ode --hours 72 --json', '')
        .example('$0 run scenarios/cell-lines/g01-shnrf2.yaml --method ssa --seed 7 --dose imatinib=2', '')
        .example('$0 run scenarios/cell-lines/k562.yaml --set knockdown=0.5 --out out/k562-kd50', ''),
    (args) => {
      const startedAt = new Date();
      const hours = args.hours === undefined ? undefined : positiveNumber(args.hours, '--hours', 'a number of hours');
      const dt = positiveNumber(args.dt, '--dt', 'a time step in hours');
      const seed = seedOption(args.seed);
      const sc = withCommandLine(
        loadScenario(args.scenario as string),
        parseAssignments(listOption(args.set), '--set'),
        parseAssignments(listOption(args.dose), '--dose'),
      );
      const prob = problemFromScenario(sc, { ...(hours !== undefined ? { hours } : {}), saveEveryH: dt });
      const alg = algorithmFor(String(args.method), seed);
      const sol = solve(prob, alg);
      if (sol.retcode !== 'Success') throw new SolveError(`${sc.name} with ${alg.method}: ${sol.message || sol.retcode}`);
      const m = sc.model;
      const f = displayFactors(m);
      const series: Record<string, number[]> = {};
      m.species.forEach((s, i) => {
        series[s.name] = Array.from(sol.timesH, (_, k) => sol.states[k * m.nSpecies + i]! * f[i]!);
      });
      const units = Object.fromEntries(m.species.map((s) => [s.name, s.unit]));
      const result = {
        scenario: sc.name,
        method: alg.method,
        ...('seed' in alg ? { seed: alg.seed } : {}),
        doses: Object.fromEntries(m.drugs.map((d, k) => [d.name, sc.dosesUM[k]! / d.unitFactor])),
        times: Array.from(sol.timesH),
        species: series,
        units,
        stats: sol.stats,
      };
      if (args.out) {
        const dir = String(args.out);
        writeAtomic(join(dir, 'timecourse.json'), JSON.stringify(result, null, 1) + '\n');
        writeAtomic(
          join(dir, 'timecourse.csv'),
          toCsv(
            ['time_h', ...m.species.map((s) => `${s.name} [${s.unit}]`)],
            result.times.map((t, k) => [t, ...m.species.map((s) => series[s.name]![k]!)]),
          ),
        );
        writeManifest(dir, { startedAt, seed: 'seed' in alg ? alg.seed : null, inputs: [...sc.files, m.sourceName] });
      }
      if (args.json) {
        process.stdout.write(JSON.stringify(result) + '\n');
        return;
      }
      const last = sol.timesH.length - 1;
      process.stdout.write(`${sc.name}: ${alg.method}, ${prob.tspanH[1]} h, ${sol.stats.steps} steps${sol.stats.events ? `, ${sol.stats.events} events` : ''}\n`);
      process.stdout.write(`${'species'.padEnd(12)} ${'t = 0'.padStart(12)} ${`t = ${sol.timesH[last]} h`.padStart(12)}  unit\n`);
      m.species.forEach((s) => {
        const a = series[s.name]![0]!;
        const b = series[s.name]![last]!;
        process.stdout.write(`${s.name.padEnd(12)} ${fmt(a).padStart(12)} ${fmt(b).padStart(12)}  ${s.unit}\n`);
      });
      if (args.out) process.stdout.write(`wrote ${join(String(args.out), 'timecourse.csv')} and timecourse.json\n`);
    },
  );
}

function fmt(x: number): string {
  return Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-2 && x !== 0) ? x.toExponential(3) : x.toPrecision(4);
}
