/**
 * Propensities (events/h) of discrete reactions, from the model's deterministic rate laws.
 *
 * Let Ω = molecules per µM in the cell volume (`moleculesPerUM(prob.cellVolumeL)`), X_i the molecule
 * count of species i and [X_i] = X_i/Ω its concentration (µM). A reaction's rate law v([X]) is in µM/h;
 * its propensity is
 *
 *   a = Ω · v([X]) · c([X]),
 *
 * where c = 1 for general rate laws, and for reactions flagged `massAction` (v = k ∏ [X_i]^{s_i}) the
 * combinatorial correction
 *
 *   c = ∏_i X_i(X_i − 1)…(X_i − s_i + 1) / X_i^{s_i}
 *
 * over discrete reactants i with stoichiometric coefficient s_i, so that a = k Ω^{1−n} ∏_i X_i^{(s_i)}
 * (falling factorials, n = Σ s_i the reaction order): the number of distinct reactant combinations
 * times a per-combination rate. For dimerisation 2X → D with ODE rate k[X]² (so d[X]/dt = −2k[X]²),
 * a = (k/Ω)·X(X−1) events/h.
 *
 * ODE ↔ stochastic rate-constant conversion (Gillespie's c_μ, with a = c_μ ∏ C(X_i, s_i)):
 *
 *   c_μ = k · Ω^{1−n} · ∏_i s_i!        k = c_μ · Ω^{n−1} / ∏_i s_i!
 *
 * e.g. first order c = k; A + B → : c = k/Ω; 2X → : c = 2k/Ω. In the large-Ω limit a/Ω → v, so the
 * stochastic model's mean-field limit is the ODE model.
 *
 * Availability guard: a reaction that consumes s_i molecules of a discrete reactant cannot fire while
 * X_i < s_i, so its propensity is 0 there whatever its rate law gives (this keeps counts non-negative
 * for non-mass-action laws such as zero-order consumption; mass-action laws vanish there anyway).
 * Reactants that are not discrete (continuous or fast pools acting as catalysts) get no correction.
 */
import type { HybridPartition } from './partition.js';

/**
 * Propensity of discrete reaction r (events/h) for counts `x` (species-indexed, discrete entries
 * used) and concentrations `y` (µM, all species; discrete entries = x/Ω) under parameters `p`.
 * Returns the raw value: negative or NaN when the rate law misbehaves (callers report that).
 */
export function propensity(
  part: HybridPartition,
  r: number,
  x: Float64Array,
  y: Float64Array,
  p: Float64Array,
): number {
  const v = part.model.rate(r, y, p);
  if (!(v >= 0)) return v;
  let a = part.omega * v;
  const rp = part.reactantPtr;
  const end = rp[r + 1]!;
  if (end === rp[r]) return a;
  const species = part.reactantSpecies;
  const coef = part.reactantCoef;
  const ma = part.massAction[r] === 1;
  for (let k = rp[r]!; k < end; k++) {
    const n = x[species[k]!]!;
    const s = coef[k]!;
    if (n < s) return 0;
    if (ma && s > 1) {
      for (let j = 1; j < s; j++) a *= (n - j) / n;
    }
  }
  return a;
}

/**
 * The combinatorial factor c = ∏ X(X−1)…(X−s+1)/X^s alone (1 for non-mass-action reactions), for
 * documentation and tests.
 */
export function combinatorialFactor(part: HybridPartition, r: number, x: Float64Array): number {
  let c = 1;
  const rp = part.reactantPtr;
  for (let k = rp[r]!; k < rp[r + 1]!; k++) {
    const n = x[part.reactantSpecies[k]!]!;
    const s = part.reactantCoef[k]!;
    if (n < s) return 0;
    if (part.massAction[r] === 1) for (let j = 1; j < s; j++) c *= (n - j) / n;
  }
  return c;
}
