/**
 * `export-sbml` on files: a model file (its parameters and initial values) or a scenario (its
 * overrides, doses and initial state), with command-line `--set`/`--dose` on top. Shared by the CLI
 * and the SBML tests, so both produce the same bytes for the same arguments.
 */
import { basename } from 'node:path';
import { InputError } from '../core/errors.js';
import { parseStructuredText } from '../core/structured-text.js';
import { compileModel } from '../model/compile-model.js';
import { parseModelText } from '../model/parse-model.js';
import type { ModelSpec } from '../model/spec.js';
import { resolveScenario, withCommandLine, type ResolvedScenario } from '../scenario/resolve.js';
import { steadyState } from '../solve/steady-state.js';
import { loadScenarioLayers } from './load.js';
import { readText } from './read-text.js';
import { exportSbml } from './sbml-export.js';

export interface SbmlFileExportOptions {
  /** `--set name=value` in the parameters' declared units. */
  readonly sets?: ReadonlyMap<string, number>;
  /** `--dose drug=value` in the drugs' units. */
  readonly doses?: ReadonlyMap<string, number>;
  /**
   * Initial concentrations: the model file's values (`model`), or the untreated steady state of the
   * (scenario's) parameters (`steady-state`). Default: a scenario's `initial`, `model` for a model file.
   */
  readonly initial?: 'model' | 'steady-state';
}

/** True when the structured document is a model file (it has reactions) rather than a scenario. */
function isModelDocument(value: unknown): boolean {
  return value !== null && typeof value === 'object' && 'reactions' in value;
}

/** Read a model or scenario file and return its SBML text. Bad input → InputError. */
export function exportSbmlFromFile(path: string, opts: SbmlFileExportOptions = {}): string {
  const text = readText(path);
  let spec: ModelSpec;
  let sc: ResolvedScenario;
  let isModel: boolean;
  const provenance: string[] = [];
  if (isModelDocument(parseStructuredText(text, path).value)) {
    isModel = true;
    const parsed = parseModelText(text, path);
    spec = parsed.spec;
    sc = resolveScenario(compileModel(spec, parsed.src), []);
    provenance.push(`Model file ${basename(path)}.`);
  } else {
    isModel = false;
    const { layers, modelPath } = loadScenarioLayers(path);
    const parsed = parseModelText(readText(modelPath), modelPath);
    spec = parsed.spec;
    sc = resolveScenario(compileModel(spec, parsed.src), layers);
    provenance.push(`Scenario ${sc.name} (${layers.map((l) => basename(l.src.sourceName)).reverse().join(' extends ')}) on model file ${basename(modelPath)}.`);
  }
  sc = withCommandLine(sc, opts.sets ?? new Map(), opts.doses ?? new Map());
  for (const o of sc.overrides) if (o.source === 'command line --set') provenance.push(`Command line: --set ${o.parameter} (now ${o.to} in internal units).`);
  if (sc.population.schedule.length > 0) {
    throw new InputError(
      { file: path, field: 'population.schedule' },
      'SBML export holds constant doses only; this scenario adds or washes out drugs during the run (remove the schedule, or give constant doses with --dose)',
    );
  }
  const initial = opts.initial ?? (isModel ? 'model' : sc.initial);
  const m = sc.model;
  const doseText = m.drugs.map((d, k) => `${d.name} ${sc.dosesUM[k]! / d.unitFactor} ${d.unit}`).join(', ');
  provenance.push(`Doses: ${doseText || 'none'}.`);
  let y0: Float64Array;
  if (initial === 'steady-state') {
    y0 = steadyState(m, sc.parameters).state;
    provenance.push('Initial concentrations: the steady state without drugs (as `nrf2sim run` starts), computed by nrf2sim.');
  } else {
    y0 = m.initialState;
    provenance.push('Initial concentrations: the model file\'s initial values.');
  }
  return exportSbml({ model: m, spec, parameters: sc.parameters, dosesUM: sc.dosesUM, initialState: y0, overrides: sc.overrides, provenance });
}
