/**
 * The compiled model: the one representation every engine (ODE, SSA, tau-leap, population) runs.
 *
 * Internal units are fixed: concentration µM, amount µmol, volume L, time h. Every declared value
 * is converted to these at compile time, so compiled rate functions need no unit factors.
 * Reaction rates are in µM/h (events per volume per time); a species' rate of change is
 * Σ_r stoichiometry[r, i] · rate_r.
 */

import type { Expr } from './expr/ast.js';

/**
 * How stochastic engines treat a species (the ODE engine integrates them all):
 * - `discrete`: molecule counts changed by exact events (SSA) or Poisson leaps (tau-leap).
 * - `continuous`: high-copy pools (e.g. mM glutathione) following their rate equations between events.
 * - `fast`: sub-second species (H2O2, thioredoxin redox forms) held at quasi-steady state given the
 *   slow species (slow-scale approximation; Cao, Gillespie & Petzold 2005, J Chem Phys 122:014116).
 */
export type SpeciesMode = 'discrete' | 'continuous' | 'fast';

export interface SpeciesInfo {
  readonly name: string;
  /** Unit as declared in the file (values below are converted to µM). */
  readonly unit: string;
  readonly mode: SpeciesMode;
  /** Initial concentration, µM. */
  readonly initialUM: number;
  readonly description: string;
}

export interface ParameterInfo {
  readonly name: string;
  /** Value in internal units (µM, h, µmol, L combinations). */
  readonly value: number;
  /** Value and unit as declared in the file. */
  readonly declaredValue: number;
  readonly unit: string;
  /** Citation, or "assumed: <reason>". */
  readonly source: string;
  readonly description: string;
  /** Plausible range in internal units, for sensitivity analysis; absent when not declared. */
  readonly range?: readonly [number, number];
  /** True for the slots that hold a drug's concentration (µM), filled from doses. */
  readonly isDrug: boolean;
}

export interface StoichTerm {
  readonly species: number;
  readonly coefficient: number;
}

export interface ReactionInfo {
  readonly id: string;
  readonly description: string;
  readonly reactants: readonly StoichTerm[];
  readonly products: readonly StoichTerm[];
  /** Rate-law text as written in the file. */
  readonly rateLaw: string;
  /** Species indices the rate law reads (reactants, modifiers, fast species). */
  readonly dependsOn: readonly number[];
  /**
   * True when the rate law is k·∏ reactant^stoichiometry (mass action). Stochastic engines then use
   * the combinatorial propensity (falling factorials of counts, e.g. X(X−1) for 2X →).
   */
  readonly massAction: boolean;
  /** Which species class the reaction changes: all its stoichiometry is within one mode class. */
  readonly modeClass: SpeciesMode;
}

/**
 * How a drug changes one parameter, with occupancy θ = (D/P)^h / (1 + (D/P)^h):
 * inhibit: p·(1 − θ) = p/(1 + (D/IC50)^h); activate: p·(1 + Emax·θ).
 * Potency P (µM), Hill h and Emax are themselves parameters (with sources, overridable per scenario).
 */
export interface DrugEffect {
  /** Index of the parameter the drug changes. */
  readonly parameter: number;
  readonly kind: 'inhibit' | 'activate';
  readonly potencyParameter: number;
  readonly hillParameter: number;
  /** −1 for `inhibit`. */
  readonly emaxParameter: number;
  readonly description: string;
}

export interface DrugInfo {
  readonly name: string;
  readonly description: string;
  /** Index of the parameter slot holding this drug's concentration (µM). */
  readonly parameter: number;
  /** Dose unit as declared (doses given in it are multiplied by unitFactor to get µM). */
  readonly unit: string;
  readonly unitFactor: number;
  readonly effects: readonly DrugEffect[];
}

export interface ConservationLaw {
  /** Coefficients over all species (zero outside the law). Σ c_i y_i is constant. */
  readonly coefficients: Float64Array;
  readonly description: string;
}

/**
 * Cell-fate seams (the model file's `cell_fate` table): which species drive which cell behaviour, with
 * every threshold, Hill constant, duration and shape a model parameter (index into `parameters`), so
 * scenarios can override them and sensitivity analysis sees them. Engines that simulate single cells
 * ignore it; the population engine (src/solve/population) reads it.
 */
export interface FateThreshold {
  /** Species index. */
  readonly species: number;
  /** Parameter index of the threshold (same dimensions as the species, µM internally). */
  readonly threshold: number;
}

/** A Hill factor on the cell-cycle speed: hill(species, K, n) (growth signal) or hill_rep (damage). */
export interface FateHill {
  readonly species: number;
  /** Parameter index of the half-maximal level (µM internally). */
  readonly K: number;
  /** Parameter index of the Hill coefficient. */
  readonly n: number;
}

/** A gamma-distributed delay: parameter indices of its mean (h) and shape (dimensionless, ≥ 1 typical). */
export interface FateDelay {
  readonly mean: number;
  readonly shape: number;
}

export interface CellFateInfo {
  /** A viable cell commits to apoptosis (becomes early apoptotic) when species > threshold. */
  readonly apoptosis: FateThreshold;
  /** A viable cell becomes necrotic when species > threshold (null: no necrosis). */
  readonly necrosis: FateThreshold | null;
  /** Cycle progress × Π hill(species, K, n) over the growth signals (empty: no growth-signal dependence). */
  readonly growthSignals: readonly FateHill[];
  /** Cycle progress × hill_rep(species, K, n) (null: no oxidative slowing). */
  readonly oxidativeDamage: FateHill | null;
  /** Parameter index: doubling time of untreated reference cells, h. */
  readonly doublingTime: number;
  /** Parameter index: coefficient of variation of the intrinsic cycle duration (gamma distributed). */
  readonly cycleCv: number;
  /** Parameter index: θ of the medium-exhaustion factor max(0, 1 − (N/capacity)^θ). */
  readonly mediumExponent: number;
  /** Early apoptotic (Annexin V+ PI−) → late apoptotic (Annexin V+ PI+). */
  readonly earlyToLate: FateDelay;
  /** Late apoptotic → debris (removed). */
  readonly lateToDebris: FateDelay;
  /** Necrotic (Annexin V− PI+) → debris (removed). */
  readonly necroticToDebris: FateDelay;
  /** The table as English sentences, for reports. */
  readonly rules: readonly string[];
}

/** Species-indexed and parameter-indexed closed-form rate functions, built once from the checked AST. */
export interface CompiledModel {
  readonly name: string;
  readonly description: string;
  /** Where the model came from (file path), for messages. */
  readonly sourceName: string;
  /** The model file's text (so worker threads can recompile the same model without file I/O). */
  readonly sourceText: string;
  readonly species: readonly SpeciesInfo[];
  /** Model parameters followed by one slot per drug (its concentration, µM). */
  readonly parameters: readonly ParameterInfo[];
  readonly reactions: readonly ReactionInfo[];
  readonly drugs: readonly DrugInfo[];
  readonly speciesIndex: ReadonlyMap<string, number>;
  readonly parameterIndex: ReadonlyMap<string, number>;
  readonly drugIndex: ReadonlyMap<string, number>;
  readonly nSpecies: number;
  readonly nParameters: number;
  readonly nReactions: number;
  /** Reference cell volume, L (used to convert µM ↔ molecules). */
  readonly cellVolumeL: number;
  readonly initialState: Float64Array;
  readonly defaultParameters: Float64Array;
  /** Net stoichiometry, row-major nReactions × nSpecies. */
  readonly stoichiometry: Float64Array;
  /** Conservation laws of the whole network (left null space of the stoichiometry). */
  readonly conservationLaws: readonly ConservationLaw[];
  /** All reaction rates (µM/h) into `out` (length nReactions). */
  rates(y: Float64Array, p: Float64Array, out: Float64Array): void;
  /** One reaction's rate (µM/h). */
  rate(r: number, y: Float64Array, p: Float64Array): number;
  /** dy/dt (µM/h) into `dydt`. */
  rhs(y: Float64Array, p: Float64Array, dydt: Float64Array): void;
  /** Analytic Jacobian ∂(dy_i/dt)/∂y_j, dense row-major nSpecies × nSpecies, into `jac` (fully overwritten). */
  jacobian(y: Float64Array, p: Float64Array, jac: Float64Array): void;
  /** Structural nonzeros of the Jacobian (1 = may be nonzero), row-major nSpecies × nSpecies. */
  readonly jacobianPattern: Uint8Array;
  /** Effective parameters under drug concentrations `dosesUM` (one per drug, model order) into `out`. */
  applyDrugs(base: Float64Array, dosesUM: Float64Array, out: Float64Array): void;
  /**
   * The checked rate-law syntax trees in internal units (µM/h; amount-per-time laws already divided by
   * the cell volume), one per reaction, for engines that generate their own kernels. Absent in
   * hand-built models.
   */
  readonly rateExpressions?: readonly Expr[];
  /** The cell-fate table, when the model file has one. */
  readonly cellFate?: CellFateInfo;
}

/** Molecules per µM in a volume (L): N_A · 1e-6 · V. */
export const AVOGADRO = 6.02214076e23;
export function moleculesPerUM(volumeL: number): number {
  return AVOGADRO * 1e-6 * volumeL;
}
