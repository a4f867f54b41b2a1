import { describe, expect, it } from 'vitest';
import { ks2Sample } from '../../../src/analysis/stats/ks.js';
import { makeProblem } from '../../../src/solve/problem.js';
import { solveSsaDirect } from '../../../src/solve/ssa/direct.js';
import { solveTauLeap } from '../../../src/solve/tau/cao-gillespie-petzold.js';
import { handModel } from '../../support/hand-model.js';
import {
  OMEGA,
  VOLUME_L,
  birthDeath,
  countAt,
  dimerStationaryMeanX,
  productionDimerisation,
  reversibleDimerisation,
  um,
} from './models.js';

const TAU = { method: 'tau-leap', seed: 1, epsilon: 0.03 } as const;
const SSA = { method: 'ssa-direct', seed: 1 } as const;

function sameBits(a: Float64Array, b: Float64Array): boolean {
  return a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

describe('tau-leap vs SSA on a nonlinear network', () => {
  // ∅ → X (500/h), 2X → D at k[X]² with k/Ω = 3.3e-4 /h (mass action), X(0) = 1500: X relaxes towards
  // ≈ 870 (sd ≈ 27 at t = 1.5 h). Distribution of X at t = 1.5 h from 2000 runs of each engine.
  //
  // ε = 0.01 here: explicit leaping has a first-order bias that is deterministic in scale (∝ counts)
  // while the noise is ∝ √counts, so with 2000 samples the KS test resolves it once bias ≳ 0.1 sd. The
  // CGP-Euler bias at t = 1.5 h is ≈ −7 molecules (0.27 sd) at ε = 0.03 but ≈ −0.3 (0.01 sd) at ε = 0.01;
  // the next block checks the ε = 0.03 bias against its deterministic prediction instead.
  const k = 3.3e-4 * OMEGA;
  const model = productionDimerisation(500, k, 1500);
  const prob = makeProblem({ model, tspanH: [0, 1.5], saveTimesH: Float64Array.of(0, 1.5) });
  const n = 2000;
  const tau01 = { ...TAU, epsilon: 0.01 };
  const sample = (solve: (seed: string) => Float64Array, tag: string): Float64Array => {
    const out = new Float64Array(n);
    for (let r = 0; r < n; r++) out[r] = Math.round(solve(`${tag}-${r}`)[2]! * OMEGA);
    return out;
  };

  it('two-sample KS test does not reject tau-leap (ε = 0.01) against SSA at the 1% level', () => {
    let leaps = 0;
    let tauEvents = 0;
    let ssaEvents = 0;
    const tau = sample((seed) => {
      const sol = solveTauLeap(prob, { ...tau01, seed });
      leaps += sol.stats.leaps;
      tauEvents += sol.stats.events;
      return sol.states;
    }, 'tau');
    const ssa = sample((seed) => {
      const sol = solveSsaDirect(prob, { ...SSA, seed });
      ssaEvents += sol.stats.events;
      return sol.states;
    }, 'ssa');
    const ks = ks2Sample(tau, ssa);
    // The engine really leaps: ≈ 100 leaps per run, exact steps only early on (< 25 % of SSA's events).
    expect(leaps / n).toBeGreaterThan(50);
    expect(tauEvents).toBeLessThan(0.25 * ssaEvents);
    expect(ks.pValue, `D = ${ks.statistic}`).toBeGreaterThan(0.01);
  });

  it('the same KS design rejects a 3% error in the dimerisation rate constant (power check)', () => {
    const off = makeProblem({ model: productionDimerisation(500, k * 1.03, 1500), tspanH: [0, 1.5], saveTimesH: Float64Array.of(0, 1.5) });
    const a = sample((seed) => solveTauLeap(prob, { ...tau01, seed }).states, 'p-tau');
    const b = sample((seed) => solveTauLeap(off, { ...tau01, seed }).states, 'p-off');
    expect(ks2Sample(a, b).pValue).toBeLessThan(0.01);
  });
});

describe('tau-leap step selection (ε = 0.03) reproduces the CGP-Euler bias', () => {
  it('mean of X at 1.5 h deviates from the ODE by the deterministic CGP-Euler error', () => {
    // Same network at 20 000 molecules (prod 5000/h, k/Ω = 3.3e-5 /h): leaps only (no exact steps). The
    // tau-leap mean follows the explicit Euler scheme with the CGP step rule; its error against the exact
    // ODE (≈ −81 molecules) is the method's bias. A wrong τ' (e.g. g_i = 1 doubles τ, or a missing σ² bound)
    // changes it by tens of molecules. Tolerance: 4 SE of a 1000-run mean (sd ≈ 88 → 11) plus 5 for the
    // O(1) noise-induced shift of the CME mean from the ODE (SSA measured +3.6).
    const [prod, c, x0, T, eps] = [5000, 3.3e-5, 20_000, 1.5, 0.03];
    const f = (x: number): number => prod - 2 * c * x * (x - 1);
    // Exact ODE by RK4 with 1e4 steps.
    let xe = x0;
    const h = T / 10_000;
    for (let i = 0; i < 10_000; i++) {
      const k1 = f(xe);
      const k2 = f(xe + (h / 2) * k1);
      const k3 = f(xe + (h / 2) * k2);
      const k4 = f(xe + h * k3);
      xe += (h / 6) * (k1 + 2 * k2 + 2 * k3 + k4);
    }
    // Deterministic Euler with CGP's τ' (g = 2 + 1/(x−1) for 2X →; μ and σ² of the two reactions).
    let xd = x0;
    let t = 0;
    while (t < T) {
      const a2 = c * xd * (xd - 1);
      const mu = prod - 2 * a2;
      const s2 = prod + 4 * a2;
      const b = Math.max((eps * xd) / (2 + 1 / (xd - 1)), 1);
      const tau = Math.min(b / Math.abs(mu), (b * b) / s2, T - t);
      xd += tau * mu;
      t += tau;
    }
    const eulerBias = xd - xe;
    expect(eulerBias).toBeLessThan(-50);
    const prob = makeProblem({ model: productionDimerisation(prod, c * OMEGA, x0), tspanH: [0, T], saveTimesH: Float64Array.of(0, T) });
    const runs = 1000;
    let s = 0;
    let s2 = 0;
    let events = 0;
    for (let r = 0; r < runs; r++) {
      const sol = solveTauLeap(prob, { ...TAU, seed: `bias-${r}` });
      const x = sol.states[2]! * OMEGA;
      s += x;
      s2 += x * x;
      events += sol.stats.events;
    }
    const mean = s / runs;
    const se = Math.sqrt((s2 / runs - mean * mean) / runs);
    expect(events).toBe(0);
    expect(Math.abs(mean - xe - eulerBias), `tau mean ${mean}, ODE ${xe}, Euler bias ${eulerBias}`).toBeLessThan(4 * se + 5);
  });
});

describe('tau-leap: critical reactions and exact-step fallback', () => {
  it('low counts: no negative counts and the exact dimerisation stationary mean (critical firings)', () => {
    // N = 10 molecules: every reaction is critical (L < n_c = 10), so each step is a single critical firing
    // (exact); the stationary mean must match the exact law (relative SE of the 10 000 h average ≈ 0.15 %).
    const kr = 1;
    const kk = 0.1 * OMEGA * kr;
    const exact = dimerStationaryMeanX(10, kk, kr, 'falling');
    const T = 10_000;
    const prob = makeProblem({ model: reversibleDimerisation(kk, kr, 10), tspanH: [0, T], nSave: T * 10 + 1 });
    const sol = solveTauLeap(prob, { ...TAU, seed: 'tau-dimer' });
    expect(sol.retcode).toBe('Success');
    let s = 0;
    let bad = 0;
    for (let r = 100; r < sol.timesH.length; r++) {
      const x = countAt(sol.states, 2, r, 0);
      const d = countAt(sol.states, 2, r, 1);
      if (x < 0 || d < 0 || x + 2 * d !== 10) bad++;
      s += x;
    }
    expect(bad).toBe(0);
    expect(Math.abs(s / (sol.timesH.length - 100) / exact - 1)).toBeLessThan(0.02);
    // All reactions are critical, so τ' = ∞ and each step is one critical firing at an Exp(a₀ᶜ) time.
    expect(sol.stats.leaps).toBeGreaterThan(10_000);
  });

  it('a pure decay to extinction never goes negative and ends at 0', () => {
    const model = handModel({
      species: [{ name: 'X', initialUM: um(5000) }],
      parameters: { g: 2 },
      reactions: [{ id: 'decay', reactants: { X: 1 }, rate: (y, p) => p[0]! * y[0]!, massAction: true }],
      cellVolumeL: VOLUME_L,
    });
    const prob = makeProblem({ model, tspanH: [0, 20], nSave: 201 });
    const sol = solveTauLeap(prob, TAU);
    expect(sol.retcode).toBe('Success');
    for (let r = 1; r < sol.timesH.length; r++) expect(sol.states[r]!).toBeLessThanOrEqual(sol.states[r - 1]!);
    expect(sol.states[200]).toBe(0);
    expect(sol.stats.leaps).toBeGreaterThan(10);
    // Mean at t = 0.5 h: 5000·e^{-1} = 1839, sd ≈ √(5000·e^{-1}(1 − e^{-1})) = 34; ±4 sd.
    expect(Math.abs(countAt(sol.states, 1, 5, 0) - 5000 * Math.exp(-1))).toBeLessThan(4 * 34);
  });

  it('maxLeapH removes the stationary variance inflation of pure CGP leaps (birth–death, 2000 molecules)', () => {
    // Pure CGP leaps ≈ 0.4 h here; explicit leaping of X → ∅ with γτ = 0.4 inflates the stationary variance
    // by 2/(2 − γτ) ≈ 1.25. maxLeapH = 0.02 h bounds it to ≈ 1 %. The 4000 h time average has a relative
    // SE of the variance ≈ √(2/(γT)) = 2.2 %, so: uncapped > 1.12 and capped within [0.92, 1.08] (> 3.5 SE).
    const T = 4000;
    const prob = makeProblem({ model: birthDeath(2000, 1, 2000), tspanH: [0, T], nSave: T * 4 + 1 });
    const varianceOf = (sol: ReturnType<typeof solveTauLeap>): number => {
      let s = 0;
      let s2 = 0;
      let n = 0;
      for (let r = 40; r < sol.timesH.length; r++) {
        const x = sol.states[r]! * OMEGA;
        s += x;
        s2 += x * x;
        n++;
      }
      return s2 / n - (s / n) ** 2;
    };
    const free = varianceOf(solveTauLeap(prob, { ...TAU, seed: 'bd' }));
    const capped = varianceOf(solveTauLeap(prob, { ...TAU, seed: 'bd' }, { maxLeapH: 0.02 }));
    expect(free / 2000).toBeGreaterThan(1.12);
    expect(capped / 2000).toBeLessThan(1.08);
    expect(capped / 2000).toBeGreaterThan(0.92);
  });
});

describe('tau-leap: reproducibility and options', () => {
  const prob = makeProblem({ model: productionDimerisation(500, 0.2, 3000), tspanH: [0, 2], nSave: 21 });

  it('same seed → bit-identical states; different seeds differ', () => {
    const a = solveTauLeap(prob, { ...TAU, seed: 'x' });
    const b = solveTauLeap(prob, { ...TAU, seed: 'x' });
    const c = solveTauLeap(prob, { ...TAU, seed: 'y' });
    expect(sameBits(a.states, b.states)).toBe(true);
    expect(a.stats).toEqual(b.stats);
    expect(sameBits(a.states, c.states)).toBe(false);
  });

  it('rejects a bad epsilon; maxLeaps gives MaxSteps', () => {
    expect(() => solveTauLeap(prob, { ...TAU, epsilon: 0 })).toThrow(RangeError);
    const sol = solveTauLeap(prob, TAU, { maxLeaps: 5 });
    expect(sol.retcode).toBe('MaxSteps');
    expect(sol.stats.leaps).toBe(5);
  });
});
