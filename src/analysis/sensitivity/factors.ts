/**
 * Input factors of a sensitivity analysis: a named range and how the unit interval maps onto it.
 * Designs (morris.ts, sobol.ts) are drawn in the unit hypercube and mapped to parameter values here:
 * linear `lower + u·(upper − lower)`, or log-uniform `lower·(upper/lower)^u` for rate constants
 * known only to within a fold range.
 */
export interface Factor {
  readonly name: string;
  readonly lower: number;
  readonly upper: number;
  readonly scale: 'linear' | 'log';
}

export function checkFactors(factors: readonly Factor[]): void {
  if (factors.length === 0) throw new RangeError('sensitivity: need at least one factor');
  const seen = new Set<string>();
  for (const f of factors) {
    if (seen.has(f.name)) throw new RangeError(`sensitivity: factor ${f.name} given twice`);
    seen.add(f.name);
    if (!Number.isFinite(f.lower) || !Number.isFinite(f.upper) || !(f.upper > f.lower)) {
      throw new RangeError(`sensitivity: factor ${f.name} needs finite lower < upper, got [${f.lower}, ${f.upper}]`);
    }
    if (f.scale === 'log' && !(f.lower > 0)) throw new RangeError(`sensitivity: log-scaled factor ${f.name} needs lower > 0, got ${f.lower}`);
  }
}

/** Parameter value of unit coordinate u ∈ [0, 1]. */
export function fromUnit(f: Factor, u: number): number {
  return f.scale === 'log' ? f.lower * Math.pow(f.upper / f.lower, u) : f.lower + u * (f.upper - f.lower);
}

/** Map a unit-cube point to named parameter values. */
export function toParams(factors: readonly Factor[], unit: ArrayLike<number>): Record<string, number> {
  const out: Record<string, number> = {};
  factors.forEach((f, i) => (out[f.name] = fromUnit(f, unit[i]!)));
  return out;
}
