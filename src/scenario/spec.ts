/** A scenario file as data: a cell line (or condition) as an overlay on a model. */
export interface ParameterOverride {
  value?: number;
  unit?: string;
  scale?: number;
  source: string;
  why?: string;
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
}
