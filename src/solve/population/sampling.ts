/**
 * Random variates for the population engine, drawn from one seeded {@link Rng} per well (never
 * Math.random). Exact methods throughout:
 *
 * - {@link Sampler.normal}: the ziggurat method of Marsaglia & Tsang (2000, "The ziggurat method for
 *   generating random variables", J Stat Softw 5(8)), 128 layers, one 32-bit uniform per variate in
 *   ~98.8 % of calls; the tail beyond r = 3.442619855899 by Marsaglia's (1964) exponential method.
 * - {@link Sampler.gamma}: Marsaglia & Tsang (2000, ACM TOMS 26:363) for shape ≥ 1; shape < 1 by
 *   Gamma(shape + 1)·U^(1/shape).
 * - {@link Sampler.binomial}: inversion (sequential search from 0; Kachitvichyanukul & Schmeiser 1988,
 *   "BINV", Commun ACM 31:216) when n·min(p, 1−p) < 30; otherwise exact beta splitting (Devroye 1986,
 *   Non-Uniform Random Variate Generation, §X.4.3; Knuth TAOCP vol. 2 §3.4.1): with a = ⌊n/2⌋ + 1,
 *   the a-th smallest of n uniforms is Y ~ Beta(a, n + 1 − a); conditioning on it halves n, so
 *   O(log n) beta draws reduce the problem to the inversion range.
 * - {@link Sampler.poisson}: `samplePoisson` of src/core/random-dist.ts (inversion below mean 10, PTRS
 *   above; exact).
 */
import { samplePoisson } from '../../core/random-dist.js';
import type { Rng } from '../../core/rng.js';

const BINV_LIMIT = 30;

// Ziggurat tables for the standard normal (Marsaglia & Tsang 2000, RNOR with 128 layers).
const ZIG_R = 3.442619855899;
const ZIG_V = 9.91256303526217e-3;
const ZIG_M1 = 2147483648;
const ZIG_KN = new Int32Array(128);
const ZIG_WN = new Float64Array(128);
const ZIG_FN = new Float64Array(128);
(() => {
  let dn = ZIG_R;
  let tn = dn;
  const q = ZIG_V / Math.exp(-0.5 * dn * dn);
  ZIG_KN[0] = Math.trunc((dn / q) * ZIG_M1);
  ZIG_KN[1] = 0;
  ZIG_WN[0] = q / ZIG_M1;
  ZIG_WN[127] = dn / ZIG_M1;
  ZIG_FN[0] = 1;
  ZIG_FN[127] = Math.exp(-0.5 * dn * dn);
  for (let i = 126; i >= 1; i--) {
    dn = Math.sqrt(-2 * Math.log(ZIG_V / dn + Math.exp(-0.5 * dn * dn)));
    ZIG_KN[i + 1] = Math.trunc((dn / tn) * ZIG_M1);
    tn = dn;
    ZIG_FN[i] = Math.exp(-0.5 * dn * dn);
    ZIG_WN[i] = dn / ZIG_M1;
  }
})();

export class Sampler {
  readonly rng: Rng;
  // ln(1 − p) for the last two p given to the inversion sampler (the kernel alternates species).
  private lqP0 = -1;
  private lqV0 = 0;
  private lqP1 = -1;
  private lqV1 = 0;

  constructor(rng: Rng) {
    this.rng = rng;
  }

  uniform(): number {
    return this.rng.next();
  }

  /** Standard normal N(0, 1) (ziggurat). */
  normal(): number {
    const rng = this.rng;
    let hz = (rng.next() * 4294967296) | 0;
    let iz = hz & 127;
    if (Math.abs(hz) < ZIG_KN[iz]!) return hz * ZIG_WN[iz]!;
    for (;;) {
      // Slow path (Marsaglia & Tsang's nfix).
      let x = hz * ZIG_WN[iz]!;
      if (iz === 0) {
        let y: number;
        do {
          x = -Math.log(1 - rng.next()) / ZIG_R;
          y = -Math.log(1 - rng.next());
        } while (y + y < x * x);
        return hz > 0 ? ZIG_R + x : -ZIG_R - x;
      }
      if (ZIG_FN[iz]! + rng.next() * (ZIG_FN[iz - 1]! - ZIG_FN[iz]!) < Math.exp(-0.5 * x * x)) return x;
      hz = (rng.next() * 4294967296) | 0;
      iz = hz & 127;
      if (Math.abs(hz) < ZIG_KN[iz]!) return hz * ZIG_WN[iz]!;
    }
  }

  /** Gamma(shape, 1): mean = variance = shape. shape must be > 0. */
  gamma(shape: number): number {
    if (!(shape > 0) || shape === Infinity) throw new RangeError(`gamma: shape must be finite and > 0, got ${shape}`);
    if (shape < 1) {
      const g = this.gamma(shape + 1);
      return g * Math.pow(1 - this.rng.next(), 1 / shape);
    }
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = 1 - this.rng.next();
      const x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2) return d * v;
      if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  /** A gamma-distributed duration with this mean and shape (CV = 1/√shape); shape = Infinity gives the mean. */
  gammaMean(mean: number, shape: number): number {
    if (!(mean > 0)) return 0;
    if (shape === Infinity) return mean;
    return (mean / shape) * this.gamma(shape);
  }

  /** Beta(a, b) via two gammas. */
  beta(a: number, b: number): number {
    const x = this.gamma(a);
    const y = this.gamma(b);
    return x / (x + y);
  }

  /** Poisson(mean), exact. */
  poisson(mean: number): number {
    return samplePoisson(this.rng, mean);
  }

  /** Binomial(n, p) for integer n ≥ 0 and p in [0, 1], exact. */
  binomial(n: number, p: number): number {
    if (!(n >= 0) || !(p >= 0 && p <= 1)) throw new RangeError(`binomial: need n ≥ 0 and 0 ≤ p ≤ 1, got n = ${n}, p = ${p}`);
    let offset = 0;
    let sign = 1;
    // Work with p ≤ 1/2: X = n − Bin(n, 1 − p).
    if (p > 0.5) {
      offset = n;
      sign = -1;
      p = 1 - p;
    }
    let acc = 0;
    // Beta splitting until the mean is small enough for inversion.
    while (n * p >= BINV_LIMIT) {
      const a = Math.floor(n / 2) + 1;
      const b = n + 1 - a;
      const y = this.beta(a, b);
      if (y >= p) {
        // The a-th order statistic is above p: all successes are among the a − 1 smaller uniforms.
        n = a - 1;
        p = p / y;
      } else {
        // a successes at or below y, the rest among the b − 1 larger uniforms.
        acc += a;
        n = b - 1;
        p = (p - y) / (1 - y);
      }
    }
    acc += this.binomialInversion(n, p);
    return offset + sign * acc;
  }

  private binomialInversion(n: number, p: number): number {
    if (n === 0 || p === 0) return 0;
    const q = 1 - p;
    const s = p / q;
    const a = (n + 1) * s;
    let lq: number;
    if (p === this.lqP0) lq = this.lqV0;
    else if (p === this.lqP1) lq = this.lqV1;
    else {
      lq = Math.log1p(-p);
      this.lqP1 = this.lqP0;
      this.lqV1 = this.lqV0;
      this.lqP0 = p;
      this.lqV0 = lq;
    }
    const r0 = Math.exp(n * lq);
    for (;;) {
      let r = r0;
      let u = this.rng.next();
      let x = 0;
      while (u > r) {
        u -= r;
        x++;
        if (x > n) break;
        r *= a / x - s;
      }
      if (x <= n) return x;
      // Round-off pushed the search past n (probability ~1e-16): draw again.
    }
  }
}
