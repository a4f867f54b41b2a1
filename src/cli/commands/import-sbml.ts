import type { Argv } from 'yargs';
import { readText } from '../../io/read-text.js';
import { importSbml } from '../../io/sbml-import.js';
import { writeAtomic } from '../../io/write-atomic.js';

/** `nrf2sim import-sbml <file.xml> [-o model.yaml]`: an SBML model (supported subset) as an nrf2sim model file. */
export function registerImportSbml(y: Argv): Argv {
  return y.command(
    'import-sbml <file>',
    'Convert an SBML model (Level 2/3: species, parameters, reactions, assignment rules, function definitions) to an nrf2sim model file',
    (a) =>
      a
        .positional('file', { type: 'string', demandOption: true, describe: 'SBML file (.xml or .sbml)' })
        .option('out', { alias: 'o', type: 'string', describe: 'output model file (.yaml; default: stdout)' })
        .example('$0 import-sbml model.xml -o models/imported.yaml', '')
        .epilog(
          'Unsupported constructs (events, delays, time, rate and algebraic rules, initial assignments, several compartment volumes, ' +
            'piecewise other than min/max, functions nrf2sim rate laws lack) are named in an error; every conversion made is listed in the YAML header.',
        ),
    (args) => {
      const file = String(args.file);
      const { yaml, notes } = importSbml(readText(file), file);
      if (args.out) {
        writeAtomic(String(args.out), yaml);
        process.stderr.write(`wrote ${String(args.out)}${notes.length ? ` (${notes.length} notes in its header)` : ''}\n`);
      } else process.stdout.write(yaml);
    },
  );
}
