/**
 * Adapter from the population engine to the assays: a recorded {@link Snapshot} of a well becomes the
 * engine-independent {@link CellSample} that src/assays reads.
 *
 * - `speciesUM[name]`: the snapshot's row-major cells × species states, transposed to one column per
 *   species (µM, the engine's internal unit for every species).
 * - `stage`: copied (the engine's codes are the assays' Annexin V/PI codes: 0 viable, 1 early, 2 late
 *   apoptotic, 3 necrotic; debris is never in a snapshot).
 * - `cellVolumePL`: the model's cell volume (L → pL).
 * - `expansion`: intact cells of the well at that time (viable + early + late + necrotic, recorded or
 *   not) over the cells seeded, so well-level assays (CCK-8) scale with the culture and not with how
 *   many cells a snapshot keeps.
 */
import type { CellSample } from '../assays/types.js';
import type { CompiledModel } from '../model/types.js';
import type { Snapshot, WellResult } from '../solve/population/types.js';

/** What the adapter needs of a compiled model. */
export type ModelShape = Pick<CompiledModel, 'species' | 'nSpecies' | 'cellVolumeL'>;

/**
 * The cells of one snapshot as a CellSample. `intactCells` defaults to the snapshot's own count of
 * intact cells; `seededCells` is the well's viable cells at t = 0.
 */
export function snapshotToCellSample(model: ModelShape, snapshot: Snapshot, seededCells: number, intactCells: number = snapshot.intact): CellSample {
  const nS = model.nSpecies;
  const n = snapshot.cells;
  if (snapshot.states.length !== n * nS) {
    throw new RangeError(`snapshot at ${snapshot.timeH} h has ${snapshot.states.length} state values; expected ${n} cells × ${nS} species`);
  }
  if (!(seededCells > 0)) throw new RangeError(`seededCells must be > 0, got ${seededCells}`);
  const speciesUM: Record<string, Float64Array> = {};
  model.species.forEach((s, i) => {
    const col = new Float64Array(n);
    for (let c = 0; c < n; c++) col[c] = snapshot.states[c * nS + i]!;
    speciesUM[s.name] = col;
  });
  return {
    count: n,
    stage: Uint8Array.from(snapshot.stage),
    speciesUM,
    cellVolumePL: model.cellVolumeL * 1e12,
    expansion: intactCells / seededCells,
  };
}

/** Intact cells (viable + early + late + necrotic) of a well at a recorded save time, or undefined when `timeH` is not one. */
export function intactCellsAt(result: WellResult, timeH: number): number | undefined {
  const k = result.timesH.findIndex((t) => Math.abs(t - timeH) <= 1e-9);
  if (k < 0) return undefined;
  const c = result.counts;
  return c.viable[k]! + c.earlyApoptotic[k]! + c.lateApoptotic[k]! + c.necrotic[k]!;
}

/**
 * The cells of a well at `timeH` (which must be one of the job's snapshot times). The expansion uses
 * the well's stage counts at that time when it is a save time, else the snapshot's intact count (the
 * two agree whenever both exist).
 */
export function wellSampleAt(model: ModelShape, result: WellResult, timeH: number): CellSample {
  const snap = result.snapshots.find((s) => Math.abs(s.timeH - timeH) <= 1e-9);
  if (!snap) {
    throw new RangeError(`well '${result.label}' has no snapshot at ${timeH} h (it has: ${result.snapshots.map((s) => s.timeH).join(', ') || 'none'})`);
  }
  return snapshotToCellSample(model, snap, result.seededCells, intactCellsAt(result, timeH) ?? snap.intact);
}
