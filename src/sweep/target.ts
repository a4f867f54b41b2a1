/**
 * The parameter value at which a falling curve first reaches a target level — e.g. the knockdown at
 * which K562/G01's mean IC50 comes down to the parental K562 IC50 — by linear interpolation between
 * the two grid points that bracket the first crossing.
 */
export type Crossing =
  | { readonly status: 'reached'; readonly x: number }
  /** Already at or below the level at the first grid point. */
  | { readonly status: 'already'; readonly x: number }
  | { readonly status: 'not-reached'; readonly x: null };

/** xs ascending; ys the curve (NaN points are skipped). */
export function firstCrossingBelow(xs: readonly number[], ys: readonly number[], level: number): Crossing {
  const pts = xs.map((x, i) => [x, ys[i]!] as const).filter(([, y]) => Number.isFinite(y));
  if (!Number.isFinite(level) || pts.length === 0) return { status: 'not-reached', x: null };
  if (pts[0]![1] <= level) return { status: 'already', x: pts[0]![0] };
  for (let i = 1; i < pts.length; i++) {
    const [x1, y1] = pts[i]!;
    if (y1 <= level) {
      const [x0, y0] = pts[i - 1]!;
      return { status: 'reached', x: x0 + ((level - y0) * (x1 - x0)) / (y1 - y0) };
    }
  }
  return { status: 'not-reached', x: null };
}
