/**
 * The compiled model: the one representation every engine (ODE, SSA, tau-leap, population) runs.
 *
 * Internal units are fixed: concentration µM, amount µmol, volume L, time h. Every declared value
 * is converted to these at compile time, so compiled rate functions need no unit factors.
 * Reaction rates are in µM/h (events per volume per time); a species' rate of change is
 * Σ_r stoichiometry[r, i] · rate_r.
 */

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

/** Species-indexed and parameter-indexed closed-form rate functions, built once from the checked AST. */
export interface CompiledModel {
  readonly name: string;
  readonly description: string;
  /** Where the model came from (file path), for messages. */
  readonly sourceName: string;
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
}

/** Molecules per µM in a volume (L): N_A · 1e-6 · V. */
export const AVOGADRO = 6.02214076e23;
export function moleculesPerUM(volumeL: number): number {
  return AVOGADRO * 1e-6 * volumeL;
}
