/**
 * Two-sample Kolmogorov–Smirnov test.
 *
 * Statistic: D = sup_x |F₁(x) − F₂(x)| over the two empirical CDFs, computed exactly by merging the
 * sorted samples (ties across samples are handled by stepping past every copy of a value in both
 * samples before comparing, so D equals scipy.stats.ks_2samp's statistic).
 *
 * p-value: the asymptotic Kolmogorov distribution with the effective-n correction of Stephens (1970,
 * J R Stat Soc B 32:115), as in Numerical Recipes (3rd ed. §14.3.3):
 *
 *   n_e = n₁n₂/(n₁+n₂),   λ = (√n_e + 0.12 + 0.11/√n_e) · D,   p = Q_KS(λ),
 *   Q_KS(λ) = 2 Σ_{j≥1} (−1)^{j−1} exp(−2j²λ²)   (= scipy.special.kolmogorov(λ)).
 *
 * The correction makes the asymptotic formula usable from n_e ≈ 4 on; it is not the exact
 * small-sample distribution (scipy's default `method='exact'` for small samples may differ).
 */

export interface KsResult {
  /** D = sup |F₁ − F₂|. */
  readonly statistic: number;
  /** Asymptotic two-sided p-value, Q_KS((√n_e + 0.12 + 0.11/√n_e)·D). */
  readonly pValue: number;
  readonly n1: number;
  readonly n2: number;
  /** n₁n₂/(n₁+n₂). */
  readonly effectiveN: number;
}

/**
 * Kolmogorov's survival function Q_KS(λ) = P(K > λ), K = sup|B(t)| of a Brownian bridge.
 * For λ < 1.18 the Jacobi-theta form 1 − (√(2π)/λ) Σ exp(−(2j−1)²π²/(8λ²)) converges fast; above,
 * the alternating series. Absolute error < 1e-15.
 */
export function kolmogorovSurvival(lambda: number): number {
  if (Number.isNaN(lambda)) return NaN;
  if (lambda <= 0) return 1;
  if (lambda < 1.18) {
    const w = Math.sqrt(2 * Math.PI) / lambda;
    const f = (-Math.PI * Math.PI) / (8 * lambda * lambda);
    let s = 0;
    for (let j = 1; j <= 20; j++) {
      const k = 2 * j - 1;
      const term = Math.exp(f * k * k);
      s += term;
      if (term < 1e-17 * s) break;
    }
    return Math.min(1, Math.max(0, 1 - w * s));
  }
  let s = 0;
  let sign = 1;
  for (let j = 1; j <= 100; j++) {
    const term = Math.exp(-2 * j * j * lambda * lambda);
    s += sign * term;
    if (term < 1e-17) break;
    sign = -sign;
  }
  return Math.min(1, Math.max(0, 2 * s));
}

function sortedCopy(xs: ArrayLike<number>, name: string): Float64Array {
  const out = Float64Array.from(xs as ArrayLike<number>);
  if (out.length === 0) throw new RangeError(`ks2Sample: sample ${name} is empty`);
  for (let i = 0; i < out.length; i++) {
    if (Number.isNaN(out[i]!)) throw new RangeError(`ks2Sample: sample ${name} contains NaN at index ${i}`);
  }
  return out.sort();
}

/** Two-sample KS statistic D only (see module docs). */
export function ks2SampleStatistic(a: ArrayLike<number>, b: ArrayLike<number>): number {
  return ksSorted(sortedCopy(a, 'a'), sortedCopy(b, 'b'));
}

function ksSorted(x: Float64Array, y: Float64Array): number {
  const n1 = x.length;
  const n2 = y.length;
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < n1 && j < n2) {
    const v = Math.min(x[i]!, y[j]!);
    while (i < n1 && x[i]! <= v) i++;
    while (j < n2 && y[j]! <= v) j++;
    const diff = Math.abs(i / n1 - j / n2);
    if (diff > d) d = diff;
  }
  return d;
}

/** Two-sample Kolmogorov–Smirnov test (two-sided) with the asymptotic p-value (see module docs). */
export function ks2Sample(a: ArrayLike<number>, b: ArrayLike<number>): KsResult {
  const x = sortedCopy(a, 'a');
  const y = sortedCopy(b, 'b');
  const d = ksSorted(x, y);
  const n1 = x.length;
  const n2 = y.length;
  const ne = (n1 * n2) / (n1 + n2);
  const sq = Math.sqrt(ne);
  const pValue = kolmogorovSurvival((sq + 0.12 + 0.11 / sq) * d);
  return { statistic: d, pValue, n1, n2, effectiveN: ne };
}
