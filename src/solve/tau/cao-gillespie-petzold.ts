/**
 * Explicit tau-leaping with the step-size selection of Cao, Gillespie & Petzold (2006, "Efficient
 * step size selection for the tau-leaping simulation method", J Chem Phys 124:044109), with their
 * critical-reaction treatment (Cao, Gillespie & Petzold 2005, J Chem Phys 123:054104), inside the hybrid
 * scheme of src/solve/stochastic (continuous species integrated over each leap with the discrete state
 * frozen at its start, fast species re-solved after it).
 *
 * Each step, in state x with propensities a:
 * 1. Critical reactions: a_j > 0 and L_j = min_{i: ν_ij<0} ⌊x_i/|ν_ij|⌋ < n_c (n_c = 10).
 * 2. τ' = min over reactant species i of
 *      max(ε x_i/g_i, 1)/|μ_i|  and  max(ε x_i/g_i, 1)²/σ²_i,
 *    μ_i = Σ_{j non-critical} ν_ij a_j, σ²_i = Σ_{j non-critical} ν_ij² a_j (CGP eq. 33).
 *    g_i (the highest order of reaction in which i is a reactant) is, for a mass-action reaction of
 *    order n needing m molecules of i, g = n + (n/m) Σ_{l=1}^{m−1} l/(x_i − l) — CGP's cases
 *    (1; 2; 2 + 1/(x−1); 3; 3/2·(2 + 1/(x−1)); 3 + 1/(x−1) + 2/(x−2)) in closed form — maximised over
 *    the reactions. Non-mass-action rate laws contribute g = 1: their order in x_i is not defined
 *    (the law is an arbitrary compiled expression), and for the laws used here (linear, Michaelis–
 *    Menten, inhibition factors 1/(1+(I/K)^h)) the relative propensity change per relative change of
 *    a reactant is at most 1, which is what g bounds. Steep activating Hill laws (h > 1) can exceed that:
 *    lower ε for models dominated by them.
 * 3. If τ' < 10/a₀, leaping would gain little: 100 exact SSA steps instead, then back to 1.
 * 4. τ'' ~ Exp(a₀ᶜ) over the critical reactions. τ = min(τ', τ''), truncated to the next save time,
 *    tEnd, the optional `maxLeapH`, and (when discrete propensities read continuously changing
 *    species) maxSubstepH. Non-critical
 *    reactions fire Poisson(a_j τ) times; if τ'' was the minimum (and not truncated), exactly one
 *    critical reaction fires, chosen with probability a_j/a₀ᶜ.
 * 5. If a count would go negative, τ' is halved and the step retried from 3 (counted in
 *    stats.rejectedSteps).
 * Propensities are re-evaluated in full after each leap.
 *
 * Caveat (method, not implementation): the CGP condition bounds propensity changes, not relaxation,
 * so near a large-count equilibrium τ can approach the relaxation time and explicit leaping then
 * inflates stationary variances (Cao, Petzold, Rathinam & Gillespie 2004, J Chem Phys 121:12169);
 * use a smaller ε or SSA for stationary-fluctuation statistics.
 */
import { samplePoisson } from '../../core/random-dist.js';
import type { TauLeap } from '../algorithms.js';
import type { Problem } from '../problem.js';
import type { Solution } from '../solution.js';
import type { HybridEngine, StochasticOptions } from '../stochastic/hybrid.js';
import { SimulationStop, runStochastic } from '../stochastic/hybrid.js';
import type { HybridPartition } from '../stochastic/partition.js';

/** Tau-leaping options on top of {@link StochasticOptions}. */
export interface TauLeapOptions extends StochasticOptions {
  /** n_c: a reaction within this many firings of exhausting a reactant is critical [10]. */
  readonly criticalThreshold?: number;
  /** Leap only when τ' ≥ ssaThreshold/a₀ [10]. */
  readonly ssaThreshold?: number;
  /** Exact SSA steps taken when τ' is too small [100]. */
  readonly ssaSteps?: number;
  /**
   * Upper bound on a leap, h [Infinity: pure CGP]. Not part of CGP: a cap below ~0.2/(fastest relaxation
   * rate) removes the stationary-variance inflation described in the module docs.
   */
  readonly maxLeapH?: number;
}

/** Per-species reactant tables for g_i, built once per solve. */
interface GTables {
  /** Discrete species that are reactants of some discrete reaction. */
  readonly reactantSpecies: Int32Array;
  /** CSR over species: (order, multiplicity, massAction) triples. */
  readonly ptr: Int32Array;
  readonly order: Float64Array;
  readonly mult: Float64Array;
  readonly ma: Uint8Array;
}

function buildGTables(part: HybridPartition): GTables {
  const nS = part.nSpecies;
  const lists: { n: number; m: number; ma: number }[][] = Array.from({ length: nS }, () => []);
  for (let k = 0; k < part.discreteReactions.length; k++) {
    const r = part.discreteReactions[k]!;
    for (let j = part.reactantPtr[r]!; j < part.reactantPtr[r + 1]!; j++) {
      lists[part.reactantSpecies[j]!]!.push({
        n: part.reactionOrder[r]!,
        m: part.reactantCoef[j]!,
        ma: part.massAction[r]!,
      });
    }
  }
  const species: number[] = [];
  const ptr = new Int32Array(nS + 1);
  const order: number[] = [];
  const mult: number[] = [];
  const ma: number[] = [];
  for (let i = 0; i < nS; i++) {
    const l = lists[i]!;
    if (l.length > 0) species.push(i);
    for (const e of l) {
      order.push(e.n);
      mult.push(e.m);
      ma.push(e.ma);
    }
    ptr[i + 1] = ptr[i]! + l.length;
  }
  return {
    reactantSpecies: Int32Array.from(species),
    ptr,
    order: Float64Array.from(order),
    mult: Float64Array.from(mult),
    ma: Uint8Array.from(ma),
  };
}

function gOf(g: GTables, i: number, xi: number): number {
  let best = 1;
  for (let k = g.ptr[i]!; k < g.ptr[i + 1]!; k++) {
    if (g.ma[k] !== 1) continue;
    const n = g.order[k]!;
    const m = g.mult[k]!;
    let v = n;
    if (m > 1) {
      let s = 0;
      for (let l = 1; l < m; l++) s += l / Math.max(xi - l, 1);
      v += (n / m) * s;
    }
    if (v > best) best = v;
  }
  return best;
}

class CgpLeaper {
  private readonly eng: HybridEngine;
  private readonly part: HybridPartition;
  private readonly g: GTables;
  private readonly eps: number;
  private readonly nc: number;
  private readonly maxLeapH: number;
  private readonly critical: Uint8Array;
  private readonly mu: Float64Array;
  private readonly sigma2: Float64Array;
  private readonly delta: Float64Array;
  private a0c = 0;

  constructor(eng: HybridEngine, eps: number, nc: number, maxLeapH: number) {
    this.eng = eng;
    this.maxLeapH = maxLeapH;
    this.part = eng.part;
    this.g = buildGTables(eng.part);
    this.eps = eps;
    this.nc = nc;
    this.critical = new Uint8Array(eng.part.nReactions);
    this.mu = new Float64Array(eng.part.nSpecies);
    this.sigma2 = new Float64Array(eng.part.nSpecies);
    this.delta = new Float64Array(eng.part.nSpecies);
  }

  /** Classify critical reactions and return τ' (Infinity when no species constrains it). */
  tauPrime(): number {
    const { part, critical, mu, sigma2, eps } = this;
    const { a, x } = this.eng;
    const list = part.discreteReactions;
    const sp = part.stoichPtr;
    const ss = part.stoichSpecies;
    const sc = part.stoichCoef;
    const rs = this.g.reactantSpecies;
    for (let k = 0; k < rs.length; k++) {
      mu[rs[k]!] = 0;
      sigma2[rs[k]!] = 0;
    }
    let a0c = 0;
    for (let k = 0; k < list.length; k++) {
      const j = list[k]!;
      const aj = a[j]!;
      critical[j] = 0;
      if (!(aj > 0)) continue;
      let L = Infinity;
      for (let q = sp[j]!; q < sp[j + 1]!; q++) {
        const v = sc[q]!;
        if (v < 0) {
          const l = Math.floor(x[ss[q]!]! / -v);
          if (l < L) L = l;
        }
      }
      if (L < this.nc) {
        critical[j] = 1;
        a0c += aj;
        continue;
      }
      for (let q = sp[j]!; q < sp[j + 1]!; q++) {
        const i = ss[q]!;
        const v = sc[q]!;
        mu[i]! += v * aj;
        sigma2[i]! += v * v * aj;
      }
    }
    this.a0c = a0c;
    let tau = Infinity;
    for (let k = 0; k < rs.length; k++) {
      const i = rs[k]!;
      const m = mu[i]!;
      const s2 = sigma2[i]!;
      if (m === 0 && s2 === 0) continue;
      const xi = x[i]!;
      const bound = Math.max((eps * xi) / gOf(this.g, i, xi), 1);
      if (m !== 0) tau = Math.min(tau, bound / Math.abs(m));
      if (s2 > 0) tau = Math.min(tau, (bound * bound) / s2);
    }
    return tau;
  }

  /** Attempt one leap with the given τ'; false (nothing changed) when a count would go negative. */
  tryLeap(tauP: number): boolean {
    const eng = this.eng;
    const { part, critical, delta } = this;
    const { a, x, y, rng, omega } = eng;
    const t = eng.t;
    let tStop = Math.min(eng.nextSaveTime(), eng.tEnd, t + this.maxLeapH);
    if (part.timeVarying) tStop = Math.min(tStop, t + eng.maxSubstepH);
    const hStop = tStop - t;
    const a0c = this.a0c;
    const tauPP = a0c > 0 ? -Math.log(1 - rng.next()) / a0c : Infinity;
    const fireCritical = tauPP <= tauP && tauPP <= hStop;
    const tau = Math.min(tauP, tauPP, hStop);

    const list = part.discreteReactions;
    const sp = part.stoichPtr;
    const ss = part.stoichSpecies;
    const sc = part.stoichCoef;
    const ds = part.discreteSpecies;
    for (let k = 0; k < ds.length; k++) delta[ds[k]!] = 0;
    for (let k = 0; k < list.length; k++) {
      const j = list[k]!;
      const aj = a[j]!;
      if (critical[j] === 1 || !(aj > 0)) continue;
      const n = samplePoisson(rng, aj * tau);
      if (n === 0) continue;
      for (let q = sp[j]!; q < sp[j + 1]!; q++) delta[ss[q]!]! += n * sc[q]!;
    }
    if (fireCritical) {
      const target = rng.next() * a0c;
      let acc = 0;
      let jc = -1;
      for (let k = 0; k < list.length; k++) {
        const j = list[k]!;
        if (critical[j] !== 1) continue;
        acc += a[j]!;
        jc = j;
        if (acc > target) break;
      }
      for (let q = sp[jc]!; q < sp[jc + 1]!; q++) delta[ss[q]!]! += sc[q]!;
    }
    for (let k = 0; k < ds.length; k++) {
      const i = ds[k]!;
      if (x[i]! + delta[i]! < 0) return false;
    }
    // Accepted: continuous species over [t, t+τ] with the discrete state of the leap's start.
    const tNew = tau === hStop ? tStop : t + tau;
    eng.advanceContinuous(tNew);
    for (let k = 0; k < ds.length; k++) {
      const i = ds[k]!;
      const d = delta[i]!;
      if (d !== 0) {
        const xi = x[i]! + d;
        x[i] = xi;
        y[i] = xi / omega;
      }
    }
    eng.t = tNew;
    eng.checkFastInputs();
    return true;
  }
}

/**
 * One tau-leaping trajectory (see module docs). Output as for solveSsaDirect; stats.leaps counts leaps,
 * stats.events the exact SSA events taken when leaping did not pay, stats.rejectedSteps the leaps
 * retried with a halved τ' (plus rejected continuous substeps).
 */
export function solveTauLeap(prob: Problem, alg: TauLeap, opts: TauLeapOptions = {}): Solution {
  const eps = alg.epsilon;
  if (!(eps > 0 && eps < 1)) throw new RangeError(`tau-leap epsilon must be in (0, 1), got ${eps}`);
  const nc = opts.criticalThreshold ?? 10;
  const ssaThreshold = opts.ssaThreshold ?? 10;
  const ssaSteps = opts.ssaSteps ?? 100;
  const maxLeapH = opts.maxLeapH ?? Infinity;
  if (!(maxLeapH > 0)) throw new RangeError(`maxLeapH must be > 0, got ${maxLeapH}`);
  return runStochastic(prob, alg, opts, (eng) => {
    const leaper = new CgpLeaper(eng, eps, nc, maxLeapH);
    while (!eng.done) {
      eng.recordSaves(eng.t, true);
      if (eng.t >= eng.tEnd) break;
      eng.recomputeAll();
      const a0 = eng.a0;
      if (!(a0 > 0)) {
        eng.exactSteps(ssaSteps);
        continue;
      }
      let tauP = leaper.tauPrime();
      for (;;) {
        if (tauP < ssaThreshold / a0) {
          eng.exactSteps(ssaSteps);
          break;
        }
        if (leaper.tryLeap(tauP)) {
          if (++eng.stats.leaps >= eng.maxLeaps) {
            throw new SimulationStop('MaxSteps', `reached maxLeaps = ${eng.maxLeaps} at t = ${eng.t} h`);
          }
          break;
        }
        eng.stats.rejectedSteps++;
        tauP /= 2;
      }
    }
  });
}
