#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { InputError } from '../core/errors.js';
import { exitWithError } from './errors.js';
import { registerCompare } from './commands/compare.js';
import { registerPopulation } from './commands/population.js';
import { registerRun } from './commands/run.js';
import { registerValidate } from './commands/validate.js';
import { registerVerify } from './commands/verify.js';

const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };

async function main(): Promise<void> {
  let cli = yargs(hideBin(process.argv))
    .scriptName('nrf2sim')
    .usage('$0 <command> [options]\n\nSimulate the Nrf2 → TrxR → ROS → apoptosis axis in CML cells (K562, K562/G01, shNrf2) under imatinib and other drugs.')
    .version(pkg.version)
    .strict()
    .demandCommand(1, 'name a command (see --help)')
    .recommendCommands()
    .wrap(Math.min(110, process.stdout.columns || 110))
    .fail((msg, err) => {
      if (err) throw err;
      const oneLine = String(msg).replace(/\s*\n\s*/g, ' ');
      const text = oneLine.startsWith('Did you mean') ? `unknown command. ${oneLine}` : oneLine;
      throw new InputError({ file: 'command line' }, `${text}; see nrf2sim --help`);
    });
  cli = registerRun(cli);
  cli = registerValidate(cli);
  cli = registerCompare(cli);
  cli = registerPopulation(cli);
  cli = registerVerify(cli);
  cli = (await import('./commands/export-sbml.js')).registerExportSbml(cli);
  cli = (await import('./commands/import-sbml.js')).registerImportSbml(cli);
  cli = (await import('./commands/assay.js')).registerAssay(cli);
  cli = (await import('./commands/paper.js')).registerPaper(cli);
  cli = (await import('./commands/combo.js')).registerCombo(cli);
  cli = (await import('./commands/sensitivity.js')).registerSensitivity(cli);
  cli = (await import('./commands/robustness.js')).registerRobustness(cli);
  cli = (await import('./commands/sweep.js')).registerSweep(cli);
  cli = (await import('./commands/merge.js')).registerMerge(cli);
  await cli.help().alias('h', 'help').parseAsync();
}

main().catch(exitWithError);
