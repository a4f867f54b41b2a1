import type { Argv } from 'yargs';
import { InputError } from '../../core/errors.js';
import { parseStructuredText } from '../../core/structured-text.js';
import { loadModel, loadScenario } from '../../io/load.js';
import { readText } from '../../io/read-text.js';

export function registerValidate(y: Argv): Argv {
  return y.command(
    'validate <files..>',
    'Check model and scenario files (schema, symbols, units, overrides); exit 0 when all are valid',
    (a) =>
      a
        .positional('files', { type: 'string', array: true, demandOption: true, describe: 'model (.yaml/.json with reactions) or scenario files' })
        .example('$0 validate models/nrf2-trxr-ros.yaml scenarios/cell-lines/*.yaml', ''),
    (args) => {
      let failed = 0;
      for (const file of args.files as string[]) {
        try {
          const doc = parseStructuredText(readText(file), file).value;
          if (doc && typeof doc === 'object' && 'reactions' in doc) {
            const m = loadModel(file);
            process.stdout.write(`ok ${file}: model '${m.name}', ${m.nSpecies} species, ${m.nReactions} reactions, ${m.drugs.length} drugs\n`);
          } else {
            const sc = loadScenario(file);
            process.stdout.write(`ok ${file}: scenario '${sc.name}' on model '${sc.model.name}', ${sc.overrides.length} overrides\n`);
          }
        } catch (e) {
          if (!(e instanceof InputError)) throw e;
          failed++;
          process.stderr.write(`nrf2sim: error: ${e.message}\n`);
        }
      }
      if (failed > 0) process.exit(2);
    },
  );
}
