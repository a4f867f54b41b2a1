import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { experimentDosesUM, parseExperimentText, plateSpecOf } from '../../src/assays/experiment.js';
import { layoutPlates } from '../../src/assays/plate.js';
import { InputError } from '../../src/core/errors.js';

const DIR = new URL('../../scenarios/experiments/', import.meta.url);
const EXPECTED = {
  'imatinib-dose-response.yaml': 'cck8-dose-response',
  'proliferation.yaml': 'cck8-proliferation',
  'ros-flow.yaml': 'flow-dcf',
  'apoptosis-flow.yaml': 'flow-annexin-pi',
  'qpcr.yaml': 'qpcr',
  'western.yaml': 'western',
} as const;

const MINIMAL = `name: t
assay: cck8-dose-response
seed: 1
lines: [../cell-lines/k562.yaml, ../cell-lines/k562-g01.yaml]
treatment: { drug: imatinib, doses: [0, 0.1, 1, 10, 100] }
times_h: [48]
cck8: { replicates: 3, seeding_cells_per_well: 5000, reference_line: k562 }
`;

/** Parse and return the InputError (fails the test if none is thrown). */
function errorOf(text: string): InputError {
  try {
    parseExperimentText(text, 'exp.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error('expected an InputError');
}

describe('experiment files', () => {
  it('the six paper experiments exist and parse', () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml')).sort();
    expect(files).toEqual(Object.keys(EXPECTED).sort());
    for (const [file, assay] of Object.entries(EXPECTED)) {
      const spec = parseExperimentText(readFileSync(new URL(file, DIR), 'utf8'), file);
      expect(spec.assay).toBe(assay);
      expect(spec.sourceName).toBe(file);
    }
  });

  it('the dose-response file covers 0–16 µM at 48 h for all four lines, on 4 plates', () => {
    const spec = parseExperimentText(readFileSync(new URL('imatinib-dose-response.yaml', DIR), 'utf8'), 'dr.yaml');
    if (spec.assay !== 'cck8-dose-response') throw new Error('wrong assay');
    expect(spec.lines.map((l) => l.name)).toEqual(['k562', 'k562-g01', 'g01-shnc', 'g01-shnrf2']);
    expect(spec.lines[0]!.file).toBe('../cell-lines/k562.yaml');
    expect(Math.min(...experimentDosesUM(spec))).toBe(0);
    expect(Math.max(...experimentDosesUM(spec))).toBe(16);
    expect(spec.timesH).toEqual([48]);
    expect(spec.cck8.referenceLine).toBe('k562');
    expect(layoutPlates(plateSpecOf(spec)).plates.length).toBe(4);
  });

  it('fills defaults and converts doses to µM', () => {
    const spec = parseExperimentText(MINIMAL.replace('doses:', 'unit: nM, doses:'), 'exp.yaml');
    if (spec.assay !== 'cck8-dose-response') throw new Error('wrong assay');
    expect(spec.cck8).toEqual({ replicates: 3, seedingCellsPerWell: 5000, blanksPerPlate: 3, avoidEdgeWells: true, reagentIncubationH: 2, referenceLine: 'k562' });
    expect(spec.treatment.dosesUM).toEqual([0, 0.0001, 0.001, 0.01, 0.1]);
  });

  it('errors name the file, field, line and what was expected', () => {
    const noZero = errorOf(MINIMAL.replace('[0, 0.1', '[0.05, 0.1'));
    expect(noZero.file).toBe('exp.yaml');
    expect(noZero.field).toBe('treatment.doses');
    expect(noZero.line).toBe(5);
    expect(noZero.message).toMatch(/expected a dose 0 \(untreated control\)/);

    const ref = errorOf(MINIMAL.replace('reference_line: k562', 'reference_line: k563'));
    expect(ref.field).toBe('cck8.reference_line');
    expect(ref.message).toMatch(/unknown line 'k563'; expected one of k562, k562-g01/);

    expect(errorOf(MINIMAL.replace(/cck8:.*\n/, '')).message).toMatch(/cck8: assay 'cck8-dose-response' needs a 'cck8' section/);
    expect(errorOf(MINIMAL + 'flow: { replicates: 3 }\n').message).toMatch(/section 'flow' does not apply to assay 'cck8-dose-response'; expected 'cck8'/);
    expect(errorOf(MINIMAL.replace('doses:', 'unit: µM, doses:')).field).toBe('treatment.unit');
    expect(errorOf(MINIMAL.replace('k562-g01.yaml]', 'k562.yaml]')).message).toMatch(/listed twice/);
    expect(errorOf(MINIMAL.replace('replicates: 3', 'replicates: 12')).message).toMatch(/plate layout does not fit: line 'k562' at 48 h needs 60 wells/);
    expect(errorOf(MINIMAL.replace('[0, 0.1, 1, 10, 100]', '[0, 1, 10, 100]')).message).toMatch(/at least 4 positive doses/);
    expect(errorOf(MINIMAL.replace('seed: 1', 'seed: 1\nseeds: 2')).message).toMatch(/unknown field 'seeds'/);
    expect(errorOf('name: [').message).toMatch(/malformed YAML/);
  });

  it('checks qPCR and western cross-references', () => {
    const qpcr = `name: q
assay: qpcr
seed: 3
lines: [a.yaml, b.yaml]
times_h: [0]
qpcr:
  biological_replicates: 3
  control_line: a
  targets: [{ gene: NFE2L2, species: Nrf2_mRNA }, { gene: GAPDH, species: X }]
  reference: { gene: GAPDH, copies_per_cell: 2000 }
`;
    const e = errorOf(qpcr);
    expect(e.field).toBe('qpcr.reference.gene');
    expect(e.message).toMatch(/gene 'GAPDH' appears twice/);
    const ok = parseExperimentText(qpcr.replace(', { gene: GAPDH, species: X }', ''), 'q.yaml');
    if (ok.assay !== 'qpcr') throw new Error('wrong assay');
    expect(ok.qpcr.targets[0]!.efficiency).toBe(0.97);
    expect(ok.qpcr.technicalReplicates).toBe(3);
    expect(errorOf(qpcr.replace('control_line: a', 'control_line: c')).field).toBe('qpcr.control_line');
  });
});
