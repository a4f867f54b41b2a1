/**
 * The scenario `population` section: inheritance along `extends`, validation errors naming file and
 * field, and dose schedules acting in the engine (added at t, washed out at t).
 */
import { mkdtempSync, writeFileSync, copyFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { loadModel, loadScenario } from '../../src/io/load.js';
import { wellJobs } from '../../src/scenario/population-jobs.js';
import { simulateWell } from '../../src/solve/population/well.js';

const model = loadModel('models/nrf2-trxr-ros.yaml');
const dir = mkdtempSync(join(tmpdir(), 'nrf2sim-pop-'));
mkdirSync(join(dir, 'models'), { recursive: true });
copyFileSync('models/nrf2-trxr-ros.yaml', join(dir, 'models', 'nrf2-trxr-ros.yaml'));

function scenario(name: string, body: string): string {
  const path = join(dir, `${name}.yaml`);
  writeFileSync(path, `name: ${name}\nmodel: models/nrf2-trxr-ros.yaml\n${body}`);
  return path;
}

describe('scenario population settings', () => {
  it('the cell lines inherit K562’s settings; children may change them', () => {
    const k = loadScenario('scenarios/cell-lines/k562.yaml', model).population;
    const g = loadScenario('scenarios/cell-lines/g01-shnrf2.yaml', model).population;
    expect(k.cells).toBe(10_000);
    expect(k.variability.length).toBeGreaterThan(3);
    expect(g.variability).toEqual(k.variability);
    expect(g.inheritance).toBe(0.7);
  });

  it('schedules resolve drug names and units; bad entries name the field', () => {
    const ok = loadScenario(scenario('sched', 'population:\n  schedule:\n    - { drug: NAC, dose: 2, at: 6, washout: 30, half_life: 12 }\n'), model);
    expect(ok.population.schedule[0]).toEqual({ drug: model.drugIndex.get('NAC'), doseUM: 2000, atH: 6, washoutH: 30, halfLifeH: 12 });
    const bad = (body: string, ...parts: string[]): void => {
      try {
        loadScenario(scenario('bad', body), model);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(InputError);
        for (const p of parts) expect((e as Error).message).toContain(p);
      }
    };
    bad('population:\n  schedule:\n    - { drug: aspirin, dose: 1 }\n', 'population.schedule.0.drug', "unknown drug 'aspirin'");
    bad('population:\n  schedule:\n    - { drug: imatinib, dose: 1, at: 5, washout: 2 }\n', 'population.schedule.0.washout');
    bad('population:\n  variability:\n    IC50_imatinib_bcrabl: { cv: 0.2, source: "test" }\n', 'population.variability.IC50_imatinib_bcrabl', 'drug');
    bad('population:\n  variability:\n    casp_commit: { cv: 0.2, source: "test" }\n', 'cell-fate parameter');
    bad('population:\n  variability:\n    nope: { cv: 0.2, source: "test" }\n', "unknown parameter 'nope'");
    bad('population:\n  cells: 0\n', 'population.cells');
  });

  it('a scheduled dose acts from its addition to its washout (one deterministic cell)', () => {
    const sc = loadScenario(scenario('pulse', 'population:\n  schedule:\n    - { drug: imatinib, dose: 1, at: 2, washout: 4 }\n'), model);
    const [job] = wellJobs(sc, { seed: 1, cells: 1, hours: 24, options: { saveEveryH: 1, burnInH: 0, fate: false, intracellularNoise: false } });
    const r = simulateWell(model, { ...job!, variability: [] });
    const nS = model.nSpecies;
    const bcr = (t: number): number => r.means[t * nS + model.speciesIndex.get('BCR_ABL')!]!;
    expect(bcr(2)).toBeCloseTo(bcr(0), 6); // not yet added
    expect(bcr(4)).toBeLessThan(0.5 * bcr(0)); // inhibited
    expect(bcr(24)).toBeCloseTo(bcr(0), 3); // washed out, recovered
  });
});
