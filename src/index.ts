/**
 * nrf2sim public API: compile a model, build a problem from a scenario, solve it with a named
 * algorithm. The model and scenario parsers take text and a source name; `load*` read files.
 */
export type { CompiledModel, SpeciesInfo, ParameterInfo, ReactionInfo, DrugInfo, DrugEffect, SpeciesMode, ConservationLaw } from './model/types.js';
export { moleculesPerUM, AVOGADRO } from './model/types.js';
export type { ModelSpec } from './model/spec.js';
export { parseModelText } from './model/parse-model.js';
export { compileModel } from './model/compile-model.js';
export { displayFactors } from './model/display-units.js';
export { parseUnit, type Unit } from './core/units.js';
export { InputError, SolveError } from './core/errors.js';
export { makeRng, deriveSeed, type Rng } from './core/rng.js';
export { isSuccess, type RetCode } from './core/retcode.js';

export { makeProblem, remake, effectiveParameters, type Problem, type ProblemInit } from './solve/problem.js';
export type { Algorithm, MethodName, Rosenbrock23, OdexReduced, SsaDirect, TauLeap } from './solve/algorithms.js';
export { DEFAULT_ALGORITHMS } from './solve/algorithms.js';
export type { Solution, SolveStats } from './solve/solution.js';
export { speciesSeries } from './solve/solution.js';
export { solve } from './solve/solve.js';
export { solveRosenbrock } from './solve/ode/rosenbrock.js';
export { solveOdexQss } from './solve/ode/odex.js';
export { solveSsaDirect } from './solve/ssa/direct.js';
export { solveTauLeap } from './solve/tau/cao-gillespie-petzold.js';
export { makeQssSolver, type QssSolver } from './solve/qss.js';
export { steadyState, type SteadyState } from './solve/steady-state.js';

export type { ScenarioSpec } from './scenario/spec.js';
export { parseScenarioText } from './scenario/parse-scenario.js';
export { resolveScenario, withCommandLine, type ResolvedScenario, type AppliedOverride } from './scenario/resolve.js';
export { problemFromScenario, type ProblemOptions } from './scenario/to-problem.js';
export { loadModel, loadScenario } from './io/load.js';

// Cell populations (agent-based engine).
export type { CellFateInfo, FateThreshold, FateHill, FateDelay } from './model/types.js';
export type { PopulationSettings, DoseEvent, ParameterVariability } from './scenario/resolve.js';
export type { PopulationOptions, WellJob, WellResult, Snapshot, StageCounts, WellStats } from './solve/population/types.js';
export { wellJobs, type WellJobOptions } from './scenario/population-jobs.js';
export { runWells, type RunWellsOptions } from './solve/population/pool.js';
export { simulateWell } from './solve/population/well.js';
export { snapshotToCellSample, wellSampleAt } from './experiments/to-cell-sample.js';
export { runExperiment } from './experiments/run-experiment.js';
export { loadExperiment } from './io/load-experiment.js';

// Virtual assays and analysis.
export type { CellSample } from './assays/types.js';
export { parseExperimentText, type ExperimentSpec } from './assays/experiment.js';
export { fitLogistic4, resistanceIndex, type Logistic4Fit } from './analysis/fit/logistic4.js';
export { welchTTest } from './analysis/stats/t-test.js';
export { oneWayAnova, tukeyHsd } from './analysis/stats/anova.js';
export { pearson, spearman } from './analysis/stats/correlation.js';
export { ks2Sample } from './analysis/stats/ks.js';
export { encodeFcs } from './io/fcs.js';

// Interop and provenance.
export { exportSbml } from './io/sbml-export.js';
export { importSbml } from './io/sbml-import.js';
