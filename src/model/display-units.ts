import { AMOUNT, parseUnit, sameDims } from '../core/units.js';
import type { CompiledModel } from './types.js';

/** Factors converting each species from internal µM to the unit its file declared (molecules, nM, …). */
export function displayFactors(model: CompiledModel): Float64Array {
  return Float64Array.from(
    model.species.map((s) => {
      const u = parseUnit(s.unit);
      return sameDims(u.dims, AMOUNT) ? model.cellVolumeL / u.factor : 1 / u.factor;
    }),
  );
}
