/**
 * Synthetic CellSamples with known composition, for assay tests (no engine involved).
 */
import { makeRng } from '../../src/core/rng.js';
import { sampleLogNormal } from '../../src/assays/noise.js';
import type { CellSample } from '../../src/assays/types.js';

export interface SyntheticSpec {
  readonly count: number;
  /** Exact stage fractions [viable, early, late, necrotic]; counts are rounded, the rest viable. */
  readonly stageFractions?: readonly [number, number, number, number];
  /** Log-normal species: name → [median µM, σ of ln]. */
  readonly logNormal?: Readonly<Record<string, readonly [number, number]>>;
  /** Constant species: name → µM. */
  readonly constant?: Readonly<Record<string, number>>;
  readonly relativeVolumeSigma?: number;
  readonly expansion?: number;
  readonly cellVolumePL?: number;
  readonly seed: string;
}

export function syntheticSample(spec: SyntheticSpec): CellSample {
  const rng = makeRng(spec.seed);
  const n = spec.count;
  const stage = new Uint8Array(n);
  const f = spec.stageFractions ?? [1, 0, 0, 0];
  let k = 0;
  for (let s = 1; s <= 3; s++) {
    const m = Math.round(f[s]! * n);
    for (let j = 0; j < m; j++) stage[k++] = s;
  }
  const speciesUM: Record<string, Float64Array> = {};
  for (const [name, [median, sigma]] of Object.entries(spec.logNormal ?? {})) {
    speciesUM[name] = Float64Array.from({ length: n }, () => sampleLogNormal(rng, median, sigma));
  }
  for (const [name, v] of Object.entries(spec.constant ?? {})) speciesUM[name] = new Float64Array(n).fill(v);
  const sample: CellSample = {
    count: n,
    stage,
    speciesUM,
    cellVolumePL: spec.cellVolumePL ?? 1.4,
    ...(spec.relativeVolumeSigma ? { relativeVolume: Float64Array.from({ length: n }, () => sampleLogNormal(rng, 1, spec.relativeVolumeSigma!)) } : {}),
    ...(spec.expansion !== undefined ? { expansion: spec.expansion } : {}),
  };
  return sample;
}

/** µM of a species that gives `copies` molecules per reference cell of `volumePL`. */
export function uMForCopies(copies: number, volumePL = 1.4): number {
  return copies / (1e-6 * volumePL * 1e-12 * 6.02214076e23);
}
