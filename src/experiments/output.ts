/**
 * The JSON document of an experiment (what `nrf2sim assay --json` prints and `--out` writes as
 * summary.json): the experiment's description, the assay's summary keys at the top level (e.g.
 * `lines` for a dose–response: { "<line>": { ic50, ci95, hill, r2, … } }), the simulated wells, and
 * the uniform measurement table. Non-finite numbers become null (JSON has no NaN).
 */
import type { ExperimentResult } from './types.js';

export function experimentDocument(result: ExperimentResult): Record<string, unknown> {
  return {
    experiment: result.experiment,
    ...result.summary,
    wells: result.wells,
    measurements: result.measurements,
  };
}

/** JSON text of the document: one line, or indented with `indent`. Deterministic for a given result. */
export function experimentJson(result: ExperimentResult, indent?: number): string {
  return JSON.stringify(experimentDocument(result), (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), indent);
}
