/**
 * Read an experiment file (scenarios/experiments/*.yaml) and the cell-line scenarios it lists
 * (paths relative to the experiment file), compiling each distinct model once. Errors are
 * InputErrors naming the experiment file and field (with line and column) or the scenario file.
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { parseExperimentText, type ExperimentSpec } from '../assays/experiment.js';
import { errorAt, parseStructuredText } from '../core/structured-text.js';
import { checkExperimentAgainstLines } from '../experiments/check.js';
import type { CompiledModel } from '../model/types.js';
import { resolveScenario, type ResolvedScenario } from '../scenario/resolve.js';
import { loadModel, loadScenarioLayers } from './load.js';
import { readText } from './read-text.js';

export interface LoadedExperiment {
  readonly spec: ExperimentSpec;
  /** Resolved scenario of every line, by line name, in the file's order. */
  readonly lines: ReadonlyMap<string, ResolvedScenario>;
}

export function loadExperiment(path: string): LoadedExperiment {
  const text = readText(path);
  const spec = parseExperimentText(text, path);
  const src = parseStructuredText(text, path);
  const models = new Map<string, CompiledModel>();
  const lines = new Map<string, ResolvedScenario>();
  spec.lines.forEach((line, i) => {
    const file = isAbsolute(line.file) ? line.file : join(dirname(path), line.file);
    if (!existsSync(file)) throw errorAt(src, ['lines', i], `cannot find the line's scenario file ${file}; expected a path relative to the experiment file`);
    const { layers, modelPath } = loadScenarioLayers(file);
    let model = models.get(modelPath);
    if (!model) {
      model = loadModel(modelPath);
      models.set(modelPath, model);
    }
    lines.set(line.name, resolveScenario(model, layers));
  });
  checkExperimentAgainstLines(spec, lines, (p, problem) => errorAt(src, p, problem));
  return { spec, lines };
}
