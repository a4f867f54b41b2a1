/**
 * Bar charts as the paper draws them: one bar per line, mean ± SD over biological replicates, and
 * significance brackets (*, **, ***, ns) between pairs of lines. The p-value of a bracket is the
 * claim's own (repeat 0, the claims checker's test) when a claim compares that pair on that measure;
 * otherwise a Welch t-test computed here (log scale for ratio measures, as the checker does).
 */
import { welchTTest } from '../../analysis/stats/t-test.js';
import { isRatioMeasure, type Claim } from '../../checks/claim.js';
import type { PaperClaimResult } from '../../checks/run-paper.js';
import type { Measurement } from '../../experiments/types.js';
import type { PlotFigure } from '../html.js';
import { baseLayout, colorOf, fmt, meanOf, plotText, sdOf, stars, unique } from './common.js';

export interface BarGroup {
  readonly line: string;
  /** One value per biological replicate. */
  readonly values: readonly number[];
}

export interface Significance {
  readonly a: string;
  readonly b: string;
  readonly p: number | null;
  /** Where p comes from, e.g. "claim C1" or "Welch t-test (log scale)". */
  readonly source: string;
}

/** The claims and their results, to take brackets' p-values from. */
export interface ClaimContext {
  readonly claims: readonly Claim[];
  readonly results: readonly PaperClaimResult[];
}

/** Which rows a figure shows. `doseUM` undefined means any dose (e.g. no treatment). */
export interface BarSelection {
  readonly measure: string;
  readonly doseUM?: number;
  readonly timeH?: number;
}

function selected(m: Measurement, sel: BarSelection): boolean {
  return m.measure === sel.measure && m.replicate !== null && (sel.doseUM === undefined || m.doseUM === sel.doseUM) && (sel.timeH === undefined || m.timeH === sel.timeH);
}

/** Per-replicate values of each line, lines in order of first appearance. */
export function barGroups(ms: readonly Measurement[], sel: BarSelection): BarGroup[] {
  const rows = ms.filter((m) => selected(m, sel));
  return unique(rows.map((m) => m.line)).map((line) => ({ line, values: rows.filter((m) => m.line === line).map((m) => m.value) }));
}

/** Brackets from claims whose checks compare two of these lines on this measure (and dose/time, when the claim fixes them). */
export function claimSignificance(ctx: ClaimContext, sel: BarSelection, lines: readonly string[]): Significance[] {
  const out: Significance[] = [];
  for (const claim of ctx.claims) {
    const result = ctx.results.find((r) => r.id === claim.id);
    claim.checks.forEach((check, k) => {
      const a = check.a;
      const b = check.b;
      const comparison = check.comparison ?? claim.comparison;
      // Only group comparisons carry a test's p; range checks (a ratio inside a tolerance) do not.
      if (!a || !b || (comparison !== 'greater' && comparison !== 'less')) return;
      const measureA = a.measure ?? check.select.measure;
      const measureB = b.measure ?? check.select.measure;
      const lineA = a.line ?? check.select.line;
      const lineB = b.line ?? check.select.line;
      const dose = a.doseUM !== undefined ? a.doseUM : check.select.doseUM;
      const time = a.timeH ?? check.select.timeH;
      if (measureA !== sel.measure || measureB !== sel.measure || lineA === undefined || lineB === undefined) return;
      if (!lines.includes(lineA) || !lines.includes(lineB) || lineA === lineB) return;
      if (dose !== undefined && sel.doseUM !== undefined && dose !== sel.doseUM) return;
      if (time !== undefined && sel.timeH !== undefined && time !== sel.timeH) return;
      const p = result?.checks[k]?.pValue ?? null;
      if (!out.some((s) => s.a === lineA && s.b === lineB)) out.push({ a: lineA, b: lineB, p, source: `claim ${claim.id}` });
    });
  }
  return out;
}

/** Welch t-test of two lines' replicate values (log scale for ratio measures); null p when not computable. */
export function welchSignificance(groups: readonly BarGroup[], measure: string, a: string, b: string): Significance {
  const log = isRatioMeasure(measure);
  const values = (line: string): number[] => {
    const v = (groups.find((g) => g.line === line)?.values ?? []).filter(Number.isFinite);
    return log ? (v.every((x) => x > 0) ? v.map(Math.log) : []) : v;
  };
  const va = values(a);
  const vb = values(b);
  let p: number | null = null;
  if (va.length >= 2 && vb.length >= 2) {
    const t = welchTTest(va, vb);
    p = Number.isFinite(t.pValue) ? t.pValue : null;
  }
  return { a, b, p, source: `Welch t-test${log ? ' (log scale)' : ''}` };
}

/**
 * Brackets for a figure: the claims' comparisons when there are any; otherwise each line against
 * `control` (when given and present), variant lines (names with '[') left out to keep the figure readable.
 */
export function significanceFor(groups: readonly BarGroup[], sel: BarSelection, ctx: ClaimContext | undefined, control: string | undefined): Significance[] {
  const lines = groups.map((g) => g.line);
  if (ctx) {
    const fromClaims = claimSignificance(ctx, sel, lines);
    if (fromClaims.length) return fromClaims;
  }
  if (control === undefined || !lines.includes(control)) return [];
  return lines.filter((l) => l !== control && !l.includes('[')).map((l) => welchSignificance(groups, sel.measure, l, control));
}

/** One bar per line (mean ± SD, replicate dots on top), brackets for the given comparisons. */
export function barFigure(title: string, yTitle: string, groups: readonly BarGroup[], brackets: readonly Significance[]): PlotFigure {
  const lines = groups.map((g) => g.line);
  const means = groups.map((g) => meanOf(g.values));
  const sds = groups.map((g) => sdOf(g.values));
  const top = Math.max(0, ...groups.map((g, i) => Math.max(means[i]! + (Number.isFinite(sds[i]!) ? sds[i]! : 0), ...g.values.filter(Number.isFinite))));
  const names = lines.map(plotText);
  const data: Record<string, unknown>[] = [
    {
      type: 'bar',
      x: names,
      y: means,
      error_y: { type: 'data', array: sds.map((s) => (Number.isFinite(s) ? s : 0)), visible: true, thickness: 1.5, width: 6 },
      marker: { color: lines.map((_, i) => colorOf(i)), opacity: 0.75 },
      name: 'mean ± SD',
      hovertemplate: '%{x}: %{y:.3g}<extra></extra>',
    },
    {
      type: 'scatter',
      mode: 'markers',
      x: groups.flatMap((g) => g.values.map(() => plotText(g.line))),
      y: groups.flatMap((g) => g.values),
      marker: { color: '#222', size: 5 },
      name: 'replicates',
      hovertemplate: '%{x}: %{y:.3g}<extra>replicate</extra>',
    },
  ];
  const shapes: Record<string, unknown>[] = [];
  const annotations: Record<string, unknown>[] = [];
  const step = top > 0 ? top * 0.09 : 1;
  brackets.forEach((s, k) => {
    const ia = lines.indexOf(s.a);
    const ib = lines.indexOf(s.b);
    if (ia < 0 || ib < 0) return;
    const y = top + step * (k + 1);
    const [x0, x1] = ia < ib ? [ia, ib] : [ib, ia];
    shapes.push({ type: 'path', xref: 'x', yref: 'y', path: `M ${x0},${y - step * 0.3} L ${x0},${y} L ${x1},${y} L ${x1},${y - step * 0.3}`, line: { color: '#333', width: 1 } });
    annotations.push({
      xref: 'x',
      yref: 'y',
      x: (x0 + x1) / 2,
      y,
      yanchor: 'bottom',
      showarrow: false,
      text: plotText(stars(s.p)),
      hovertext: plotText(`${s.a} vs ${s.b}: p = ${fmt(s.p)} (${s.source})`),
      font: { size: 13 },
    });
  });
  const layout = baseLayout(title, '', yTitle);
  return {
    data,
    layout: { ...layout, showlegend: false, shapes, annotations, yaxis: { ...(layout['yaxis'] as object), rangemode: 'tozero', range: [0, (top + step * (brackets.length + 1.2)) * 1.02] } },
  };
}
