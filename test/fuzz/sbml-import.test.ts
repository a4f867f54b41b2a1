/**
 * Fuzzing the SBML importer: mutated SBML (lines deleted, duplicated, swapped; characters flipped;
 * attribute values replaced by NaN, INF, -1, '', wrong ids; MathML operators swapped for unsupported
 * ones) of a small exported model, a hand-written Level 2 model and the core model, plus random text.
 * importSbml may only throw InputError naming the file and an element (or a line of malformed XML).
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { loadModel } from '../../src/io/load.js';
import { exportSbml } from '../../src/io/sbml-export.js';
import { importSbml } from '../../src/io/sbml-import.js';
import { RUNS, XML_TAGS, inputErrorFrom, mutated, onlyAllowed, params, xmlMutation } from './support.js';

const MINI = exportSbml({ model: loadModel('test/fuzz/corpus/mini-model.yaml'), dosesUM: Float64Array.from([1, 0.5]) });
const TOY = readFileSync('test/fixtures/sbml/toy-level2.xml', 'utf8');
const CORE = readFileSync('test/fixtures/sbml/k562-imatinib1.xml', 'utf8');

const check = (text: string): void => onlyAllowed(() => importSbml(text, 'fuzz.xml'), inputErrorFrom('fuzz.xml'));

/** Random XML-ish text: tags from SBML/MathML, attributes, text and entities. */
const xmlish = fc
  .array(
    fc.oneof(
      fc.constantFrom(...XML_TAGS).map((t) => `<${t}>`),
      fc.constantFrom(...XML_TAGS).map((t) => `</${t}>`),
      fc.constantFrom(...XML_TAGS).map((t) => `<${t}/>`),
      fc.constantFrom(' level="3"', ' version="2"', ' id="k"', ' value="NaN"', ' size="1"', ' xmlns="http://www.sbml.org/sbml/level3/version2/core"'),
      fc.constantFrom('&amp;', '&#0;', '&bogus;', '<![CDATA[x]]>', '<!-- c -->', '<?pi x?>', ' ', '1', 'k', '>', '<', '"'),
      fc.string({ maxLength: 5 }),
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(''));

describe('fuzz: SBML importer', () => {
  it(`mutations of an exported small model (${RUNS.sbmlMini} cases): only InputError naming file and element`, () => {
    fc.assert(fc.property(mutated(MINI, xmlMutation), check), params(RUNS.sbmlMini));
  });
  it(`mutations of a hand-written Level 2 model (${RUNS.sbmlToy} cases)`, () => {
    fc.assert(fc.property(mutated(TOY, xmlMutation), check), params(RUNS.sbmlToy));
  });
  it(`mutations of the exported core model (${RUNS.sbmlCore} cases)`, () => {
    fc.assert(fc.property(mutated(CORE, xmlMutation), check), params(RUNS.sbmlCore));
  });
  it(`random XML-like text (${RUNS.sbmlRandom} cases)`, () => {
    fc.assert(fc.property(fc.oneof(xmlish, fc.string({ maxLength: 200 })), check), params(RUNS.sbmlRandom));
  });
});
