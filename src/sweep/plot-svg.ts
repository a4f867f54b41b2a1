/**
 * A small self-contained SVG of a sweep: one panel per measure, the first swept parameter on x, the
 * mean as a line with markers and its 95 % CI as a shaded band; one series per combination of the
 * other parameters; the reference line's mean dashed, the knockdown target marked. Pure: result in,
 * SVG text out (the interactive HTML report reads sweep.json instead).
 */
import { MEASURES } from './measures.js';
import type { SweepResult } from './result.js';
import type { MeanCi } from './summary.js';

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf'];
const W = 640;
const H = 300;
const M = { left: 70, right: 20, top: 30, bottom: 45 };

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function num(x: number): string {
  return String(Math.round(x * 100) / 100);
}

function tick(x: number): string {
  return Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-2 && x !== 0) ? x.toExponential(1) : String(Number(x.toPrecision(3)));
}

/** About five round ticks over [lo, hi]. */
function linearTicks(lo: number, hi: number): number[] {
  const span = hi - lo || Math.abs(hi) || 1;
  const step0 = span / 5;
  const mag = 10 ** Math.floor(Math.log10(step0));
  const step = [1, 2, 5, 10].map((f) => f * mag).find((s) => s >= step0)!;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return out;
}

export function sweepSvg(r: SweepResult): string {
  const axis = r.axes[0]!;
  const logX = axis.spacing === 'log';
  const others = r.axes.slice(1);
  const key = (p: Readonly<Record<string, number>>): string => others.map((a) => `${a.name}=${tick(p[a.name]!)}`).join(', ');
  const seriesKeys = [...new Set(r.points.map((p) => key(p.params)))];
  const xsAll = axis.values;
  const fx0 = (x: number): number => (logX ? Math.log10(x) : x);
  const xlo = Math.min(...xsAll.map(fx0));
  const xhi = Math.max(...xsAll.map(fx0));
  const panels: string[] = [];
  r.measures.forEach((measure, k) => {
    const stats = r.points.map((p) => p[measure] as MeanCi);
    const ys = stats.flatMap((s) => [s.mean, s.ci95[0], s.ci95[1]]).filter(Number.isFinite);
    const ref = r.reference?.values[measure];
    if (ref && Number.isFinite(ref.mean)) ys.push(ref.mean);
    let ylo = ys.length ? Math.min(...ys) : 0;
    let yhi = ys.length ? Math.max(...ys) : 1;
    if (ylo > 0 && ylo < 0.5 * yhi) ylo = 0;
    const pad = (yhi - ylo || Math.abs(yhi) || 1) * 0.08;
    ylo -= ylo === 0 ? 0 : pad;
    yhi += pad;
    const oy = k * H;
    const px = (x: number): number => M.left + ((fx0(x) - xlo) / (xhi - xlo || 1)) * (W - M.left - M.right);
    const py = (y: number): number => oy + H - M.bottom - ((y - ylo) / (yhi - ylo || 1)) * (H - M.top - M.bottom);
    const g: string[] = [];
    g.push(`<text x="${M.left}" y="${oy + 18}" font-size="14" font-weight="bold">${esc(`${MEASURES[measure].label} vs ${axis.name} — ${r.sweptLine}`)}</text>`);
    for (const t of linearTicks(ylo, yhi)) {
      g.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${num(py(t))}" y2="${num(py(t))}" stroke="#eee"/><text x="${M.left - 6}" y="${num(py(t) + 4)}" font-size="11" text-anchor="end">${tick(t)}</text>`);
    }
    const xt = logX ? linearTicks(xlo, xhi).filter((t) => Number.isInteger(t)).map((t) => 10 ** t) : linearTicks(xlo, xhi);
    for (const t of xt.length ? xt : xsAll) {
      g.push(`<text x="${num(px(t))}" y="${oy + H - M.bottom + 16}" font-size="11" text-anchor="middle">${tick(t)}</text>`);
    }
    g.push(`<rect x="${M.left}" y="${oy + M.top}" width="${W - M.left - M.right}" height="${H - M.top - M.bottom}" fill="none" stroke="#999"/>`);
    g.push(`<text x="${(M.left + W - M.right) / 2}" y="${oy + H - 8}" font-size="12" text-anchor="middle">${esc(axis.name + (logX ? ' (log scale)' : ''))}</text>`);
    seriesKeys.forEach((sk, s) => {
      const color = COLORS[s % COLORS.length]!;
      const pts = r.points
        .filter((p) => key(p.params) === sk)
        .map((p) => ({ x: p.params[axis.name]!, s: p[measure] as MeanCi }))
        .sort((a, b) => a.x - b.x);
      const band = pts.filter((p) => Number.isFinite(p.s.ci95[0]) && Number.isFinite(p.s.ci95[1]));
      if (band.length > 1) {
        const upper = band.map((p) => `${num(px(p.x))},${num(py(p.s.ci95[1]))}`);
        const lower = band.map((p) => `${num(px(p.x))},${num(py(p.s.ci95[0]))}`).reverse();
        g.push(`<polygon points="${[...upper, ...lower].join(' ')}" fill="${color}" fill-opacity="0.18" stroke="none"/>`);
      }
      const line = pts.filter((p) => Number.isFinite(p.s.mean));
      g.push(`<polyline points="${line.map((p) => `${num(px(p.x))},${num(py(p.s.mean))}`).join(' ')}" fill="none" stroke="${color}" stroke-width="2"/>`);
      for (const p of line) g.push(`<circle cx="${num(px(p.x))}" cy="${num(py(p.s.mean))}" r="3" fill="${color}"><title>${esc(`${axis.name}=${tick(p.x)}${sk ? `, ${sk}` : ''}: ${tick(p.s.mean)} [${tick(p.s.ci95[0])}, ${tick(p.s.ci95[1])}], n=${p.s.n}`)}</title></circle>`);
      if (sk) g.push(`<text x="${W - M.right - 4}" y="${oy + M.top + 14 + 14 * s}" font-size="11" text-anchor="end" fill="${color}">${esc(sk)}</text>`);
    });
    if (ref && Number.isFinite(ref.mean)) {
      g.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${num(py(ref.mean))}" y2="${num(py(ref.mean))}" stroke="#555" stroke-dasharray="5,4"/><text x="${M.left + 4}" y="${num(py(ref.mean) - 4)}" font-size="11" fill="#555">${esc(`${r.reference!.line}: ${tick(ref.mean)}`)}</text>`);
    }
    if (measure === 'ic50' && r.target && r.target.value !== null) {
      const x = px(r.target.value);
      g.push(`<line x1="${num(x)}" x2="${num(x)}" y1="${oy + M.top}" y2="${oy + H - M.bottom}" stroke="#000" stroke-dasharray="2,3"/><text x="${num(x + 4)}" y="${oy + M.top + 12}" font-size="11">${esc(`${r.target.parameter} ≈ ${tick(r.target.value)}`)}</text>`);
    }
    panels.push(`<g>${g.join('')}</g>`);
  });
  const height = H * r.measures.length;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${height}" viewBox="0 0 ${W} ${height}" font-family="sans-serif"><rect width="${W}" height="${height}" fill="#fff"/>${panels.join('')}</svg>\n`;
}
