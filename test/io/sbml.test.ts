/**
 * SBML export and import (issue 8, "SBML"; acceptance 1).
 *
 * The export is checked against an independent engine: test/fixtures/sbml/simulate_sbml.py reads the
 * exported files with libSBML and integrates them with SciPy (LSODA, rtol 1e-10) offline; this test
 * needs no Python. It re-exports every case, requires the bytes to equal the file the fixture was
 * made from (so a model change says "regenerate"), and compares our Rosenbrock solution with the
 * stored trajectories. Regenerate with `bash test/fixtures/sbml/regenerate.sh` (README.md there).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exportSbmlFromFile } from '../../src/io/sbml-export-file.js';
import { importSbml } from '../../src/io/sbml-import.js';
import { loadModel, loadScenario } from '../../src/io/load.js';
import { compileModel } from '../../src/model/compile-model.js';
import { parseModelText } from '../../src/model/parse-model.js';
import type { CompiledModel } from '../../src/model/types.js';
import { resolveScenario, withCommandLine } from '../../src/scenario/resolve.js';
import { solveRosenbrock } from '../../src/solve/ode/rosenbrock.js';
import { makeProblem } from '../../src/solve/problem.js';

interface Case { name: string; source: string; doses: Record<string, number>; initial: 'model' | 'steady-state' }
interface FixtureCase {
  name: string;
  sha256: string;
  consistency: { errors: number; warnings: number; messages: string[] };
  lsodaVsRadauMaxRel: number;
  species: Record<string, number[]>;
  conversions?: { file: string; level: number; version: number; sha256: string }[];
}
const DIR = 'test/fixtures/sbml';
const REGENERATE = 'regenerate the fixtures: bash test/fixtures/sbml/regenerate.sh (needs python3-sbml5 and python3-scipy; see test/fixtures/sbml/README.md)';
const cases = JSON.parse(readFileSync(`${DIR}/cases.json`, 'utf8')) as Case[];
const fixture = JSON.parse(readFileSync(`${DIR}/trajectories.json`, 'utf8')) as { times: number[]; rtol: number; cases: FixtureCase[] };
const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');
const exportCase = (c: Case): string => exportSbmlFromFile(c.source, { doses: new Map(Object.entries(c.doses)), initial: c.initial });

/** Our ODE solution of a model at the fixture times (µM, row-major times × species). */
function solveAt(model: CompiledModel, parameters: Float64Array, dosesUM: Float64Array, u0: Float64Array, rtol: number, atol: number): Float64Array {
  const prob = makeProblem({ model, u0, parameters, dosesUM, tspanH: [0, fixture.times[fixture.times.length - 1]!], saveTimesH: Float64Array.from(fixture.times) });
  const sol = solveRosenbrock(prob, { method: 'rosenbrock23', rtol, atol, maxSteps: 1e6 });
  expect(sol.retcode, sol.message).toBe('Success');
  return sol.states;
}

function scenarioOf(c: Case) {
  return withCommandLine(loadScenario(c.source), new Map(), new Map(Object.entries(c.doses)));
}

describe('SBML export agrees with an independent libSBML + SciPy integration (fixtures)', () => {
  for (const c of cases) {
    const fx = fixture.cases.find((x) => x.name === c.name);
    describe(c.name, () => {
      const xml = exportCase(c);
      it('re-export is byte-identical to the SBML the fixture was made from', () => {
        expect(fx, `no fixture for ${c.name}; ${REGENERATE}`).toBeDefined();
        const stored = readFileSync(`${DIR}/${c.name}.xml`, 'utf8');
        expect(xml === stored, `the SBML export of ${c.name} changed (model, scenario or exporter edited); ${REGENERATE}`).toBe(true);
        expect(sha256(xml), `trajectories.json was made from another ${c.name}.xml; ${REGENERATE}`).toBe(fx!.sha256);
      });
      it('libSBML validation (checkConsistency with unit checks) found no errors', () => {
        expect(fx!.consistency.errors, fx!.consistency.messages.join('\n')).toBe(0);
        expect(fx!.lsodaVsRadauMaxRel).toBeLessThan(1e-6);
      });
      it('our Rosenbrock solution matches SciPy LSODA within 1e-4 relative at every sampled time', () => {
        const sc = scenarioOf(c);
        const m = sc.model;
        const states = solveAt(m, sc.parameters, sc.dosesUM, m.initialState, 1e-8, 1e-13);
        let worst = 0;
        let where = '';
        m.species.forEach((s, i) => {
          const ref = fx!.species[s.name];
          expect(ref, `species ${s.name} missing from the fixture; ${REGENERATE}`).toBeDefined();
          fixture.times.forEach((t, k) => {
            const ours = states[k * m.nSpecies + i]!;
            const rel = Math.abs(ours - ref![k]!) / Math.max(Math.abs(ref![k]!), 1e-12);
            if (rel > worst) [worst, where] = [rel, `${s.name} at ${t} h: ours ${ours}, LSODA ${ref![k]}`];
          });
        });
        expect(worst, where).toBeLessThan(1e-4);
      });
    });
  }
});

describe('SBML import of files libSBML converted to Level 2 Version 4 and Level 3 Version 1', () => {
  for (const fx of fixture.cases) {
    for (const conv of fx.conversions ?? []) {
      it(`${conv.file}: imports and reproduces the LSODA trajectories of ${fx.name} within 1e-4`, () => {
        const xml = readFileSync(`${DIR}/${conv.file}`, 'utf8');
        expect(sha256(xml), `${conv.file} is not the file trajectories.json lists; ${REGENERATE}`).toBe(conv.sha256);
        const { yaml } = importSbml(xml, conv.file);
        const { spec, src } = parseModelText(yaml, `${conv.file}.yaml`);
        const back = compileModel(spec, src);
        const states = solveAt(back, back.defaultParameters, new Float64Array(back.drugs.length), back.initialState, 1e-8, 1e-13);
        back.species.forEach((s, i) => {
          fixture.times.forEach((_, k) => {
            const ref = fx.species[s.name]![k]!;
            expect(Math.abs(states[k * back.nSpecies + i]! - ref), `${s.name} at ${fixture.times[k]} h`).toBeLessThanOrEqual(1e-4 * Math.max(Math.abs(ref), 1e-12));
          });
        });
      });
    }
  }
});

describe('SBML round trip: export → import → our ODE gives identical trajectories', () => {
  for (const c of cases) {
    it(c.name, () => {
      const sc = scenarioOf(c);
      const m = sc.model;
      const { yaml } = importSbml(exportCase(c), `${c.name}.xml`);
      const { spec, src } = parseModelText(yaml, `${c.name}.yaml`);
      const back = compileModel(spec, src);
      expect(back.species.map((s) => s.name)).toEqual(m.species.map((s) => s.name));
      expect(back.species.map((s) => s.mode)).toEqual(m.species.map((s) => s.mode));
      expect(Array.from(back.initialState)).toEqual(Array.from(m.initialState));
      expect(back.cellVolumeL).toBe(m.cellVolumeL);
      // Same right-hand side at the initial state.
      const p = new Float64Array(m.nParameters);
      m.applyDrugs(sc.parameters, sc.dosesUM, p);
      const d1 = new Float64Array(m.nSpecies);
      const d2 = new Float64Array(m.nSpecies);
      m.rhs(m.initialState, p, d1);
      back.rhs(back.initialState, back.defaultParameters, d2);
      for (let i = 0; i < m.nSpecies; i++) expect(Math.abs(d2[i]! - d1[i]!), m.species[i]!.name).toBeLessThanOrEqual(1e-12 * Math.abs(d1[i]!));
      const a = solveAt(m, sc.parameters, sc.dosesUM, m.initialState, 1e-8, 1e-13);
      const b = solveAt(back, back.defaultParameters, new Float64Array(back.drugs.length), back.initialState, 1e-8, 1e-13);
      let worst = 0;
      for (let k = 0; k < a.length; k++) worst = Math.max(worst, Math.abs(a[k]! - b[k]!) / Math.max(Math.abs(a[k]!), 1e-300));
      expect(worst).toBeLessThanOrEqual(1e-12);
    });
  }

  it('a model using every rate-law function, with both drugs dosed (test/fuzz/corpus/mini-model.yaml)', () => {
    const doses = new Map([['inhib', 2], ['act', 0.5]]);
    const m = loadModel('test/fuzz/corpus/mini-model.yaml');
    const sc = withCommandLine(resolveScenario(m, []), new Map(), doses);
    const { yaml } = importSbml(exportSbmlFromFile('test/fuzz/corpus/mini-model.yaml', { doses }), 'mini.xml');
    const { spec, src } = parseModelText(yaml, 'mini-back.yaml');
    const back = compileModel(spec, src);
    const a = solveAt(m, sc.parameters, sc.dosesUM, m.initialState, 1e-8, 1e-13);
    const b = solveAt(back, back.defaultParameters, new Float64Array(back.drugs.length), back.initialState, 1e-8, 1e-13);
    for (let k = 0; k < a.length; k++) expect(Math.abs(a[k]! - b[k]!)).toBeLessThanOrEqual(1e-12 * Math.abs(a[k]!));
    expect(spec.reactions['gsyn']!.rate).toContain('min(');
    expect(spec.reactions['gsyn']!.rate).toContain('hill(P, K, n)');
  });

  it('restores declared units, sources and modes from the nrf2sim annotations', () => {
    const { spec } = importSbml(exportCase(cases[0]!), 'k562.xml');
    expect(spec.species['Nrf2_mRNA']).toMatchObject({ initial: 40, unit: 'molecules', mode: 'discrete' });
    expect(spec.species['H2O2']).toMatchObject({ unit: 'uM', mode: 'fast' });
    expect(spec.parameters['k_gpx']).toMatchObject({ value: 0.5, unit: '1/(uM*s)' });
    expect(spec.parameters['k_gpx']!.source).toContain('GSH-dependent peroxidases');
    expect(spec.compartment.volume).toMatchObject({ value: 1.4, unit: 'pL' });
    expect(spec.reactions['nrf2_keap1_degradation']!.rate).toBe('k_nrf2_keap1*Nrf2*hill_rep(H2O2, K_keap1_h2o2, n_keap1)');
    expect(spec.reactions['nrf2_mrna_decay']!.rate).toBe('k_deg_nrf2_mrna*Nrf2_mRNA/max(1 - knockdown, 0.001)');
  });
});
