/**
 * The studentized range distribution, for Tukey's HSD post-hoc test.
 *
 * Q = range of k independent standard normals divided by an independent S = √(χ²_ν/ν):
 *
 *   P(Q ≤ q) = ∫₀^∞ f_S(s) · W(q s) ds,       f_S(s) = ν^{ν/2} s^{ν−1} e^{−νs²/2} / (Γ(ν/2) 2^{ν/2−1}),
 *   W(w)     = k ∫ φ(z) [Φ(z) − Φ(z − w)]^{k−1} dz        (the range distribution of k normals)
 *
 * (Hartley 1944; the form used by Copenhaver & Holland 1988, J Stat Comput Simul 30:1–15, and by
 * R's `ptukey`). Both integrals are evaluated by composite 16-point Gauss–Legendre: z over
 * [−8.5, 8.5] (φ beyond is < 1e-15), s over the central χ² range (split where q·s = 0.5 and 10, so
 * the rise of W is resolved even for large q) ν s² ∈ [ν − 12√(2ν) − 1,
 * ν + 14√(2ν) + 60] clipped at 0 (the omitted mass is < 1e-12). The upper tail is computed as
 * 1 − P; its absolute error is ≈ 1e-9, enough for p-values down to ~1e-7.
 */
import { normalCdf } from './normal.js';
import { gaussLegendre, integrateComposite } from './quadrature.js';
import { logGamma } from './special.js';

const RULE = gaussLegendre(16);
const Z_MAX = 8.5;
const INNER_PIECES = 12;
const OUTER_PIECES = 12;

/** W(w): P(range of k standard normals ≤ w). */
function rangeCdf(w: number, k: number): number {
  if (w <= 0) return 0;
  const f = (z: number): number => {
    const d = normalCdf(z) - normalCdf(z - w);
    return Math.exp(-0.5 * z * z) * Math.pow(d, k - 1);
  };
  const v = (k / Math.sqrt(2 * Math.PI)) * integrateComposite(f, -Z_MAX, Z_MAX + Math.min(w, 2 * Z_MAX), INNER_PIECES, RULE);
  return Math.min(1, Math.max(0, v));
}

/** P(Q ≤ q) for the studentized range with k ≥ 2 groups and ν > 0 error degrees of freedom. */
export function studentizedRangeCdf(q: number, k: number, dof: number): number {
  if (!Number.isInteger(k) || k < 2) throw new RangeError(`studentizedRangeCdf: need an integer k >= 2, got ${k}`);
  if (!(dof > 0)) throw new RangeError(`studentizedRangeCdf: need dof > 0, got ${dof}`);
  if (!(q > 0)) return 0;
  if (!Number.isFinite(q)) return 1;
  const spread = Math.sqrt(2 * dof);
  const lo = Math.sqrt(Math.max(0, dof - 12 * spread - 1) / dof);
  const hi = Math.sqrt((dof + 14 * spread + 60) / dof);
  const lnNorm = (dof / 2) * Math.log(dof) - logGamma(dof / 2) - (dof / 2 - 1) * Math.LN2;
  const f = (s: number): number => (s <= 0 ? 0 : Math.exp(lnNorm + (dof - 1) * Math.log(s) - 0.5 * dof * s * s) * rangeCdf(q * s, k));
  // W(q s) climbs from ~0 to ~1 while q·s runs over ~[0.5, 10]; give that stretch its own pieces
  // (it is narrow in s when q is large, as for small ν).
  const cuts = [lo, 0.5 / q, 10 / q, hi].filter((c) => c >= lo && c <= hi).sort((a, b) => a - b);
  let total = 0;
  for (let i = 0; i + 1 < cuts.length; i++) if (cuts[i + 1]! > cuts[i]!) total += integrateComposite(f, cuts[i]!, cuts[i + 1]!, OUTER_PIECES, RULE);
  return Math.min(1, Math.max(0, total));
}

/** P(Q > q): the p-value of a studentized range statistic q. */
export function studentizedRangeSurvival(q: number, k: number, dof: number): number {
  return Math.max(0, 1 - studentizedRangeCdf(q, k, dof));
}
