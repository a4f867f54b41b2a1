/**
 * Gauss–Legendre quadrature nodes and weights on [−1, 1], found by Newton's method on the Legendre
 * polynomial P_n from the Chebyshev-like initial guesses cos(π(i − 1/4)/(n + 1/2))
 * (Numerical Recipes 3rd ed. §4.6, `gauleg`); exact for polynomials of degree ≤ 2n − 1.
 */
export interface GaussLegendreRule {
  readonly nodes: Float64Array;
  readonly weights: Float64Array;
}

export function gaussLegendre(n: number): GaussLegendreRule {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`gaussLegendre: need an integer n >= 1, got ${n}`);
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  const m = Math.floor((n + 1) / 2);
  for (let i = 0; i < m; i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let pp = 0;
    for (let iter = 0; iter < 100; iter++) {
      let p1 = 1;
      let p2 = 0;
      for (let j = 0; j < n; j++) {
        const p3 = p2;
        p2 = p1;
        p1 = ((2 * j + 1) * z * p2 - j * p3) / (j + 1);
      }
      pp = (n * (z * p1 - p2)) / (z * z - 1);
      const z1 = z;
      z = z1 - p1 / pp;
      if (Math.abs(z - z1) < 1e-15) break;
    }
    nodes[i] = -z;
    nodes[n - 1 - i] = z;
    const w = 2 / ((1 - z * z) * pp * pp);
    weights[i] = w;
    weights[n - 1 - i] = w;
  }
  return { nodes, weights };
}

/** ∫_a^b f by the composite rule: `pieces` equal subintervals, each with `rule`. */
export function integrateComposite(f: (x: number) => number, a: number, b: number, pieces: number, rule: GaussLegendreRule): number {
  const h = (b - a) / pieces;
  let total = 0;
  for (let p = 0; p < pieces; p++) {
    const mid = a + (p + 0.5) * h;
    let s = 0;
    for (let i = 0; i < rule.nodes.length; i++) s += rule.weights[i]! * f(mid + 0.5 * h * rule.nodes[i]!);
    total += 0.5 * h * s;
  }
  return total;
}
