import { describe, expect, it } from 'vitest';
import { makeProblem } from '../../../src/solve/problem.js';
import { solveSsaDirect } from '../../../src/solve/ssa/direct.js';
import { buildPartition } from '../../../src/solve/stochastic/partition.js';
import { combinatorialFactor, propensity } from '../../../src/solve/stochastic/propensity.js';
import { handModel } from '../../support/hand-model.js';
import {
  OMEGA,
  VOLUME_L,
  birthDeath,
  countAt,
  dimerStationaryMeanX,
  linearChain,
  linearChainMean,
  reversibleDimerisation,
  um,
} from './models.js';

const SSA = { method: 'ssa-direct', seed: 1 } as const;

function sameBits(a: Float64Array, b: Float64Array): boolean {
  return a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

describe('SSA direct: birth–death stationary law', () => {
  it('time-averaged mean and variance are within 3% of the Poisson value k/γ = 50', () => {
    // γ = 1/h, mean 50 molecules. Time averages over T = 40 000 h (samples every 0.25 h after 20 h burn-in).
    // For an exponentially correlated process (correlation time 1/γ) the relative SE of the time-averaged
    // variance is ≈ √(2/(γT)) = 0.71 %, of the mean (1/√50)·√(2/(γT)) = 0.1 %: 3 % is > 4 SE for both.
    const T = 40_000;
    const prob = makeProblem({ model: birthDeath(50, 1, 50), tspanH: [0, T], nSave: T * 4 + 1 });
    const sol = solveSsaDirect(prob, { ...SSA, seed: 'birth-death' });
    expect(sol.retcode).toBe('Success');
    let s = 0;
    let s2 = 0;
    let n = 0;
    let nonInteger = 0;
    for (let k = 80; k < sol.timesH.length; k++) {
      const xm = sol.states[k]! * OMEGA;
      if (Math.abs(xm - Math.round(xm)) > 1e-9) nonInteger++; // reported µM = count/Ω exactly
      s += xm;
      s2 += xm * xm;
      n++;
    }
    const mean = s / n;
    const variance = s2 / n - mean * mean;
    expect(nonInteger).toBe(0);
    expect(Math.abs(mean / 50 - 1)).toBeLessThan(0.03);
    expect(Math.abs(variance / 50 - 1)).toBeLessThan(0.03);
    // ≈ 2·50 events per hour.
    expect(sol.stats.events).toBeGreaterThan(0.97 * 100 * T);
    expect(sol.stats.events).toBeLessThan(1.03 * 100 * T);
    expect(sol.stats.leaps).toBe(0);
  });
});

describe('SSA direct: ensemble mean vs exact ODE on a linear network', () => {
  it('A, B, C means within 2% of the analytic solution at t = 1, 2, 4, 8 h (1000 runs)', () => {
    // ∅ → A (100/h), A → B (1/h), B → C (0.5/h), A(0) = 300. Means follow the ODE exactly (linear
    // propensities). Counts are ≥ 150 molecules at these times with sd ≤ √mean (Poisson-like), so
    // SE of a 1000-run mean is ≤ 0.26 % (C: ≤ 0.3 %): 2 % is > 6 SE.
    const [k0, k1, k2, a0] = [100, 1, 0.5, 300];
    const times = Float64Array.of(0, 1, 2, 4, 8);
    const prob = makeProblem({ model: linearChain(k0, k1, k2, a0), tspanH: [0, 8], saveTimesH: times });
    const runs = 1000;
    const sums = new Float64Array(times.length * 3);
    for (let r = 0; r < runs; r++) {
      const sol = solveSsaDirect(prob, { ...SSA, seed: `chain-${r}` });
      for (let k = 0; k < times.length; k++) for (let i = 0; i < 3; i++) sums[k * 3 + i]! += sol.states[k * 3 + i]! * OMEGA;
    }
    for (let k = 1; k < times.length; k++) {
      const exact = linearChainMean(k0, k1, k2, a0, times[k]!);
      for (let i = 0; i < 3; i++) {
        const m = sums[k * 3 + i]! / runs;
        expect(Math.abs(m / exact[i]! - 1), `species ${i} at t=${times[k]}: ${m} vs ${exact[i]}`).toBeLessThan(0.02);
      }
    }
    // t = 0 is the initial state exactly.
    expect(sums[0]! / runs).toBeCloseTo(a0, 9);
  });
});

describe('mass-action combinatorial convention', () => {
  it('propensity of 2X → ∅ with ODE rate k[X]² is (k/Ω)·X(X−1); A + B → is (k/Ω)·A·B; 3X → is (k/Ω²)X(X−1)(X−2)', () => {
    const m = handModel({
      species: [{ name: 'X', initialUM: 0 }, { name: 'A', initialUM: 0 }, { name: 'B', initialUM: 0 }],
      parameters: { k: 0.7 },
      reactions: [
        { id: 'annihilate', reactants: { X: 2 }, rate: (y, p) => p[0]! * y[0]! ** 2, massAction: true },
        { id: 'bind', reactants: { A: 1, B: 1 }, rate: (y, p) => p[0]! * y[1]! * y[2]!, massAction: true },
        { id: 'triple', reactants: { X: 3 }, rate: (y, p) => p[0]! * y[0]! ** 3, massAction: true },
        // Same law, not flagged mass action: no correction.
        { id: 'annihilate_plain', reactants: { X: 2 }, rate: (y, p) => p[0]! * y[0]! ** 2 },
      ],
      cellVolumeL: VOLUME_L,
    });
    const part = buildPartition(m, VOLUME_L);
    const x = Float64Array.of(10, 7, 3);
    const y = x.map((v) => v / OMEGA);
    const p = Float64Array.of(0.7);
    const k = 0.7;
    const rel = (a: number, b: number): number => Math.abs(a / b - 1);
    expect(rel(propensity(part, 0, x, y, p), (k / OMEGA) * 10 * 9)).toBeLessThan(1e-13);
    expect(rel(propensity(part, 1, x, y, p), (k / OMEGA) * 7 * 3)).toBeLessThan(1e-13);
    expect(rel(propensity(part, 2, x, y, p), (k / OMEGA ** 2) * 10 * 9 * 8)).toBeLessThan(1e-13);
    expect(rel(propensity(part, 3, x, y, p), (k / OMEGA) * 10 * 10)).toBeLessThan(1e-13);
    expect(combinatorialFactor(part, 0, x)).toBeCloseTo(0.9, 15);
    // One molecule cannot dimerise; the availability guard also zeroes non-mass-action laws.
    const one = Float64Array.of(1, 0, 0);
    const yOne = one.map((v) => v / OMEGA);
    expect(propensity(part, 0, one, yOne, p)).toBe(0);
    expect(propensity(part, 3, one, yOne, p)).toBe(0);
  });

  it('reversible dimerisation 2X ⇌ D: SSA stationary mean of X matches the exact falling-factorial law', () => {
    // N = 10 molecules, k/(Ω kr) = 0.1: exact E[X] = 5.114 under X(X−1), 4.759 (−7 %) under X².
    // Time average over 20 000 h (relaxation ≈ 0.2 h, sd/mean 0.36): relative SE ≈ 0.1 %, tolerance 1.5 %.
    const kr = 1;
    const k = 0.1 * OMEGA * kr;
    const exact = dimerStationaryMeanX(10, k, kr, 'falling');
    const wrong = dimerStationaryMeanX(10, k, kr, 'square');
    expect(Math.abs(wrong / exact - 1)).toBeGreaterThan(0.06);
    const T = 20_000;
    const prob = makeProblem({ model: reversibleDimerisation(k, kr, 10), tspanH: [0, T], nSave: T * 10 + 1 });
    const sol = solveSsaDirect(prob, { ...SSA, seed: 'dimer' });
    let s = 0;
    let n = 0;
    let violations = 0;
    for (let r = 100; r < sol.timesH.length; r++) {
      const xm = countAt(sol.states, 2, r, 0);
      if (xm + 2 * countAt(sol.states, 2, r, 1) !== 10) violations++; // conservation X + 2D = N
      s += xm;
      n++;
    }
    expect(violations).toBe(0);
    expect(Math.abs(s / n / exact - 1)).toBeLessThan(0.015);
  });
});

describe('SSA direct: reproducibility, output and failures', () => {
  const prob = makeProblem({ model: birthDeath(50, 1, 10), tspanH: [0, 20], nSave: 201 });

  it('same seed → bit-identical states; different seeds differ', () => {
    const a = solveSsaDirect(prob, { ...SSA, seed: 42 });
    const b = solveSsaDirect(prob, { ...SSA, seed: 42 });
    const c = solveSsaDirect(prob, { ...SSA, seed: 43 });
    expect(sameBits(a.states, b.states)).toBe(true);
    expect(a.stats).toEqual(b.stats);
    expect(sameBits(a.states, c.states)).toBe(false);
  });

  it('reports at the save times, starting from the rounded initial state', () => {
    const p2 = makeProblem({ model: birthDeath(50, 1, 0), u0: Float64Array.of(um(10.4)), tspanH: [0, 5], saveTimesH: Float64Array.of(0, 0.5, 5) });
    const sol = solveSsaDirect(p2, SSA);
    expect(Array.from(sol.timesH)).toEqual([0, 0.5, 5]);
    expect(sol.states.length).toBe(3);
    expect(sol.states[0]).toBe(10 / OMEGA);
    expect(sol.algorithm).toEqual(SSA);
    expect(sol.problem).toBe(p2);
  });

  it('a model without events keeps its state', () => {
    const p2 = makeProblem({ model: birthDeath(0, 1, 0), tspanH: [0, 5], nSave: 6 });
    const sol = solveSsaDirect(p2, SSA);
    expect(sol.retcode).toBe('Success');
    expect(Array.from(sol.states)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(sol.stats.events).toBe(0);
  });

  it('a negative rate gives retcode Unstable naming the reaction and time', () => {
    const m = handModel({
      species: [{ name: 'X', initialUM: um(20) }],
      reactions: [
        { id: 'decay', reactants: { X: 1 }, rate: (y) => y[0]! },
        // Goes negative once X < 15 molecules.
        { id: 'broken_law', products: { X: 1 }, rate: (y) => y[0]! - um(15), dependsOn: ['X'] },
      ],
      cellVolumeL: VOLUME_L,
    });
    const sol = solveSsaDirect(makeProblem({ model: m, tspanH: [0, 100], nSave: 11 }), SSA);
    expect(sol.retcode).toBe('Unstable');
    expect(sol.message).toMatch(/broken_law/);
    expect(sol.message).toMatch(/t = \d/);
    expect(sol.timesH.length).toBe(sol.states.length); // one species: rows saved before the failure
  });

  it('maxEvents gives retcode MaxSteps', () => {
    const sol = solveSsaDirect(prob, SSA, { maxEvents: 100 });
    expect(sol.retcode).toBe('MaxSteps');
    expect(sol.stats.events).toBe(100);
  });
});
