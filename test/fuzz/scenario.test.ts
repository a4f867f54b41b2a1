/**
 * Fuzzing scenario and experiment files: mutations of the cell-line scenarios (as the child of an
 * intact parent, and alone), of a scenario using every field, of the experiment files, and random
 * `--set`/`--dose` assignments. Parsing and resolving against the compiled model may only throw
 * InputError naming the file and a field or line.
 */
import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { parseExperimentText } from '../../src/assays/experiment.js';
import { loadModel } from '../../src/io/load.js';
import { parseScenarioText } from '../../src/scenario/parse-scenario.js';
import { parseAssignments, resolveScenario, withCommandLine } from '../../src/scenario/resolve.js';
import { RUNS, inputErrorFrom, mutated, onlyAllowed, params } from './support.js';

const core = loadModel('models/nrf2-trxr-ros.yaml');
const mini = loadModel('test/fuzz/corpus/mini-model.yaml');
const K562 = readFileSync('scenarios/cell-lines/k562.yaml', 'utf8');
const CHILDREN = ['k562-g01', 'g01-shnc', 'g01-shnrf2'].map((n) => readFileSync(`scenarios/cell-lines/${n}.yaml`, 'utf8'));
const MINI_SCENARIO = readFileSync('test/fuzz/corpus/mini-scenario.yaml', 'utf8');
const EXPERIMENTS = readdirSync('scenarios/experiments')
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => readFileSync(`scenarios/experiments/${f}`, 'utf8'));

describe('fuzz: scenario and experiment parsers', () => {
  it(`mutated scenarios resolved against their model (${RUNS.scenario} cases): only InputError naming file and field`, () => {
    const parent = parseScenarioText(K562, 'k562.yaml');
    const cases = fc.oneof(
      fc.constantFrom(...CHILDREN).chain((c) => mutated(c)).map((text) => ({ text, model: 'core' as const, withParent: true })),
      mutated(K562).map((text) => ({ text, model: 'core' as const, withParent: false })),
      mutated(MINI_SCENARIO).map((text) => ({ text, model: 'mini' as const, withParent: false })),
    );
    fc.assert(
      fc.property(cases, ({ text, model, withParent }) => {
        onlyAllowed(() => {
          const layer = parseScenarioText(text, 'child.yaml');
          resolveScenario(model === 'core' ? core : mini, withParent ? [parent, layer] : [layer]);
        }, inputErrorFrom('child.yaml', 'k562.yaml'));
      }),
      params(RUNS.scenario),
    );
  });

  it(`--set/--dose assignments (${RUNS.assignments} cases): only InputError naming the option`, () => {
    const base = resolveScenario(core, [parseScenarioText(K562, 'k562.yaml')]);
    const item = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc
        .tuple(fc.constantFrom('knockdown', 'k_tx_nrf2', 'imatinib', 'NAC', 'x', '', ' k', '__proto__', 'constructor'), fc.constantFrom('=', '==', ':', ''), fc.constantFrom('0.5', '-1', 'NaN', '1e309', 'Infinity', '', 'abc', '2', '1.5', '0x10', ' 3 '))
        .map(([n, eq, v]) => `${n}${eq}${v}`),
    );
    fc.assert(
      fc.property(fc.array(item, { maxLength: 3 }), fc.array(item, { maxLength: 3 }), (sets, doses) => {
        onlyAllowed(
          () => withCommandLine(base, parseAssignments(sets, '--set'), parseAssignments(doses, '--dose')),
          (e) => (e instanceof InputError && (e.file === '--set' || e.file === '--dose') && !/\n/.test(e.message) ? undefined : 'expected an InputError naming --set or --dose'),
        );
      }),
      params(RUNS.assignments),
    );
  });

  it(`mutated experiment files (${RUNS.experiment} cases): only InputError naming file and field`, () => {
    fc.assert(
      fc.property(fc.constantFrom(...EXPERIMENTS).chain((t) => mutated(t)), (text) => {
        onlyAllowed(() => parseExperimentText(text, 'experiment.yaml'), inputErrorFrom('experiment.yaml'));
      }),
      params(RUNS.experiment),
    );
  });
});
