/**
 * The model file as data, after schema validation and before compilation (the intermediate
 * representation, like Catalyst's ReactionStruct). Values and units are as declared.
 */
import type { SpeciesMode } from './types.js';

export interface QuantitySpec {
  value: number;
  unit: string;
  source: string;
}

export interface SpeciesSpec {
  initial: number;
  unit: string;
  mode: SpeciesMode;
  description?: string;
  annotation?: string;
}

export interface ParameterSpec extends QuantitySpec {
  range?: [number, number];
  description?: string;
}

export interface ReactionSpec {
  equation: string;
  rate: string;
  description?: string;
}

export interface DrugEffectSpec {
  target: string;
  kind: 'inhibit' | 'activate';
  potency: string;
  hill: string;
  emax?: string;
  description?: string;
}

export interface DrugSpec {
  unit: string;
  description?: string;
  effects: DrugEffectSpec[];
}

/** `cell_fate` rows: species and parameter names (the seams between intracellular state and fate). */
export interface FateThresholdSpec {
  species: string;
  threshold: string;
  description?: string;
}

export interface FateHillSpec {
  species: string;
  K: string;
  n: string;
  description?: string;
}

export interface FateDelaySpec {
  mean: string;
  shape: string;
  description?: string;
}

export interface CellFateSpec {
  apoptosis: FateThresholdSpec;
  necrosis?: FateThresholdSpec;
  /** One signal or several (cycle progress needs each: the factors multiply). */
  growth_signal?: FateHillSpec | FateHillSpec[];
  oxidative_damage?: FateHillSpec;
  cycle: { doubling_time: string; cv: string; medium_exponent: string; description?: string };
  early_to_late: FateDelaySpec;
  late_to_debris: FateDelaySpec;
  necrotic_to_debris?: FateDelaySpec;
}

export interface ModelSpec {
  name: string;
  description?: string;
  references?: string[];
  compartment: { name: string; volume: QuantitySpec };
  species: Record<string, SpeciesSpec>;
  parameters: Record<string, ParameterSpec>;
  reactions: Record<string, ReactionSpec>;
  drugs?: Record<string, DrugSpec>;
  cell_fate?: CellFateSpec;
}
