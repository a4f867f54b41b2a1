/**
 * The population wells of an experiment: one per line × dose × biological replicate, simulated to the
 * last time point with a snapshot of its cells at every time point of the experiment.
 *
 * Seeds. Replicate r (0-based) of every (line, dose) uses the population stream
 * `deriveSeed(deriveSeed(root, 'cells'), 'population', 'replicate', r)` — the engine's convention
 * (from-scenario.ts): wells of the same replicate under different doses and lines start from the
 * same random draws (common random numbers, so comparisons within a replicate are paired, as wells
 * split from one culture are), while replicates are independent. Seeds depend only on the root seed
 * and the replicate index, never on the worker count or the order wells finish in.
 *
 * Cost. A growing well keeps at most MAX_CELLS_FACTOR × cells simulated cells: beyond that a random
 * half is kept, each standing for twice as many (the engine's `maxCells`; unbiased, and the assays read
 * fractions, means and the weighted expansion), so a 5-day proliferation well costs about as much as
 * a 2-day one instead of 16× its seeded cells.
 *
 * Medium. The scenario's carrying capacity is per its own seeded cells; a well simulating fewer cells
 * keeps the same ratio (K × cells / scenario cells), so growth does not depend on how many cells are
 * simulated.
 */
import type { ExperimentSpec } from '../assays/experiment.js';
import { experimentDosesUM } from '../assays/experiment.js';
import type { CellSample } from '../assays/types.js';
import { deriveSeed } from '../core/rng.js';
import { withCommandLine, type ResolvedScenario } from '../scenario/resolve.js';
import { wellJobs } from '../scenario/population-jobs.js';
import type { WellJob, WellResult } from '../solve/population/types.js';
import { wellSampleAt } from './to-cell-sample.js';
import type { SimulatedWell } from './types.js';

/** Simulated cells a well may grow to before it is thinned to half (see Cost above). */
export const MAX_CELLS_FACTOR = 2;

/** Replicates (biological) of an experiment, whatever its assay section calls them. */
export function replicatesOf(spec: ExperimentSpec): number {
  switch (spec.assay) {
    case 'cck8-dose-response':
    case 'cck8-proliferation':
      return spec.cck8.replicates;
    case 'flow-dcf':
    case 'flow-annexin-pi':
      return spec.flow.replicates;
    case 'qpcr':
      return spec.qpcr.biologicalReplicates;
    case 'western':
      return spec.western.replicates;
  }
}

/** Simulated time of the wells: the last time point (one 0.2-h step when every read is at t = 0). */
export function wellHours(spec: ExperimentSpec): number {
  return Math.max(...spec.timesH, 0.2);
}

export interface WellPlan {
  readonly jobs: readonly WellJob[];
  readonly wells: readonly SimulatedWell[];
}

/**
 * Jobs for every line × dose × replicate, in that nesting order. `modelText(sc)` gives the model
 * file text of a line (the caller's I/O).
 */
export function planWells(
  spec: ExperimentSpec,
  lines: ReadonlyMap<string, ResolvedScenario>,
  opts: { readonly root: string | number; readonly cells: number; readonly modelText: (sc: ResolvedScenario) => string },
): WellPlan {
  const replicates = replicatesOf(spec);
  const hours = wellHours(spec);
  const jobs: WellJob[] = [];
  const wells: SimulatedWell[] = [];
  for (const line of spec.lines) {
    const base = lines.get(line.name);
    if (!base) throw new RangeError(`planWells: no scenario for line '${line.name}'`);
    for (const doseUM of experimentDosesUM(spec)) {
      let sc = base;
      if (spec.treatment) {
        const drug = base.model.drugs[base.model.drugIndex.get(spec.treatment.drug)!]!;
        sc = withCommandLine(base, new Map(), new Map([[drug.name, doseUM / drug.unitFactor]]));
      }
      const carryingCapacity = (sc.population.carryingCapacity * opts.cells) / sc.population.cells;
      const made = wellJobs(sc, {
        seed: deriveSeed(opts.root, 'cells'),
        replicates,
        cells: opts.cells,
        carryingCapacity,
        hours,
        modelText: opts.modelText(sc),
        options: { snapshotTimesH: [...spec.timesH], snapshotMaxCells: opts.cells, summarySpecies: [], maxCells: MAX_CELLS_FACTOR * opts.cells },
      });
      made.forEach((job, r) => {
        const label = `${line.name} ${doseUM} uM #${r + 1}`;
        jobs.push({ ...job, label });
        wells.push({ label, line: line.name, doseUM, replicate: r + 1, seed: job.seed, seededCells: job.cells, hours });
      });
    }
  }
  return { jobs, wells };
}

/** Cells of a simulated well at a time point, by line, dose (µM) and 1-based replicate. */
export interface SampleSource {
  sample(line: string, doseUM: number, replicate: number, timeH: number): CellSample;
}

/** Index well results (in plan order) for look-up; samples are built once and cached. */
export function sampleSource(plan: WellPlan, results: readonly WellResult[], lines: ReadonlyMap<string, ResolvedScenario>): SampleSource {
  if (results.length !== plan.wells.length) throw new RangeError(`sampleSource: ${results.length} results for ${plan.wells.length} wells`);
  const key = (line: string, doseUM: number, replicate: number): string => `${line}\u0000${doseUM}\u0000${replicate}`;
  const byKey = new Map<string, WellResult>();
  plan.wells.forEach((w, i) => byKey.set(key(w.line, w.doseUM, w.replicate), results[i]!));
  const cache = new Map<string, CellSample>();
  return {
    sample(line, doseUM, replicate, timeH) {
      const k = `${key(line, doseUM, replicate)}\u0000${timeH}`;
      let s = cache.get(k);
      if (!s) {
        const r = byKey.get(key(line, doseUM, replicate));
        if (!r) throw new RangeError(`no simulated well for line '${line}', ${doseUM} µM, replicate ${replicate}`);
        s = wellSampleAt(lines.get(line)!.model, r, timeH);
        cache.set(k, s);
      }
      return s;
    },
  };
}
