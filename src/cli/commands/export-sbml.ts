import type { Argv } from 'yargs';
import { InputError } from '../../core/errors.js';
import { exportSbmlFromFile } from '../../io/sbml-export-file.js';
import { writeAtomic } from '../../io/write-atomic.js';
import { parseAssignments } from '../../scenario/resolve.js';
import { listOption } from '../options.js';

/** `nrf2sim export-sbml <model-or-scenario> [-o file.xml]`: SBML Level 3 Version 2 to a file or stdout. */
export function registerExportSbml(y: Argv): Argv {
  return y.command(
    'export-sbml <file>',
    'Write a model or scenario as SBML Level 3 Version 2 (scenario overrides and doses applied)',
    (a) =>
      a
        .positional('file', { type: 'string', demandOption: true, describe: 'model file (models/*.yaml) or scenario file (scenarios/**/*.yaml)' })
        .option('out', { alias: 'o', type: 'string', describe: 'output .xml file (default: stdout)' })
        .option('dose', { type: 'string', array: true, describe: "drug dose in the drug's unit, e.g. imatinib=1 (written as a constant parameter)" })
        .option('set', { type: 'string', array: true, describe: 'parameter override in its declared unit, e.g. knockdown=0.5' })
        .option('initial', {
          type: 'string',
          describe: "initial concentrations: 'model' (the model file's values) or 'steady-state' (untreated steady state); default: the scenario's, 'model' for a model file",
        })
        .example('$0 export-sbml models/nrf2-trxr-ros.yaml -o nrf2.xml', '')
        .example('$0 export-sbml scenarios/cell-lines/k562-g01.yaml --dose imatinib=1 -o g01-imatinib.xml', ''),
    (args) => {
      const initial = args.initial === undefined ? undefined : String(args.initial);
      if (initial !== undefined && initial !== 'model' && initial !== 'steady-state') {
        throw new InputError({ file: '--initial', field: initial }, "expected 'model' or 'steady-state'");
      }
      const xml = exportSbmlFromFile(String(args.file), {
        sets: parseAssignments(listOption(args.set), '--set'),
        doses: parseAssignments(listOption(args.dose), '--dose'),
        ...(initial ? { initial } : {}),
      });
      if (args.out) {
        writeAtomic(String(args.out), xml);
        process.stderr.write(`wrote ${String(args.out)}\n`);
      } else process.stdout.write(xml);
    },
  );
}
