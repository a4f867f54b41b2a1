/**
 * Morris elementary effects screening (Morris 1991, Technometrics 33:161) with the μ* measure of
 * Campolongo, Cariboni & Saltelli (2007, Environ Model Softw 22:1509).
 *
 * Design: r random one-at-a-time trajectories on a p-level grid of the unit hypercube, step
 * Δ = p / (2(p − 1)). Each trajectory starts from a random grid point x* with every coordinate in
 * {0, 1/(p−1), …, 1 − Δ}, takes the factors in a random order and moves each once by +Δ or −Δ (random
 * direction; a −Δ move starts that coordinate at x*ᵢ + Δ) — Morris's B* = (J x* + Δ/2((2B − J)D* + J))P*.
 * k + 1 model runs per trajectory.
 *
 * Elementary effect of factor i: EEᵢ = (y(after) − y(before)) / (uᵢ(after) − uᵢ(before)), in unit-cube
 * coordinates (as SALib reports them): for y linear in a linearly scaled factor, EEᵢ = coefficient ×
 * (upper − lower). Measures over the r effects: μ (mean), μ* (mean |EE|), σ (SD, n − 1), with a
 * percentile-bootstrap CI of μ*. Runs whose output is NaN drop the effects they touch.
 */
import type { Rng } from '../../core/rng.js';
import { percentileBootstrap } from './bootstrap.js';
import { checkFactors, toParams, type Factor } from './factors.js';

export interface MorrisDesign {
  readonly method: 'morris';
  readonly factors: readonly Factor[];
  readonly trajectories: number;
  readonly levels: number;
  readonly delta: number;
  /** (k + 1)·r unit-cube points, trajectory after trajectory. */
  readonly unit: readonly Float64Array[];
  /** The same points as parameter values. */
  readonly points: readonly Record<string, number>[];
}

export function morrisDesign(factors: readonly Factor[], trajectories: number, rng: Rng, levels = 4): MorrisDesign {
  checkFactors(factors);
  if (!Number.isInteger(trajectories) || trajectories < 2) throw new RangeError(`morris: trajectories must be an integer >= 2, got ${trajectories}`);
  if (!Number.isInteger(levels) || levels < 2 || levels % 2 !== 0) throw new RangeError(`morris: levels must be an even integer >= 2, got ${levels}`);
  const k = factors.length;
  const delta = levels / (2 * (levels - 1));
  const baseLevels = levels / 2; // grid values 0 … 1 − Δ: indices 0 … p/2 − 1
  const unit: Float64Array[] = [];
  for (let t = 0; t < trajectories; t++) {
    const x = new Float64Array(k);
    const dir = new Int8Array(k);
    for (let i = 0; i < k; i++) {
      const base = Math.floor(rng.next() * baseLevels) / (levels - 1);
      dir[i] = rng.next() < 0.5 ? 1 : -1;
      x[i] = dir[i] === 1 ? base : base + delta;
    }
    const order = Array.from({ length: k }, (_, i) => i);
    for (let i = k - 1; i > 0; i--) {
      const j = Math.floor(rng.next() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    unit.push(Float64Array.from(x));
    for (const i of order) {
      x[i] = x[i]! + dir[i]! * delta;
      unit.push(Float64Array.from(x));
    }
  }
  // guard against rounding: grid values stay in [0, 1]
  for (const u of unit) for (let i = 0; i < k; i++) u[i] = Math.min(1, Math.max(0, u[i]!));
  return { method: 'morris', factors, trajectories, levels, delta, unit, points: unit.map((u) => toParams(factors, u)) };
}

export interface MorrisIndex {
  readonly name: string;
  readonly mu: number;
  readonly muStar: number;
  readonly sigma: number;
  readonly muStarCi95: readonly [number, number];
  /** Elementary effects used (r minus those touching a NaN output). */
  readonly effects: number;
}

export function morrisIndices(design: MorrisDesign, outputs: readonly number[], rng: Rng, bootstrap = 1000): MorrisIndex[] {
  const k = design.factors.length;
  if (outputs.length !== design.unit.length) throw new RangeError(`morris: ${outputs.length} outputs for ${design.unit.length} design points`);
  const ee: number[][] = design.factors.map(() => []);
  for (let t = 0; t < design.trajectories; t++) {
    const off = t * (k + 1);
    for (let s = 0; s < k; s++) {
      const before = design.unit[off + s]!;
      const after = design.unit[off + s + 1]!;
      let i = 0;
      while (i < k && after[i] === before[i]) i++;
      const y0 = outputs[off + s]!;
      const y1 = outputs[off + s + 1]!;
      if (i < k && Number.isFinite(y0) && Number.isFinite(y1)) ee[i]!.push((y1 - y0) / (after[i]! - before[i]!));
    }
  }
  return design.factors.map((f, i) => {
    const e = ee[i]!;
    const n = e.length;
    const mu = e.reduce((s, v) => s + v, 0) / n;
    const muStar = e.reduce((s, v) => s + Math.abs(v), 0) / n;
    const sigma = n > 1 ? Math.sqrt(e.reduce((s, v) => s + (v - mu) ** 2, 0) / (n - 1)) : NaN;
    const ci = percentileBootstrap(n, (idx) => {
      let s = 0;
      for (let j = 0; j < idx.length; j++) s += Math.abs(e[idx[j]!]!);
      return s / idx.length;
    }, rng, bootstrap);
    return { name: f.name, mu, muStar, sigma, muStarCi95: [ci.lo, ci.hi] as const, effects: n };
  });
}
