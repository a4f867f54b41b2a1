/**
 * Adapter from the population engine to the assays: a recorded snapshot of a well as the
 * engine-independent {@link CellSample} that src/assays reads (stage codes are the same: 0 viable,
 * 1 early apoptotic, 2 late apoptotic, 3 necrotic; debris is never in a snapshot).
 */
import type { CellSample } from '../../assays/types.js';
import type { CompiledModel } from '../../model/types.js';
import type { WellResult } from './types.js';

/**
 * The cells of snapshot `index` of a well. `expansion` is the well's intact cells at that time over the
 * cells seeded, so well-level assays (CCK-8) scale with the culture, not with how many cells were
 * recorded.
 */
export function cellSampleFromSnapshot(model: CompiledModel, result: WellResult, index: number): CellSample {
  const snap = result.snapshots[index];
  if (!snap) throw new RangeError(`well '${result.label}' has no snapshot ${index} (it has ${result.snapshots.length})`);
  const nS = model.nSpecies;
  const speciesUM: Record<string, Float64Array> = {};
  model.species.forEach((s, i) => {
    const a = new Float64Array(snap.cells);
    for (let c = 0; c < snap.cells; c++) a[c] = snap.states[c * nS + i]!;
    speciesUM[s.name] = a;
  });
  return {
    count: snap.cells,
    stage: Uint8Array.from(snap.stage),
    speciesUM,
    cellVolumePL: model.cellVolumeL * 1e12,
    expansion: snap.intact / result.seededCells,
  };
}
