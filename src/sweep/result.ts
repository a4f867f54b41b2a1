/**
 * A sweep's result from its finished point records (fresh, resumed or merged — the same records give
 * the same result): mean and 95 % CI of every measure at every grid point, the reference line's
 * values, and the knockdown target. Also its tidy CSV table. Pure.
 */
import type { TidyTable } from '../experiments/types.js';
import type { GridAxis } from './grid.js';
import type { MeasureName } from './measures.js';
import type { PointRecord } from './point.js';
import { meanCi95, type MeanCi } from './summary.js';
import { firstCrossingBelow } from './target.js';

/** What `sweep --json` prints and sweep.json holds (plus `axes`, `reference`, `target`, `run`). */
export interface SweepPointResult {
  readonly params: Readonly<Record<string, number>>;
  readonly [measure: string]: unknown;
}

export interface SweepTarget {
  readonly parameter: string;
  readonly measure: 'ic50';
  readonly referenceLine: string;
  /** Mean IC50 (µM) of the reference line with its 95 % CI. */
  readonly referenceIc50: MeanCi;
  /** Parameter value where the mean curve reaches the reference mean (null: nowhere in range). */
  readonly value: number | null;
  readonly status: 'reached' | 'already' | 'not-reached';
  /** Where the CI band's lower and upper edges reach the reference mean (null where they do not). */
  readonly ciBand: readonly [number | null, number | null];
  readonly text: string;
}

export interface SweepResult {
  readonly axes: readonly { readonly name: string; readonly spacing: string; readonly values: readonly number[] }[];
  readonly measures: readonly MeasureName[];
  readonly sweptLine: string;
  readonly points: readonly SweepPointResult[];
  readonly reference: { readonly line: string; readonly values: Readonly<Record<string, MeanCi>> } | null;
  readonly target: SweepTarget | null;
}

export interface SweepDescription {
  readonly axes: readonly GridAxis[];
  readonly measures: readonly MeasureName[];
  readonly sweptLine: string;
  /** Reference line's name, when the run has a reference point (index = number of grid points). */
  readonly referenceLine?: string;
}

function statOf(values: unknown): MeanCi {
  return meanCi95(Array.isArray(values) ? values : []);
}

export function sweepResult(d: SweepDescription, records: readonly PointRecord[]): SweepResult {
  const gridSize = d.axes.reduce((n, a) => n * a.values.length, 1);
  const grid = records.filter((r) => r.index < gridSize).sort((a, b) => a.index - b.index);
  const points = grid.map((r) => {
    const o: Record<string, unknown> = { params: r.params };
    for (const m of d.measures) o[m] = statOf(r.values[m]);
    return o as SweepPointResult;
  });
  const refRecord = d.referenceLine !== undefined ? records.find((r) => r.index === gridSize) : undefined;
  const reference = refRecord && d.referenceLine !== undefined ? { line: d.referenceLine, values: Object.fromEntries(d.measures.map((m) => [m, statOf(refRecord.values[m])])) } : null;
  let target: SweepTarget | null = null;
  if (reference && d.axes.length === 1 && d.measures.includes('ic50') && grid.length === gridSize) {
    const axis = d.axes[0]!;
    const order = points.map((_, i) => i).sort((a, b) => (points[a]!.params[axis.name]! - points[b]!.params[axis.name]!));
    const xs = order.map((i) => points[i]!.params[axis.name]!);
    const stat = (i: number): MeanCi => points[i]!['ic50'] as MeanCi;
    const ref = reference.values['ic50']!;
    const c = firstCrossingBelow(xs, order.map((i) => stat(i).mean), ref.mean);
    const lo = firstCrossingBelow(xs, order.map((i) => stat(i).ci95[0]), ref.mean);
    const hi = firstCrossingBelow(xs, order.map((i) => stat(i).ci95[1]), ref.mean);
    const fmt = (x: number): string => String(Number(x.toPrecision(3)));
    const refText = `${reference.line}'s IC50 (${fmt(ref.mean)} µM)`;
    const text =
      c.status === 'reached'
        ? `${axis.name} ≈ ${fmt(c.x)} brings ${d.sweptLine}'s mean IC50 down to ${refText}`
        : c.status === 'already'
          ? `${d.sweptLine}'s mean IC50 is already at or below ${refText} at ${axis.name} = ${fmt(c.x)}`
          : `no ${axis.name} in ${fmt(Math.min(...xs))}…${fmt(Math.max(...xs))} brings ${d.sweptLine}'s mean IC50 down to ${refText}`;
    target = { parameter: axis.name, measure: 'ic50', referenceLine: reference.line, referenceIc50: ref, value: c.x, status: c.status, ciBand: [lo.x, hi.x], text };
  }
  return {
    axes: d.axes.map((a) => ({ name: a.name, spacing: a.spacing, values: [...a.values] })),
    measures: [...d.measures],
    sweptLine: d.sweptLine,
    points,
    reference,
    target,
  };
}

/** points.csv: one row per grid point — parameters, then <measure>_mean, _ci_lo, _ci_hi, _n. */
export function sweepTable(r: SweepResult): TidyTable {
  const columns = [...r.axes.map((a) => a.name), ...r.measures.flatMap((m) => [`${m}_mean`, `${m}_ci_lo`, `${m}_ci_hi`, `${m}_n`])];
  const rows = r.points.map((p) => [
    ...r.axes.map((a) => p.params[a.name]!),
    ...r.measures.flatMap((m) => {
      const s = p[m] as MeanCi;
      return [s.mean, s.ci95[0], s.ci95[1], s.n];
    }),
  ]);
  return { columns, rows };
}
