/**
 * Scenario files by name instead of by path: the browser has no file system, so the teaching page
 * bundles the model and cell-line texts and resolves `extends:` / `model:` against this map. Same
 * parsers and resolver as src/io/load.ts; only the reading differs.
 */
import { InputError } from '../core/errors.js';
import { compileModel } from '../model/compile-model.js';
import { parseModelText } from '../model/parse-model.js';
import type { CompiledModel } from '../model/types.js';
import { parseScenarioText } from '../scenario/parse-scenario.js';
import { resolveScenario, type ResolvedScenario, type ScenarioLayer } from '../scenario/resolve.js';

/** File texts keyed by POSIX path relative to the project root (e.g. `scenarios/cell-lines/k562.yaml`). */
export type FileTexts = ReadonlyMap<string, string>;

/** `rel` resolved against the folder of `from`, both POSIX paths relative to the project root. */
export function joinRelative(from: string, rel: string): string {
  const parts = rel.startsWith('/') ? [] : from.split('/').slice(0, -1);
  for (const seg of rel.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length === 0 || parts[parts.length - 1] === '..') parts.push('..');
      else parts.pop();
    } else parts.push(seg);
  }
  return parts.join('/');
}

function textOf(files: FileTexts, path: string, from: { file: string; field: string }): string {
  const t = files.get(path);
  if (t === undefined) throw new InputError(from, `'${path}' is not among the bundled files (${[...files.keys()].join(', ')})`);
  return t;
}

/** The scenario's `extends` chain (parent first) and the path of the model it names. */
export function scenarioLayersFromTexts(path: string, files: FileTexts): { layers: ScenarioLayer[]; modelPath: string } {
  const layers: ScenarioLayer[] = [];
  const seen = new Set<string>();
  let current: string | undefined = path;
  let from = { file: path, field: 'path' };
  let modelPath: string | undefined;
  while (current !== undefined) {
    if (seen.has(current)) throw new InputError({ file: current, field: 'extends' }, 'scenario inheritance forms a cycle');
    seen.add(current);
    const { spec, src } = parseScenarioText(textOf(files, current, from), current);
    layers.unshift({ spec, src });
    if (!modelPath && spec.model) modelPath = joinRelative(current, spec.model);
    from = { file: current, field: 'extends' };
    current = spec.extends ? joinRelative(current, spec.extends) : undefined;
  }
  if (!modelPath) throw new InputError({ file: path, field: 'model' }, "no model named; expected 'model: <path>' in this file or a file it extends");
  return { layers, modelPath };
}

/** Compile the model named by a scenario chain. */
export function modelFromTexts(path: string, files: FileTexts): CompiledModel {
  const { spec, src } = parseModelText(textOf(files, path, { file: path, field: 'model' }), path);
  return compileModel(spec, src);
}

/**
 * Resolve a scenario from bundled texts. Pass `model` to share one compiled model between lines
 * (it must be the model the chain names; checked by source name).
 */
export function scenarioFromTexts(path: string, files: FileTexts, model?: CompiledModel): ResolvedScenario {
  const { layers, modelPath } = scenarioLayersFromTexts(path, files);
  if (model && model.sourceName !== modelPath) {
    throw new InputError({ file: path, field: 'model' }, `names '${modelPath}', but the shared model is '${model.sourceName}'`);
  }
  return resolveScenario(model ?? modelFromTexts(modelPath, files), layers);
}
