/**
 * Hand-built test models for the deterministic engines (analytic Jacobians or rate gradients so that
 * conservation laws hold in J to rounding).
 */
import type { CompiledModel } from '../../../src/model/types.js';
import { handModel } from '../../support/hand-model.js';

/** y' = −k·y. */
export function decayModel(k: number, y0 = 1): CompiledModel {
  return handModel({
    name: 'decay',
    species: [{ name: 'Y', initialUM: y0, mode: 'continuous' }],
    parameters: { k },
    reactions: [{ id: 'deg', reactants: { Y: 1 }, rate: (y, p) => p[0]! * y[0]! }],
    jacobian: (_y, p, jac) => {
      jac[0] = -p[0]!;
    },
  });
}

/** A → B → ∅ with rate constants k1, k2 (Bateman chain). */
export function chainModel(k1: number, k2: number, a0 = 1): CompiledModel {
  return handModel({
    name: 'chain',
    species: [
      { name: 'A', initialUM: a0, mode: 'continuous' },
      { name: 'B', initialUM: 0, mode: 'continuous' },
    ],
    parameters: { k1, k2 },
    reactions: [
      { id: 'ab', reactants: { A: 1 }, products: { B: 1 }, rate: (y, p) => p[0]! * y[0]! },
      { id: 'b', reactants: { B: 1 }, rate: (y, p) => p[1]! * y[1]! },
    ],
    jacobian: (_y, p, jac) => {
      jac[0] = -p[0]!;
      jac[1] = 0;
      jac[2] = p[0]!;
      jac[3] = -p[1]!;
    },
  });
}

/** Robertson's chemical kinetics (Hairer & Wanner, Solving ODEs II, §IV.1, eq. 1.4). */
export function robertsonModel(): CompiledModel {
  return handModel({
    name: 'robertson',
    species: [
      { name: 'y1', initialUM: 1, mode: 'continuous' },
      { name: 'y2', initialUM: 0, mode: 'continuous' },
      { name: 'y3', initialUM: 0, mode: 'continuous' },
    ],
    parameters: { k1: 0.04, k2: 3e7, k3: 1e4 },
    reactions: [
      { id: 'r1', reactants: { y1: 1 }, products: { y2: 1 }, rate: (y, p) => p[0]! * y[0]! },
      { id: 'r2', reactants: { y2: 2 }, products: { y2: 1, y3: 1 }, rate: (y, p) => p[1]! * y[1]! * y[1]! },
      {
        id: 'r3',
        reactants: { y2: 1, y3: 1 },
        products: { y1: 1, y3: 1 },
        rate: (y, p) => p[2]! * y[1]! * y[2]!,
      },
    ],
    jacobian: (y, p, j) => {
      const [k1, k2, k3] = [p[0]!, p[1]!, p[2]!];
      j[0] = -k1;
      j[1] = k3 * y[2]!;
      j[2] = k3 * y[1]!;
      j[3] = k1;
      j[4] = -k3 * y[2]! - 2 * k2 * y[1]!;
      j[5] = -k3 * y[1]!;
      j[6] = 0;
      j[7] = 2 * k2 * y[1]!;
      j[8] = 0;
    },
  });
}

/** X ⇌ Y with nonlinear rates kf·X²/(K + X) and kb·Y²; X + Y is conserved. */
export function nonlinearCycleModel(): CompiledModel {
  return handModel({
    name: 'cycle',
    species: [
      { name: 'X', initialUM: 3, mode: 'continuous' },
      { name: 'Y', initialUM: 0.5, mode: 'continuous' },
    ],
    parameters: { kf: 5, K: 0.7, kb: 2 },
    reactions: [
      {
        id: 'f',
        reactants: { X: 1 },
        products: { Y: 1 },
        rate: (y, p) => (p[0]! * y[0]! * y[0]!) / (p[1]! + y[0]!),
        grad: (y, p, g) => {
          const x = y[0]!;
          const K = p[1]!;
          g[0] = (p[0]! * x * (2 * K + x)) / ((K + x) * (K + x));
          g[1] = 0;
        },
      },
      {
        id: 'b',
        reactants: { Y: 1 },
        products: { X: 1 },
        rate: (y, p) => p[2]! * y[1]! * y[1]!,
        grad: (y, p, g) => {
          g[0] = 0;
          g[1] = 2 * p[2]! * y[1]!;
        },
      },
    ],
  });
}

/** y' = y², y(0) = 1: blows up at t = 1. */
export function blowUpModel(): CompiledModel {
  return handModel({
    name: 'blowup',
    species: [{ name: 'Runaway', initialUM: 1, mode: 'continuous' }],
    reactions: [
      {
        id: 'auto',
        products: { Runaway: 1 },
        rate: (y) => y[0]! * y[0]!,
        dependsOn: ['Runaway'],
        grad: (y, _p, g) => {
          g[0] = 2 * y[0]!;
        },
      },
    ],
  });
}

/**
 * Fast reversible cycle A ⇌ B (fast) catalysed by slow S: A → B at kf·S·A, B → A at kb·B.
 * QSS: A = kb·T/(kf·S + kb), B = T − A with T = A + B.
 */
export function fastCycleModel(S = 2, A = 1, B = 3): CompiledModel {
  return handModel({
    name: 'fast-cycle',
    species: [
      { name: 'S', initialUM: S, mode: 'continuous' },
      { name: 'A', initialUM: A, mode: 'fast' },
      { name: 'B', initialUM: B, mode: 'fast' },
    ],
    parameters: { kf: 3e4, kb: 5e4 },
    reactions: [
      { id: 'ab', reactants: { A: 1 }, products: { B: 1 }, rate: (y, p) => p[0]! * y[0]! * y[1]!, dependsOn: ['S', 'A'] },
      { id: 'ba', reactants: { B: 1 }, products: { A: 1 }, rate: (y, p) => p[1]! * y[2]! },
    ],
  });
}

/**
 * A thioredoxin-like fast redox block under fixed slow inputs P (H2O2 source) and E (reductase):
 * ∅ → H at kp·P; H + R → O at k1·H·R; O → R at kcat·E·O/(Km + O); H → ∅ at k2·H. R + O is conserved.
 */
export function fastRedoxModel(init: { H?: number; R?: number; O?: number } = {}): CompiledModel {
  return handModel({
    name: 'fast-redox',
    species: [
      { name: 'P', initialUM: 1.5, mode: 'continuous' },
      { name: 'E', initialUM: 0.8, mode: 'continuous' },
      { name: 'H', initialUM: init.H ?? 0.01, mode: 'fast' },
      { name: 'R', initialUM: init.R ?? 6, mode: 'fast' },
      { name: 'O', initialUM: init.O ?? 4, mode: 'fast' },
    ],
    parameters: { kp: 2e3, k1: 2e4, kcat: 3e3, Km: 2, k2: 5e4 },
    reactions: [
      { id: 'prod', products: { H: 1 }, rate: (y, p) => p[0]! * y[0]!, dependsOn: ['P'] },
      { id: 'ox', reactants: { H: 1, R: 1 }, products: { O: 1 }, rate: (y, p) => p[1]! * y[2]! * y[3]! },
      {
        id: 'red',
        reactants: { O: 1 },
        products: { R: 1 },
        rate: (y, p) => (p[2]! * y[1]! * y[4]!) / (p[3]! + y[4]!),
        dependsOn: ['E', 'O'],
      },
      { id: 'deg', reactants: { H: 1 }, rate: (y, p) => p[4]! * y[2]! },
    ],
  });
}

/**
 * Slow Nrf2-like N and reductase E coupled to a fast H/R/O redox block. `speed` multiplies every fast
 * rate constant: the fast/slow time-scale ratio is ≈ 1e4 at speed 1.
 *   ∅ → N at sN;  N → ∅ at dN·N/(1 + H/KH)  (H stabilises N);  ∅ → E at kE·N;  E → ∅ at dE·E
 *   ∅ → H at kp;  H → ∅ at k2·H;  H + R → O at k1·H·R;  O → R at kcat·E·O/(Km + O)
 */
export function coupledModel(speed = 1): CompiledModel {
  return handModel({
    name: 'coupled',
    species: [
      { name: 'N', initialUM: 0.2, mode: 'continuous' },
      { name: 'E', initialUM: 0.5, mode: 'continuous' },
      { name: 'H', initialUM: 0, mode: 'fast' },
      { name: 'R', initialUM: 10, mode: 'fast' },
      { name: 'O', initialUM: 0, mode: 'fast' },
    ],
    parameters: {
      sN: 0.5,
      dN: 0.5,
      KH: 0.004,
      kE: 0.2,
      dE: 0.1,
      kp: 1e3 * speed,
      k2: 1e5 * speed,
      k1: 1e4 * speed,
      kcat: 2e4 * speed,
      Km: 1,
    },
    reactions: [
      { id: 'n_syn', products: { N: 1 }, rate: (_y, p) => p[0]! },
      {
        id: 'n_deg',
        reactants: { N: 1 },
        rate: (y, p) => (p[1]! * y[0]!) / (1 + y[2]! / p[2]!),
        dependsOn: ['N', 'H'],
      },
      { id: 'e_syn', products: { E: 1 }, rate: (y, p) => p[3]! * y[0]!, dependsOn: ['N'] },
      { id: 'e_deg', reactants: { E: 1 }, rate: (y, p) => p[4]! * y[1]! },
      { id: 'h_prod', products: { H: 1 }, rate: (_y, p) => p[5]! },
      { id: 'h_deg', reactants: { H: 1 }, rate: (y, p) => p[6]! * y[2]! },
      { id: 'ox', reactants: { H: 1, R: 1 }, products: { O: 1 }, rate: (y, p) => p[7]! * y[2]! * y[3]! },
      {
        id: 'red',
        reactants: { O: 1 },
        products: { R: 1 },
        rate: (y, p) => (p[8]! * y[1]! * y[4]!) / (p[9]! + y[4]!),
        dependsOn: ['E', 'O'],
      },
    ],
  });
}
