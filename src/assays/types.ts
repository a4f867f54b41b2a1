/**
 * What an assay reads from the simulation: a {@link CellSample} — the cells of one well, flask or
 * tube at one moment. Assays are pure functions of samples + settings + an explicit Rng, so they do
 * not depend on which engine (ODE, SSA, agent-based population) produced the cells; an adapter
 * outside src/assays builds samples from the engine's state.
 */

/** Death stage of one cell, in the Annexin V / PI convention. */
export const DeathStage = {
  /** Annexin V− PI−. */
  Viable: 0,
  /** Annexin V+ PI− (phosphatidylserine exposed, membrane intact). */
  EarlyApoptotic: 1,
  /** Annexin V+ PI+ (secondary necrosis after apoptosis). */
  LateApoptotic: 2,
  /** Annexin V− PI+ (primary necrosis, the convention of the Annexin V/PI quadrant plot). */
  Necrotic: 3,
} as const;
export type DeathStage = (typeof DeathStage)[keyof typeof DeathStage];

/** Stage names in code order, for tables. */
export const DEATH_STAGE_NAMES = ['viable', 'early_apoptotic', 'late_apoptotic', 'necrotic'] as const;
export type DeathStageName = (typeof DEATH_STAGE_NAMES)[number];

/**
 * The simulated cells of one sample at one time (struct of arrays, one row per simulated cell).
 * Lysed cells are not in the sample (they are not seen by flow cytometry and carry no activity).
 */
export interface CellSample {
  /** Number of simulated cells (rows). */
  readonly count: number;
  /** Death stage per cell ({@link DeathStage} codes), length `count`. */
  readonly stage: Uint8Array;
  /** Concentration of each model species per cell, µM, keyed by species name; each length `count`. */
  readonly speciesUM: Readonly<Record<string, Float64Array>>;
  /** Volume of a reference cell, pL (the model's cell volume; K562 ≈ 1.4 pL). Converts µM to molecules. */
  readonly cellVolumePL: number;
  /** Per-cell volume relative to the reference cell (1 = reference); omitted means all 1. */
  readonly relativeVolume?: Float64Array;
  /**
   * The culture's fold expansion since seeding: (cells now, lysed excluded) / (cells seeded);
   * 1 at seeding. Independent of how many cells are simulated. Well-level
   * assays (CCK-8) multiply the seeded cell number by it; omitted means 1.
   */
  readonly expansion?: number;
}

/** Avogadro's number, 1/mol (CODATA 2018, exact). */
export const AVOGADRO = 6.02214076e23;

/** Molecules per cell of a species at `concUM` in a cell of `volumePL`: µM × 1e-6 mol/L × pL × 1e-12 L × N_A. */
export function moleculesPerCell(concUM: number, volumePL: number): number {
  return concUM * 1e-6 * volumePL * 1e-12 * AVOGADRO;
}

/** Check a sample's arrays agree in length and its stage codes are valid (throws RangeError naming the field). */
export function checkCellSample(sample: CellSample, label = 'sample'): void {
  const n = sample.count;
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`${label}.count must be a non-negative integer, got ${n}`);
  if (sample.stage.length !== n) throw new RangeError(`${label}.stage has length ${sample.stage.length}, expected ${n}`);
  for (let i = 0; i < n; i++) if (sample.stage[i]! > 3) throw new RangeError(`${label}.stage[${i}] = ${sample.stage[i]} is not a death stage (0–3)`);
  for (const [name, arr] of Object.entries(sample.speciesUM)) {
    if (arr.length !== n) throw new RangeError(`${label}.speciesUM.${name} has length ${arr.length}, expected ${n}`);
  }
  if (sample.relativeVolume && sample.relativeVolume.length !== n) {
    throw new RangeError(`${label}.relativeVolume has length ${sample.relativeVolume.length}, expected ${n}`);
  }
  if (!(sample.cellVolumePL > 0)) throw new RangeError(`${label}.cellVolumePL must be > 0, got ${sample.cellVolumePL}`);
  if (sample.expansion !== undefined && !(sample.expansion >= 0)) throw new RangeError(`${label}.expansion must be >= 0, got ${sample.expansion}`);
}

/** The per-cell array of a species, or a RangeError naming the species and what the sample has. */
export function speciesOf(sample: CellSample, species: string): Float64Array {
  const arr = sample.speciesUM[species];
  if (!arr) {
    throw new RangeError(`sample has no species '${species}' (it has: ${Object.keys(sample.speciesUM).join(', ') || 'none'})`);
  }
  return arr;
}

/** Fraction of cells in each death stage, [viable, early, late, necrotic]. */
export function stageFractions(sample: CellSample): [number, number, number, number] {
  const c = [0, 0, 0, 0];
  for (let i = 0; i < sample.count; i++) c[sample.stage[i]!]!++;
  const n = Math.max(sample.count, 1);
  return [c[0]! / n, c[1]! / n, c[2]! / n, c[3]! / n];
}
