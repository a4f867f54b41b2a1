/**
 * Types of the population engine: a well of individual cells, each carrying the model's state, with
 * extrinsic (per-cell parameter) and intrinsic (molecular) noise, a cell cycle and death stages.
 * Everything here is plain data (structured-clonable), so wells can run on worker threads.
 */
import type { DoseEvent, ParameterVariability } from '../../scenario/resolve.js';

export interface PopulationOptions {
  /** Simulated time after drug addition at t = 0, h. */
  readonly hours: number;
  /** Fixed step, h [0.2]: population means within 0.5 % of a 10× smaller step (bench/population.ts). */
  readonly dtH?: number;
  /** Spacing of recorded time points, h [1]. */
  readonly saveEveryH?: number;
  /**
   * Stochastic burn-in before t = 0, h, untreated and without cell-cycle or death [48]; it follows a
   * deterministic relaxation of every cell to its own steady state (12 exponential steps of 50 h).
   * 0 disables both: cells start from the line's steady state `u0` (copy numbers rounded).
   */
  readonly burnInH?: number;
  /** Step of the stochastic burn-in, h [0.5]. */
  readonly burnInDtH?: number;
  /** Discrete species with fewer molecules than this in u0 are updated by Poisson/binomial leaps [1000]. */
  readonly lowCopyThreshold?: number;
  /** Intrinsic noise on (false: every cell follows its deterministic equations) [true]. */
  readonly intracellularNoise?: boolean;
  /** Cell cycle, division and death on (false: intracellular dynamics of a fixed set of cells) [true]. */
  readonly fate?: boolean;
  /** Species whose distributions are summarised (quantiles) at each save time [all]. */
  readonly summarySpecies?: readonly string[];
  /** Quantile levels of the summaries [0.05, 0.25, 0.5, 0.75, 0.95]. */
  readonly quantileLevels?: readonly number[];
  /** At most this many random viable cells enter each quantile summary [10000]. */
  readonly summarySample?: number;
  /**
   * At most this many simulated cells (≥ 2 × cells) [Infinity]: when a growing well exceeds it, a random
   * half of its cells is kept and each stands for twice as many (counts, expansion and the medium use
   * the weight). Unbiased; the price is the sampling noise of a well of that size.
   */
  readonly maxCells?: number;
  /** Times (h) at which per-cell states and stages are recorded [none]. */
  readonly snapshotTimesH?: readonly number[];
  /** At most this many cells per snapshot (a uniform random subset) [Infinity]. */
  readonly snapshotMaxCells?: number;
}

/** One well to simulate: the model (as text, so a worker can compile it), the line and the seed. */
export interface WellJob {
  readonly label: string;
  /** Model file text and its name (for messages). */
  readonly modelText: string;
  readonly modelSource: string;
  /** Base parameters of the line (internal units, before drug effects). */
  readonly parameters: Float64Array;
  /** Constant drug concentrations from t = 0, µM (one per model drug). */
  readonly dosesUM: Float64Array;
  /** Doses added during the run. */
  readonly schedule: readonly DoseEvent[];
  readonly cells: number;
  readonly carryingCapacity: number;
  readonly variability: readonly ParameterVariability[];
  readonly inheritance: number;
  /** Initial state of every cell, µM (the line's untreated steady state). */
  readonly u0: Float64Array;
  /** Untreated steady state of the reference cell (model defaults), µM: normalises cycle speed. */
  readonly reference: Float64Array;
  /** Seed of this well's random stream (derive it from the root seed, never from scheduling). */
  readonly seed: string;
  readonly options: PopulationOptions;
}

export interface StageCounts {
  readonly viable: Float64Array;
  /** Annexin V+ PI−. */
  readonly earlyApoptotic: Float64Array;
  /** Annexin V+ PI+. */
  readonly lateApoptotic: Float64Array;
  /** Annexin V− PI+. */
  readonly necrotic: Float64Array;
  /** Cumulative number of cells removed as debris. */
  readonly debris: Float64Array;
  /** Cumulative number of divisions. */
  readonly divisions: Float64Array;
}

export interface Snapshot {
  readonly timeH: number;
  /** Number of cells recorded (all non-debris cells, or a random subset). */
  readonly cells: number;
  /** All intact (non-debris) cells of the well at that time, recorded or not. */
  readonly intact: number;
  /** Per recorded cell: 0 viable, 1 early apoptotic, 2 late apoptotic, 3 necrotic. */
  readonly stage: Uint8Array;
  /** Row-major cells × nSpecies, µM. */
  readonly states: Float64Array;
}

export interface WellStats {
  /** Viable cell-steps and simulated viable cell-hours after t = 0. */
  cellSteps: number;
  cellHours: number;
  /** The same during burn-in. */
  burnInCellSteps: number;
  burnInCellHours: number;
  newtonIterations: number;
  qssFallbacks: number;
  qssFailures: number;
  peakCells: number;
  /** Times the well was thinned to half its simulated cells (options.maxCells). */
  thinnings: number;
  /** Wall time of the whole well and of the stepping after t = 0, s. */
  wallSeconds: number;
  mainSeconds: number;
}

export interface WellResult {
  readonly label: string;
  readonly seed: string;
  /** Viable cells seeded at t = 0. */
  readonly seededCells: number;
  readonly species: readonly string[];
  readonly timesH: Float64Array;
  readonly counts: StageCounts;
  /** Mean over viable cells, row-major times × species, µM (NaN when no viable cell). */
  readonly means: Float64Array;
  /** Species indices summarised. */
  readonly summarySpecies: Int32Array;
  readonly quantileLevels: readonly number[];
  /** times × summarySpecies × levels, µM. */
  readonly quantiles: Float64Array;
  readonly snapshots: readonly Snapshot[];
  readonly stats: WellStats;
}
