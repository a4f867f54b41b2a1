/**
 * Shared pieces of the report's figures: plotly text escaping, colours, number formatting, and
 * "this figure's data is missing" notes.
 */
import { escapeHtml, h, type Html } from '../html.js';

/**
 * Text for plotly labels (trace names, titles, annotations). Plotly renders a subset of HTML tags in
 * labels (<b>, <a href>…) and decodes entities, so escaping shows names literally and never as markup.
 */
export function plotText(s: string): string {
  return escapeHtml(s);
}

export const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf', '#7f7f7f', '#bcbd22'];

export function colorOf(k: number): string {
  return PALETTE[k % PALETTE.length]!;
}

/** A number for tables: 3 significant digits, exponent for very large/small, '–' for missing. */
export function fmt(x: unknown, digits = 3): string {
  if (typeof x !== 'number' || !Number.isFinite(x)) return '–';
  return Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(2) : String(Number(x.toPrecision(digits)));
}

export function missing(what: string): Html {
  return h('p', { class: 'missing' }, `No data for this figure: ${what}.`);
}

/** Significance stars as figures conventionally show them. */
export function stars(p: number | null): string {
  if (p === null || !Number.isFinite(p)) return 'n/a';
  return p < 0.001 ? '***' : p < 0.01 ? '**' : p < 0.05 ? '*' : 'ns';
}

export function meanOf(xs: readonly number[]): number {
  const f = xs.filter(Number.isFinite);
  return f.length ? f.reduce((s, v) => s + v, 0) / f.length : NaN;
}

export function sdOf(xs: readonly number[]): number {
  const f = xs.filter(Number.isFinite);
  if (f.length < 2) return NaN;
  const m = meanOf(f);
  return Math.sqrt(f.reduce((s, v) => s + (v - m) ** 2, 0) / (f.length - 1));
}

/** Unique values in first-seen order. */
export function unique<T>(xs: Iterable<T>): T[] {
  return [...new Set(xs)];
}

export function baseLayout(title: string, xTitle: string, yTitle: string): Record<string, unknown> {
  return {
    title: { text: plotText(title), font: { size: 14 } },
    xaxis: { title: { text: plotText(xTitle) }, automargin: true },
    yaxis: { title: { text: plotText(yTitle) }, automargin: true },
    margin: { l: 60, r: 20, t: 48, b: 60 },
    font: { family: 'system-ui, sans-serif', size: 12 },
    paper_bgcolor: '#fff',
    plot_bgcolor: '#fff',
    legend: { orientation: 'h', y: -0.2 },
  };
}
