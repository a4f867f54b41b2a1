import type { Argv } from 'yargs';
import { join } from 'node:path';
import { loadModel, loadScenarioLayers } from '../../io/load.js';
import { toCsv } from '../../io/csv.js';
import { writeAtomic } from '../../io/write-atomic.js';
import { writeManifest } from '../../io/manifest.js';
import { displayFactors } from '../../model/display-units.js';
import type { CompiledModel } from '../../model/types.js';
import { parseAssignments, resolveScenario, withCommandLine } from '../../scenario/resolve.js';
import { steadyState } from '../../solve/steady-state.js';
import { listOption } from '../options.js';

export const DEFAULT_LINES = ['k562', 'k562-g01', 'g01-shnc', 'g01-shnrf2'].map((n) => `scenarios/cell-lines/${n}.yaml`);

export function registerCompare(y: Argv): Argv {
  return y.command(
    'compare [scenarios..]',
    'Steady states of several scenarios side by side (default: the four cell lines)',
    (a) =>
      a
        .positional('scenarios', { type: 'string', array: true, describe: 'scenario files' })
        .option('dose', { type: 'string', array: true, describe: 'drug dose applied to every scenario, e.g. imatinib=1' })
        .option('set', { type: 'string', array: true, describe: 'parameter override applied to every scenario' })
        .option('out', { type: 'string', describe: 'directory for steady-states.csv/json' })
        .option('json', { type: 'boolean', default: false })
        .example('$0 compare', 'K562, K562/G01, shNC and shNrf2 at steady state')
        .example('$0 compare --dose imatinib=1', 'the same under 1 µM imatinib'),
    (args) => {
      const startedAt = new Date();
      const inputs: string[] = [];
      const files = (args.scenarios as string[] | undefined)?.length ? (args.scenarios as string[]) : DEFAULT_LINES;
      const sets = parseAssignments(listOption(args.set), '--set');
      const doses = parseAssignments(listOption(args.dose), '--dose');
      const models = new Map<string, CompiledModel>();
      const rows = files.map((file) => {
        const { layers, modelPath } = loadScenarioLayers(file);
        let model = models.get(modelPath);
        if (!model) models.set(modelPath, (model = loadModel(modelPath)));
        const sc = withCommandLine(resolveScenario(model, layers), sets, doses);
        inputs.push(...sc.files, modelPath);
        const ss = steadyState(sc.model, sc.parameters, sc.dosesUM);
        const f = displayFactors(sc.model);
        const values = Object.fromEntries(sc.model.species.map((s, i) => [s.name, ss.state[i]! * f[i]!]));
        return { scenario: sc.name, values, units: Object.fromEntries(sc.model.species.map((s) => [s.name, s.unit])) };
      });
      const species = Object.keys(rows[0]!.values);
      if (args.out) {
        writeAtomic(join(String(args.out), 'steady-states.json'), JSON.stringify(rows, null, 1) + '\n');
        writeAtomic(
          join(String(args.out), 'steady-states.csv'),
          toCsv(['scenario', ...species.map((s) => `${s} [${rows[0]!.units[s]}]`)], rows.map((r) => [r.scenario, ...species.map((s) => r.values[s]!)])),
        );
        writeManifest(String(args.out), { startedAt, seed: null, inputs });
      }
      if (args.json) {
        process.stdout.write(JSON.stringify({ steadyStates: rows }) + '\n');
        return;
      }
      const w = 13;
      process.stdout.write(`${'species'.padEnd(12)}${rows.map((r) => r.scenario.padStart(w)).join('')}  unit\n`);
      for (const s of species) {
        process.stdout.write(`${s.padEnd(12)}${rows.map((r) => r.values[s]!.toPrecision(4).padStart(w)).join('')}  ${rows[0]!.units[s]}\n`);
      }
      if (args.out) process.stdout.write(`wrote ${join(String(args.out), 'steady-states.csv')}, steady-states.json and manifest.json\n`);
    },
  );
}
