/** Small hand-built models for the stochastic-engine tests (1 fL cell: Ω ≈ 602.2 molecules/µM). */
import { moleculesPerUM } from '../../../src/model/types.js';
import type { CompiledModel } from '../../../src/model/types.js';
import { handModel } from '../../support/hand-model.js';

export const VOLUME_L = 1e-15;
export const OMEGA = moleculesPerUM(VOLUME_L);

/** Molecules → µM in the test volume. */
export const um = (molecules: number): number => molecules / OMEGA;

/** Count of species `i` at save row `k` (states are µM). */
export function countAt(states: Float64Array, nSpecies: number, k: number, i: number): number {
  return Math.round(states[k * nSpecies + i]! * OMEGA);
}

/** ∅ → X at k (µM/h), X → ∅ at γ·[X] (mass action). Stationary law Poisson(kΩ/γ). */
export function birthDeath(kMolPerH: number, gammaPerH: number, x0Molecules: number): CompiledModel {
  return handModel({
    name: 'birth-death',
    species: [{ name: 'X', initialUM: um(x0Molecules) }],
    parameters: { k: um(kMolPerH), gamma: gammaPerH },
    reactions: [
      { id: 'birth', products: { X: 1 }, rate: (_y, p) => p[0]!, dependsOn: [], massAction: true },
      { id: 'death', reactants: { X: 1 }, rate: (y, p) => p[1]! * y[0]!, massAction: true },
    ],
    cellVolumeL: VOLUME_L,
  });
}

/** ∅ → A (k0), A → B (k1[A]), B → C (k2[B]): linear, so ensemble means follow the ODE exactly. */
export function linearChain(k0Mol: number, k1: number, k2: number, a0Mol: number): CompiledModel {
  return handModel({
    name: 'linear-chain',
    species: [
      { name: 'A', initialUM: um(a0Mol) },
      { name: 'B', initialUM: 0 },
      { name: 'C', initialUM: 0 },
    ],
    parameters: { k0: um(k0Mol), k1, k2 },
    reactions: [
      { id: 'make_A', products: { A: 1 }, rate: (_y, p) => p[0]!, dependsOn: [], massAction: true },
      { id: 'A_to_B', reactants: { A: 1 }, products: { B: 1 }, rate: (y, p) => p[1]! * y[0]!, massAction: true },
      { id: 'B_to_C', reactants: { B: 1 }, products: { C: 1 }, rate: (y, p) => p[2]! * y[1]!, massAction: true },
    ],
    cellVolumeL: VOLUME_L,
  });
}

/** Analytic means (molecules) of {@link linearChain} from A(0) = a0, B(0) = C(0) = 0. */
export function linearChainMean(k0: number, k1: number, k2: number, a0: number, t: number): [number, number, number] {
  const aBar = k0 / k1;
  const alpha = a0 - aBar;
  const beta = (k1 * alpha) / (k2 - k1);
  const gam = -k0 / k2 - beta;
  const A = aBar + alpha * Math.exp(-k1 * t);
  const B = k0 / k2 + beta * Math.exp(-k1 * t) + gam * Math.exp(-k2 * t);
  const C = k0 * t + (k2 * beta * (1 - Math.exp(-k1 * t))) / k1 + gam * (1 - Math.exp(-k2 * t));
  return [A, B, C];
}

/**
 * 2X → D at k[X]² (mass action) and D → 2X at kr[D]: with N = X + 2D conserved, the stationary law of
 * D under the combinatorial convention is π(D+1)/π(D) = (k/Ω)(N−2D)(N−2D−1)/(kr(D+1)).
 */
export function reversibleDimerisation(kPerUMh: number, kr: number, x0Mol: number): CompiledModel {
  return handModel({
    name: 'dimerisation',
    species: [
      { name: 'X', initialUM: um(x0Mol) },
      { name: 'D', initialUM: 0 },
    ],
    parameters: { k: kPerUMh, kr },
    reactions: [
      { id: 'dimerise', reactants: { X: 2 }, products: { D: 1 }, rate: (y, p) => p[0]! * y[0]! * y[0]!, massAction: true },
      { id: 'split', reactants: { D: 1 }, products: { X: 2 }, rate: (y, p) => p[1]! * y[1]!, massAction: true },
    ],
    cellVolumeL: VOLUME_L,
  });
}

/** Exact stationary mean of X for {@link reversibleDimerisation} (or with the X² convention). */
export function dimerStationaryMeanX(n: number, kPerUMh: number, kr: number, convention: 'falling' | 'square'): number {
  const logp = [0];
  for (let d = 0; d < Math.floor(n / 2); d++) {
    const x = n - 2 * d;
    const f = convention === 'falling' ? x * (x - 1) : x * x;
    logp.push(logp[d]! + Math.log(((kPerUMh / OMEGA) * f) / (kr * (d + 1))));
  }
  const mx = Math.max(...logp);
  let z = 0;
  let ex = 0;
  logp.forEach((l, d) => {
    const w = Math.exp(l - mx);
    z += w;
    ex += w * (n - 2 * d);
  });
  return ex / z;
}

/** ∅ → X (production, molecules/h) and 2X → ∅ at k[X]² (mass action): nonlinear, for tau vs SSA. */
export function productionDimerisation(prodMol: number, kPerUMh: number, x0Mol: number): CompiledModel {
  return handModel({
    name: 'production-dimerisation',
    species: [
      { name: 'X', initialUM: um(x0Mol) },
      { name: 'D', initialUM: 0 },
    ],
    parameters: { prod: um(prodMol), k: kPerUMh },
    reactions: [
      { id: 'make_X', products: { X: 1 }, rate: (_y, p) => p[0]!, dependsOn: [], massAction: true },
      { id: 'dimerise', reactants: { X: 2 }, products: { D: 1 }, rate: (y, p) => p[1]! * y[0]! * y[0]!, massAction: true },
    ],
    cellVolumeL: VOLUME_L,
  });
}
