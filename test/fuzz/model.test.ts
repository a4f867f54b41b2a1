/**
 * Fuzzing the model parser and compiler: mutated model files (lines deleted, duplicated, swapped,
 * re-indented; characters flipped; numbers replaced by NaN, -1, 1e309, strings; names swapped) and
 * random documents. parseModelText + compileModel may only throw InputError naming the file and a
 * field or line, within the hang limit.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, it } from 'vitest';
import { compileModel } from '../../src/model/compile-model.js';
import { parseModelText } from '../../src/model/parse-model.js';
import { RUNS, WEIRD_VALUES, inputErrorFrom, mutated, onlyAllowed, params } from './support.js';

const MINI = readFileSync('test/fuzz/corpus/mini-model.yaml', 'utf8');
const CORE = readFileSync('models/nrf2-trxr-ros.yaml', 'utf8');

function checkModel(text: string, file: string): void {
  onlyAllowed(() => {
    const { spec, src } = parseModelText(text, file);
    compileModel(spec, src);
  }, inputErrorFrom(file));
}

/** Random values that schema-valid-looking documents might hold. */
const leaf = fc.oneof(fc.constantFrom(...WEIRD_VALUES), fc.double(), fc.integer(), fc.string({ maxLength: 10 }), fc.boolean(), fc.constant(null));
const name = fc.constantFrom('k', 'K', 'S', 'P', 'exp', 'constructor', '__proto__', 'toString', '1x', 'a b', '');
const randomModel = fc
  .record(
    {
      name: fc.oneof(fc.constantFrom('m', 'bad name', ''), leaf),
      compartment: fc.oneof(fc.record({ name: leaf, volume: fc.record({ value: leaf, unit: fc.constantFrom('pL', 'uM', 'L', 'x', ''), source: leaf }) }), leaf),
      species: fc.dictionary(name, fc.record({ initial: leaf, unit: fc.constantFrom('uM', 'molecules', 'h', '1/h', '??'), mode: fc.constantFrom('discrete', 'fast', 'continuous', 'slow') }, { requiredKeys: [] }), { maxKeys: 3 }),
      parameters: fc.dictionary(name, fc.record({ value: leaf, unit: fc.constantFrom('1/h', 'uM', 'dimensionless', 'uM/h', '1/(uM*s)', 'furlong'), source: fc.constantFrom('abc', 'x') }, { requiredKeys: [] }), { maxKeys: 4 }),
      reactions: fc.dictionary(name, fc.record({ equation: fc.constantFrom('-> S', 'S ->', 'S -> P', '2 S ->', '->', 'S', 'S -> S -> S'), rate: fc.constantFrom('k', 'k * S', 'K', 'k*S^2', 'exp(S)', 'hill(S, K, k)', 'k*(', '') }, { requiredKeys: [] }), { maxKeys: 3 }),
      drugs: fc.dictionary(name, fc.record({ unit: fc.constantFrom('uM', 'h'), effects: fc.array(fc.record({ target: name, kind: fc.constantFrom('inhibit', 'activate', 'ignore'), potency: name, hill: name, emax: name }, { requiredKeys: [] }), { maxLength: 2 }) }, { requiredKeys: [] }), { maxKeys: 2 }),
      cell_fate: fc.oneof(leaf, fc.record({ apoptosis: fc.record({ species: name, threshold: name }), cycle: fc.record({ doubling_time: name, cv: name, medium_exponent: name }), early_to_late: fc.record({ mean: name, shape: name }), late_to_debris: fc.record({ mean: name, shape: name }) }, { requiredKeys: [] })),
    },
    { requiredKeys: [] },
  )
  .chain((doc) => fc.constantFrom(stringify(doc), JSON.stringify(doc)));

describe('fuzz: model parser and compiler', () => {
  it(`mutations of a small complete model (${RUNS.miniModel} cases): only InputError naming file and field`, () => {
    fc.assert(fc.property(mutated(MINI), (t) => checkModel(t, 'mini.yaml')), params(RUNS.miniModel));
  });
  it(`mutations of models/nrf2-trxr-ros.yaml (${RUNS.coreModel} cases)`, () => {
    fc.assert(fc.property(mutated(CORE), (t) => checkModel(t, 'core.yaml')), params(RUNS.coreModel));
  });
  it(`random documents shaped like models, as YAML and JSON (${RUNS.randomModelDocuments} cases)`, () => {
    fc.assert(fc.property(fc.oneof(randomModel, fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)), fc.string({ maxLength: 200 })), (t) => checkModel(t, 'random.yaml')), params(RUNS.randomModelDocuments));
  });
});
