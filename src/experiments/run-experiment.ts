/**
 * Run a virtual experiment: simulate the population wells it needs (wells.ts) on worker threads,
 * then apply its assay to the simulated cells (cck8.ts, flow.ts, molecular.ts).
 *
 * Reproducibility: every random stream derives by name from the root seed (the file's, or
 * `opts.seed`) — the wells' from (root, 'cells', replicate), each assay call's from
 * (root, 'assay', …) — so the result is bit for bit the same for the same seed and independent of
 * the number of workers.
 *
 * Cells per well (`opts.cellsPerSample` ?? the file's `cells_per_sample` ?? DEFAULT_CELLS_PER_SAMPLE):
 * the simulated cells of one well (the snapshot of a well keeps at most this many cells). Assays read
 * fractions and means of these cells; the assay's own numbers (cells seeded per CCK-8 well, events per
 * tube, cells harvested for RNA) are separate settings. See DEFAULT_CELLS_PER_SAMPLE for the choice.
 */
import type { AssayKind, ExperimentSpec } from '../assays/experiment.js';
import { experimentDosesUM } from '../assays/experiment.js';
import type { ResolvedScenario } from '../scenario/resolve.js';
import { runWells } from '../solve/population/pool.js';
import type { BurntInCells } from '../solve/population/well.js';
import { doseResponse, proliferation } from './cck8.js';
import { flowAnnexinPi, flowDcf } from './flow.js';
import { qpcr, western } from './molecular.js';
import type { AssayOutput, ExperimentResult } from './types.js';
import { planWells, replicatesOf, sampleSource } from './wells.js';

/**
 * Default simulated cells per well, chosen for speed at adequate precision (measured on 2 cores, see
 * the assay CLI's report). Sampling error of a fraction p from N cells is √(p(1−p)/N):
 * - CCK-8 dose–response (4 lines × 10 doses × 3 replicates = 120 wells, 48 h): 500 cells → SE ≤ 2.2 %
 *   viability, below the assay's own 5 % pipetting CV.
 * - Proliferation: 500 cells; wells are thinned at 1000 (wells.ts), and the OD is set by the
 *   expansion, a well-level mean whose sampling error is small (cycle times average out).
 * - Flow (quadrant %, DCF MFI of 10,000 events): 1000 cells → SE ≤ 1.6 % on a quadrant; events
 *   beyond the cells simulated resample them (the measurement noise is per event).
 * - qPCR / western (untreated, read at t = 0: burn-in only): 1000 cells → means of log-normal
 *   per-cell amounts (CV ≈ 0.3) within ≈ 1 %, below the assays' technical noise.
 * Equal numbers let experiments of one study share their burnt-in cultures (RunExperimentOptions.burnIns).
 */
export const DEFAULT_CELLS_PER_SAMPLE: Readonly<Record<AssayKind, number>> = {
  'cck8-dose-response': 500,
  'cck8-proliferation': 500,
  'flow-dcf': 1000,
  'flow-annexin-pi': 1000,
  qpcr: 1000,
  western: 1000,
};

export interface RunExperimentOptions {
  /** Root seed replacing the experiment file's. */
  readonly seed?: string | number;
  /** Worker threads for the wells [1]; results do not depend on it. */
  readonly workers?: number;
  /** Simulated cells per well (overrides the file's cells_per_sample and the default). */
  readonly cellsPerSample?: number;
  /**
   * Burnt-in cultures shared with other experiments of the same study (same root seed): wells of a
   * line and replicate with the same cells per sample then start from the same cells, as a lab splits
   * one culture into its assays. Results do not depend on whether a culture came from here.
   */
  readonly burnIns?: Map<string, BurntInCells>;
  /** Progress of the well simulations, 0…1 (the analysis after them is fast). */
  readonly onProgress?: (fraction: number) => void;
}

export async function runExperiment(spec: ExperimentSpec, lines: ReadonlyMap<string, ResolvedScenario>, opts: RunExperimentOptions = {}): Promise<ExperimentResult> {
  const root = opts.seed ?? spec.seed;
  const cells = opts.cellsPerSample ?? spec.cellsPerSample ?? DEFAULT_CELLS_PER_SAMPLE[spec.assay];
  if (!Number.isInteger(cells) || cells < 1) throw new RangeError(`runExperiment: cells per sample must be an integer >= 1, got ${cells}`);
  const modelText = (sc: ResolvedScenario): string => sc.model.sourceText;
  const plan = planWells(spec, lines, { root, cells, modelText });
  const results = await runWells(plan.jobs, {
    workers: opts.workers ?? 1,
    ...(opts.burnIns ? { burnIns: opts.burnIns } : {}),
    ...(opts.onProgress ? { onProgress: (_w: number, _f: number, overall: number) => opts.onProgress!(overall) } : {}),
  });
  const samples = sampleSource(plan, results, lines);
  const out = analyse(spec, samples, root);
  return {
    experiment: {
      name: spec.name,
      assay: spec.assay,
      ...(spec.description !== undefined ? { description: spec.description } : {}),
      ...(spec.paper !== undefined ? { paper: spec.paper } : {}),
      source: spec.sourceName,
      seed: root,
      lines: spec.lines.map((l) => l.name),
      drug: spec.treatment?.drug ?? null,
      dosesUM: [...experimentDosesUM(spec)],
      timesH: [...spec.timesH],
      replicates: replicatesOf(spec),
      cellsPerSample: cells,
    },
    wells: plan.wells,
    ...out,
  };
}

function analyse(spec: ExperimentSpec, samples: ReturnType<typeof sampleSource>, root: string | number): AssayOutput {
  switch (spec.assay) {
    case 'cck8-dose-response':
      return doseResponse(spec, samples, root);
    case 'cck8-proliferation':
      return proliferation(spec, samples, root);
    case 'flow-dcf':
      return flowDcf(spec, samples, root);
    case 'flow-annexin-pi':
      return flowAnnexinPi(spec, samples, root);
    case 'qpcr':
      return qpcr(spec, samples, root);
    case 'western':
      return western(spec, samples, root);
  }
}
