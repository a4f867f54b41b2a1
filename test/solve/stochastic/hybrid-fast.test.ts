import { describe, expect, it } from 'vitest';
import { logFactorial } from '../../../src/core/random-dist.js';
import { makeProblem } from '../../../src/solve/problem.js';
import { solveSsaDirect } from '../../../src/solve/ssa/direct.js';
import { buildPartition } from '../../../src/solve/stochastic/partition.js';
import { solveTauLeap } from '../../../src/solve/tau/cao-gillespie-petzold.js';
import { handModel } from '../../support/hand-model.js';
import { OMEGA, VOLUME_L, um } from './models.js';

/**
 * A fast binding block F ⇌ Fb (F → Fb at kon·[S]·[F], Fb → F at koff·[Fb], koff = 1000/h) whose
 * occupancy is set by a slow species S: QSS Fb = F_T·[S]/([S] + K), K = koff/kon. A discrete Y is made
 * at c·[Fb] and degraded at γY·[Y]. S is either discrete (birth–death) or continuous.
 */
function fastBlockModel(sMode: 'discrete' | 'continuous', p: { kS: number; gS: number; K: number; c: number; gY: number; s0: number }) {
  const koff = 1000;
  const FT = 1;
  return handModel({
    species: [
      { name: 'S', initialUM: p.s0, mode: sMode },
      { name: 'F', initialUM: FT, mode: 'fast' },
      { name: 'Fb', initialUM: 0, mode: 'fast' },
      { name: 'Y', initialUM: 0 },
    ],
    parameters: { kS: p.kS, gS: p.gS, kon: koff / p.K, koff, c: p.c, gY: p.gY },
    reactions: [
      { id: 'make_S', products: { S: 1 }, rate: (_y, q) => q[0]!, dependsOn: [], massAction: true },
      { id: 'S_decay', reactants: { S: 1 }, rate: (y, q) => q[1]! * y[0]!, massAction: true },
      { id: 'bind', reactants: { F: 1 }, products: { Fb: 1 }, rate: (y, q) => q[2]! * y[0]! * y[1]!, dependsOn: ['S', 'F'] },
      { id: 'unbind', reactants: { Fb: 1 }, products: { F: 1 }, rate: (y, q) => q[3]! * y[2]! },
      { id: 'make_Y', products: { Y: 1 }, rate: (y, q) => q[4]! * y[2]!, dependsOn: ['Fb'] },
      { id: 'Y_decay', reactants: { Y: 1 }, rate: (y, q) => q[5]! * y[3]!, massAction: true },
    ],
    cellVolumeL: VOLUME_L,
  });
}

describe('hybrid with fast species at QSS', () => {
  it('discrete S drives the fast block: Fb on the QSS manifold, stationary E[Y] exact within 2%', () => {
    // S ~ Poisson(50) stationary (kS = 10/h, γS = 0.2/h); K = [50 molecules] so Fb = F_T·S/(S + 50);
    // Ω c F_T = 100/h, γY = 1/h ⇒ E[Y] = 100·E[S/(S+50)] (sum over the Poisson law). Time average over
    // 4000 h: Y's relative sd ≈ 0.15 (Poisson part, correlation 1 h) plus ≈ 0.07 through S (5 h):
    // SE ≈ 0.15·√(2/4000) + 0.07·√(10/4000) ≈ 0.5 %; tolerance 2 % = 4 SE.
    const model = fastBlockModel('discrete', { kS: um(10), gS: 0.2, K: um(50), c: 100 / OMEGA, gY: 1, s0: um(50) });
    const part = buildPartition(model, VOLUME_L);
    expect(part.isFastInput[0]).toBe(1);
    expect(Array.from(part.readsFast)).toEqual([4]);
    expect(part.timeVarying).toBe(false);
    const T = 4000;
    const prob = makeProblem({ model, tspanH: [0, T], nSave: 4 * T + 1 });
    const sol = solveSsaDirect(prob, { method: 'ssa-direct', seed: 'fast' });
    expect(sol.retcode, sol.message).toBe('Success');
    let sum = 0;
    let n = 0;
    let offManifold = 0;
    for (let k = 80; k < sol.timesH.length; k++) {
      const row = sol.states.subarray(k * 4, k * 4 + 4);
      const sCount = Math.round(row[0]! * OMEGA);
      // Every S change below 250 molecules re-solves the QSS (qssRelChange = 0.002), so Fb is exact.
      if (Math.abs(row[2]! - sCount / (sCount + 50)) > 1e-8 || Math.abs(row[1]! + row[2]! - 1) > 1e-10) offManifold++;
      sum += row[3]! * OMEGA;
      n++;
    }
    expect(offManifold).toBe(0);
    let eOcc = 0;
    for (let x = 0; x < 200; x++) eOcc += Math.exp(x * Math.log(50) - 50 - logFactorial(x)) * (x / (x + 50));
    expect(Math.abs(sum / n / (100 * eOcc) - 1)).toBeLessThan(0.02);
  });

  it('continuous S drives the fast block read by a discrete reaction (QSS at every substep)', () => {
    // dS/dt = 10 − 0.5·S µM/h from 0 (S∞ = 20 µM), K = 10 µM, Ω c F_T = 400/h, γY = 1/h:
    // E[Y](t) = 400 ∫₀ᵗ S(u)/(S(u)+K) e^{−(t−u)} du (Simpson, 2000 panels). Y is Poisson, so SE of a
    // 400-run mean = √(E[Y]/400) ≤ 0.7 % at t = 1 h (E[Y] ≈ 53); tolerance 3 % > 4 SE.
    const model = fastBlockModel('continuous', { kS: 10, gS: 0.5, K: 10, c: 400 / OMEGA, gY: 1, s0: 0 });
    const part = buildPartition(model, VOLUME_L);
    expect(part.fastDependsOnContinuous).toBe(true);
    expect(part.timeVarying).toBe(true);
    const eY = (t: number): number => {
      const m = 2000;
      const h = t / m;
      let acc = 0;
      for (let i = 0; i <= m; i++) {
        const u = i * h;
        const sU = 20 * (1 - Math.exp(-0.5 * u));
        const f = (sU / (sU + 10)) * Math.exp(-(t - u));
        acc += f * (i === 0 || i === m ? 1 : i % 2 === 1 ? 4 : 2);
      }
      return (400 * acc * h) / 3;
    };
    const times = Float64Array.of(0, 1, 3);
    const prob = makeProblem({ model, tspanH: [0, 3], saveTimesH: times });
    const runs = 400;
    const sums = new Float64Array(times.length);
    for (let r = 0; r < runs; r++) {
      const sol = solveSsaDirect(prob, { method: 'ssa-direct', seed: `cf-${r}` });
      if (r === 0) expect(sol.retcode, sol.message).toBe('Success');
      for (let k = 0; k < times.length; k++) sums[k]! += sol.states[k * 4 + 3]! * OMEGA;
    }
    for (let k = 1; k < times.length; k++) {
      const m = sums[k]! / runs;
      expect(Math.abs(m / eY(times[k]!) - 1), `t=${times[k]}: ${m} vs ${eY(times[k]!)}`).toBeLessThan(0.03);
    }
  });

  it('time-varying model whose fast block reads a discrete species: QSS re-solved per window, E[Y] exact', () => {
    // As the first test, but Y is made at c·[Fb]·[Z]/Z̄ with Z continuous (dZ/dt = 1 − 0.1·Z from Z̄ = 10,
    // so Z stays at Z̄): make_Y reads a continuously changing species, so the windowed integrated-hazard
    // path runs. Every S change (< 250 molecules) closes the window and the next one re-solves the QSS,
    // so saved rows are on the manifold; E[Y] as in the first test (time average over 2000 h, SE ≈ 0.7 %).
    const koff = 1000;
    const K = um(50);
    const c = 100 / OMEGA;
    const model = handModel({
      species: [
        { name: 'S', initialUM: um(50) },
        { name: 'F', initialUM: 1, mode: 'fast' },
        { name: 'Fb', initialUM: 0, mode: 'fast' },
        { name: 'Y', initialUM: 0 },
        { name: 'Z', initialUM: 10, mode: 'continuous' },
      ],
      parameters: { kS: um(10), gS: 0.2, kon: koff / K, koff, c, gY: 1 },
      reactions: [
        { id: 'make_S', products: { S: 1 }, rate: (_y, q) => q[0]!, dependsOn: [], massAction: true },
        { id: 'S_decay', reactants: { S: 1 }, rate: (y, q) => q[1]! * y[0]!, massAction: true },
        { id: 'bind', reactants: { F: 1 }, products: { Fb: 1 }, rate: (y, q) => q[2]! * y[0]! * y[1]!, dependsOn: ['S', 'F'] },
        { id: 'unbind', reactants: { Fb: 1 }, products: { F: 1 }, rate: (y, q) => q[3]! * y[2]! },
        { id: 'make_Y', products: { Y: 1 }, rate: (y, q) => (q[4]! * y[2]! * y[4]!) / 10, dependsOn: ['Fb', 'Z'] },
        { id: 'Y_decay', reactants: { Y: 1 }, rate: (y, q) => q[5]! * y[3]!, massAction: true },
        { id: 'make_Z', products: { Z: 1 }, rate: () => 1, dependsOn: [] },
        { id: 'Z_decay', reactants: { Z: 1 }, rate: (y) => 0.1 * y[4]! },
      ],
      cellVolumeL: VOLUME_L,
    });
    const part = buildPartition(model, VOLUME_L);
    expect(part.timeVarying).toBe(true);
    expect(part.fastDependsOnContinuous).toBe(false);
    const T = 2000;
    const sol = solveSsaDirect(makeProblem({ model, tspanH: [0, T], nSave: 4 * T + 1 }), { method: 'ssa-direct', seed: 'tv-fast' });
    expect(sol.retcode, sol.message).toBe('Success');
    let sum = 0;
    let n = 0;
    let offManifold = 0;
    for (let k = 80; k < sol.timesH.length; k++) {
      const row = sol.states.subarray(k * 5, k * 5 + 5);
      const sCount = Math.round(row[0]! * OMEGA);
      if (Math.abs(row[2]! - sCount / (sCount + 50)) > 1e-8) offManifold++;
      sum += row[3]! * OMEGA;
      n++;
    }
    expect(offManifold).toBe(0);
    let eOcc = 0;
    for (let x = 0; x < 200; x++) eOcc += Math.exp(x * Math.log(50) - 50 - logFactorial(x)) * (x / (x + 50));
    expect(Math.abs(sum / n / (100 * eOcc) - 1)).toBeLessThan(0.03);
  });

  it('tau-leap with a fast block: same stationary E[Y] within 2%', () => {
    // As the first test at 10× the counts (S̄ = 500, E[Y] ≈ 500) so that leaps are taken; time average
    // over 2000 h (SE < 0.5 %).
    const model = fastBlockModel('discrete', { kS: um(100), gS: 0.2, K: um(500), c: 1000 / OMEGA, gY: 1, s0: um(500) });
    const T = 2000;
    const prob = makeProblem({ model, tspanH: [0, T], nSave: 4 * T + 1 });
    const sol = solveTauLeap(prob, { method: 'tau-leap', seed: 'fast-tau', epsilon: 0.03 }, { maxLeapH: 0.05 });
    expect(sol.retcode, sol.message).toBe('Success');
    expect(sol.stats.leaps).toBeGreaterThan(1000);
    let sum = 0;
    let n = 0;
    for (let k = 80; k < sol.timesH.length; k++) {
      sum += sol.states[k * 4 + 3]! * OMEGA;
      n++;
    }
    let eOcc = 0;
    for (let x = 300; x < 700; x++) eOcc += Math.exp(x * Math.log(500) - 500 - logFactorial(x)) * (x / (x + 500));
    expect(Math.abs(sum / n / (1000 * eOcc) - 1)).toBeLessThan(0.02);
  });
});
