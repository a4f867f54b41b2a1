import type { Argv } from 'yargs';
import { join, resolve } from 'node:path';
import { InputError } from '../../core/errors.js';
import { writeManifest } from '../../io/manifest.js';
import { mergeResultsFiles, RESULTS_FILE, resultsFileText, resultsPathOf } from '../../io/results-file.js';
import { writeAtomic } from '../../io/write-atomic.js';
import { writeWhatIfReport } from '../../io/write-report.js';
import { describeSweep, sweepJson, sweepResultOf, writeSweepOutputs } from './sweep.js';

export function registerMerge(y: Argv): Argv {
  return y.command(
    'merge <inputs..>',
    'Combine the results of shards (sweep --shard k/N) into the outputs of the unsharded run',
    (a) =>
      a
        .positional('inputs', { type: 'string', array: true, describe: 'shard output directories or their results.jsonl files', demandOption: true })
        .option('out', { type: 'string', demandOption: true, describe: 'directory for the merged results.jsonl and the run\'s tables and plot' })
        .option('json', { type: 'boolean', default: false, describe: 'print the merged result as JSON (as the unsharded run would)' })
        .example('$0 merge out/kd-1 out/kd-2 --out out/kd', ''),
    (args) => {
      const startedAt = new Date();
      const inputs = (args.inputs as unknown[] | undefined ?? []).map(String);
      const out = String(args.out);
      const { header, records } = mergeResultsFiles(inputs);
      const sources = inputs.map(resultsPathOf);
      if (sources.some((s) => resolve(join(out, RESULTS_FILE)) === resolve(s))) throw new InputError({ file: '--out' }, 'must differ from the shards\' directories (the merged results.jsonl would overwrite a shard)');
      writeAtomic(join(out, RESULTS_FILE), resultsFileText(header, records));
      const run = header.run;
      const say = (s: string): void => {
        if (!args.json) process.stdout.write(s + '\n');
      };
      say(`merged ${records.length} points from ${inputs.length} file(s)`);
      if (run['command'] === 'sweep') {
        const result = sweepResultOf(run, records);
        writeSweepOutputs(out, result, run);
        writeWhatIfReport(out, 'sweep', { ...result, run });
        writeManifest(out, { startedAt, seed: (run['seed'] as number | string | undefined) ?? null, inputs: sources });
        if (args.json) process.stdout.write(sweepJson(result, run) + '\n');
        for (const l of describeSweep(result)) say(l);
        say(`wrote ${RESULTS_FILE}, points.csv, sweep.json, sweep.svg and manifest.json to ${out}`);
        return;
      }
      writeManifest(out, { startedAt, seed: (run['seed'] as number | string | undefined) ?? null, inputs: sources });
      if (args.json) process.stdout.write(JSON.stringify({ run, points: records }) + '\n');
      say(`wrote ${RESULTS_FILE} and manifest.json to ${out}`);
    },
  );
}
