/**
 * Checks of an experiment against the models of its lines (what the experiment parser cannot know):
 * the drug, and the species the assay reads, exist in every line's model.
 */
import type { ExperimentSpec } from '../assays/experiment.js';
import type { ResolvedScenario } from '../scenario/resolve.js';

/** `fail(path, problem)` builds the error (the loader locates it in the experiment file). */
export function checkExperimentAgainstLines(
  spec: ExperimentSpec,
  lines: ReadonlyMap<string, ResolvedScenario>,
  fail: (path: readonly (string | number)[], problem: string) => Error,
): void {
  spec.lines.forEach((l, i) => {
    if (!lines.has(l.name)) throw fail(['lines', i], `no scenario loaded for line '${l.name}'`);
  });
  const each = (check: (sc: ResolvedScenario, line: string) => void): void => {
    for (const l of spec.lines) check(lines.get(l.name)!, l.name);
  };
  const requireSpecies = (path: readonly (string | number)[], species: string): void =>
    each((sc, line) => {
      if (!sc.model.speciesIndex.has(species)) {
        throw fail(path, `unknown species '${species}' in model '${sc.model.name}' of line '${line}'; expected one of: ${sc.model.species.map((s) => s.name).join(', ')}`);
      }
    });
  if (spec.treatment) {
    const drug = spec.treatment.drug;
    each((sc, line) => {
      if (!sc.model.drugIndex.has(drug)) {
        throw fail(['treatment', 'drug'], `unknown drug '${drug}' in model '${sc.model.name}' of line '${line}'; expected one of: ${sc.model.drugs.map((d) => d.name).join(', ') || 'none'}`);
      }
    });
  }
  switch (spec.assay) {
    case 'flow-dcf':
      requireSpecies(['flow', 'ros_species'], spec.flow.rosSpecies);
      break;
    case 'qpcr':
      spec.qpcr.targets.forEach((t, i) => requireSpecies(['qpcr', 'targets', i, 'species'], t.species));
      break;
    case 'western':
      spec.western.targets.forEach((t, i) => requireSpecies(['western', 'targets', i, 'species'], t.species));
      break;
    default:
      break;
  }
}
