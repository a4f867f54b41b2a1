/** A scenario file as data: a cell line (or condition) as an overlay on a model. */
export interface ParameterOverride {
  value?: number;
  unit?: string;
  scale?: number;
  source: string;
  why?: string;
}

/** Per-cell extrinsic variability of one parameter: log-normal with this coefficient of variation. */
export interface VariabilitySpec {
  cv: number;
  source: string;
}

/** One dose in a well's schedule (population engine): added at `at`, washed out at `washout`. */
export interface DoseEventSpec {
  drug: string;
  /** In the drug's declared unit. */
  dose: number;
  /** h, default 0. */
  at?: number;
  /** h, default never. */
  washout?: number;
  /** Decay half-life of the drug in medium, h (default: stable). */
  half_life?: number;
}

/** Settings of the population engine (cells in a well). */
export interface PopulationSpec {
  cells?: number;
  carrying_capacity?: number;
  variability?: Record<string, VariabilitySpec>;
  inheritance?: { correlation: number; source: string };
  schedule?: DoseEventSpec[];
}

export interface ScenarioSpec {
  name: string;
  description?: string;
  model?: string;
  extends?: string;
  parameters?: Record<string, ParameterOverride>;
  doses?: Record<string, number>;
  hours?: number;
  initial?: 'steady-state' | 'model';
  population?: PopulationSpec;
}
