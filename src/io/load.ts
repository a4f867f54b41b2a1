import { dirname, resolve } from 'node:path';
import { InputError } from '../core/errors.js';
import { compileModel } from '../model/compile-model.js';
import { parseModelText } from '../model/parse-model.js';
import type { CompiledModel } from '../model/types.js';
import { parseScenarioText } from '../scenario/parse-scenario.js';
import { resolveScenario, type ResolvedScenario, type ScenarioLayer } from '../scenario/resolve.js';
import { readText } from './read-text.js';

/** Read and compile a model file. */
export function loadModel(path: string): CompiledModel {
  const { spec, src } = parseModelText(readText(path), path);
  return compileModel(spec, src);
}

/** Read a scenario and its `extends` chain (parent first), and the model it names. */
export function loadScenarioLayers(path: string): { layers: ScenarioLayer[]; modelPath: string } {
  const layers: ScenarioLayer[] = [];
  const seen = new Set<string>();
  let current: string | undefined = resolve(path);
  let modelPath: string | undefined;
  let shownPath = path;
  while (current) {
    if (seen.has(current)) throw new InputError({ file: shownPath, field: 'extends' }, 'scenario inheritance forms a cycle');
    seen.add(current);
    const { spec, src } = parseScenarioText(readText(shownPath), shownPath);
    layers.unshift({ spec, src });
    if (!modelPath && spec.model) modelPath = resolve(dirname(current), spec.model);
    const next: string | undefined = spec.extends ? resolve(dirname(current), spec.extends) : undefined;
    current = next;
    if (next) shownPath = next;
  }
  if (!modelPath) throw new InputError({ file: path, field: 'model' }, "no model named; expected 'model: <path>' in this file or a file it extends");
  return { layers, modelPath };
}

export function loadScenario(path: string, model?: CompiledModel): ResolvedScenario {
  const { layers, modelPath } = loadScenarioLayers(path);
  return resolveScenario(model ?? loadModel(modelPath), layers);
}
