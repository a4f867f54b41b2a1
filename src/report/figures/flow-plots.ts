/**
 * Flow-cytometry figures from the tubes an experiment recorded (its FCS datasets, raw events):
 * - DCF: histograms of FITC-A (log₁₀ scale, % of gated events per bin) overlaid per line, one
 *   figure per dose, replicate 1 — the paper's overlaid ROS histograms.
 * - Annexin V/PI: dot plots of compensated FITC-A vs PE-A on an arcsinh scale (cofactor 150, as
 *   the gating uses), a deterministic subsample of the scatter-gated events, the quadrant gates the
 *   experiment set, and the quadrant percentages it measured (from its summary, not recomputed).
 * The scatter gate is re-derived from the same control tube with the experiment's own function.
 */
import { compensateEvents, FITC, FSC, PE, type FlowEvents } from '../../assays/flow/events.js';
import { applyScatterGate, scatterGateFromControl } from '../../assays/flow/gating.js';
import type { ExperimentResult, FcsOutput } from '../../experiments/types.js';
import type { PlotFigure } from '../html.js';
import { baseLayout, colorOf, fmt, plotText, unique } from './common.js';

type Obj = Record<string, unknown>;

interface TubeInfo {
  readonly line: string;
  readonly doseUM: number;
  readonly timeH: number;
  readonly replicate: number;
  readonly fcs: FcsOutput;
  readonly sample: Obj;
}

/** Tubes of the summary's `samples` that have FCS data, matched by file name. */
function tubes(result: ExperimentResult): TubeInfo[] {
  const samples = Array.isArray(result.summary['samples']) ? (result.summary['samples'] as Obj[]) : [];
  const byFile = new Map(result.fcs.map((f) => [f.fileName, f]));
  const out: TubeInfo[] = [];
  for (const s of samples) {
    const f = typeof s['fcs'] === 'string' ? byFile.get(s['fcs']) : undefined;
    if (!f || typeof s['line'] !== 'string' || typeof s['doseUM'] !== 'number' || typeof s['replicate'] !== 'number' || typeof s['timeH'] !== 'number') continue;
    out.push({ line: s['line'], doseUM: s['doseUM'], timeH: s['timeH'], replicate: s['replicate'], fcs: f, sample: s });
  }
  return out;
}

/** The FCS dataset as events (raw, with its spillover), for the gating and compensation functions. */
function eventsOf(f: FcsOutput): FlowEvents | null {
  const d = f.dataset;
  if (!d.spillover) return null;
  return {
    parameters: d.parameters.map((p) => ({ name: p.name, range: p.range, ...(p.stain !== undefined ? { stain: p.stain } : {}) })),
    eventCount: d.eventCount,
    data: d.data.map((c) => (c instanceof Float32Array ? c : Float32Array.from(c))),
    spillover: { parameters: [...d.spillover.parameters], values: Float64Array.from(d.spillover.values) },
    compensated: false,
    truthStage: new Uint8Array(d.eventCount),
  };
}

function column(e: FlowEvents, name: string): Float32Array | null {
  const i = e.parameters.findIndex((p) => p.name === name);
  return i < 0 ? null : e.data[i]!;
}

const HIST_BINS = 80;

/** DCF histograms: one figure per dose (replicate 1, first time point). Empty when no tube has events. */
export function dcfHistogramFigures(result: ExperimentResult): Record<string, PlotFigure> {
  const all = tubes(result);
  if (!all.length) return {};
  const rep = Math.min(...all.map((t) => t.replicate));
  const time = Math.min(...all.map((t) => t.timeH));
  const ts = all.filter((t) => t.replicate === rep && t.timeH === time);
  const ref = typeof result.summary['referenceLine'] === 'string' ? result.summary['referenceLine'] : ts[0]!.line;
  const control = ts.find((t) => t.line === ref && t.doseUM === 0) ?? ts[0]!;
  const controlEvents = eventsOf(control.fcs);
  if (!controlEvents) return {};
  const gate = scatterGateFromControl(controlEvents);
  // One log₁₀ axis for all tubes of the replicate so the overlays are comparable.
  const logs = ts.map((t) => {
    const e = eventsOf(t.fcs);
    const fitc = e ? column(e, FITC) : null;
    if (!e || !fitc || !column(e, FSC)) return [];
    const mask = applyScatterGate(e, gate);
    const out: number[] = [];
    for (let i = 0; i < e.eventCount; i++) if (mask[i] && fitc[i]! > 0) out.push(Math.log10(fitc[i]!));
    return out;
  });
  const flat = logs.flat();
  if (!flat.length) return {};
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of flat) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const width = (hi - lo) / HIST_BINS || 1;
  const centres = Array.from({ length: HIST_BINS }, (_, k) => 10 ** (lo + (k + 0.5) * width));
  const lines = unique(ts.map((t) => t.line));
  const figures: Record<string, PlotFigure> = {};
  unique(ts.map((t) => t.doseUM)).forEach((dose, d) => {
    const data = ts
      .map((t, i) => ({ t, v: logs[i]! }))
      .filter(({ t }) => t.doseUM === dose)
      .map(({ t, v }) => {
        const counts = new Array<number>(HIST_BINS).fill(0);
        for (const x of v) counts[Math.min(HIST_BINS - 1, Math.floor((x - lo) / width))]!++;
        const k = lines.indexOf(t.line);
        return {
          type: 'scatter',
          mode: 'lines',
          line: { shape: 'hvh', color: colorOf(k), width: 1.6 },
          fill: 'tozeroy',
          opacity: 0.5,
          x: centres,
          y: counts.map((c) => (v.length ? (100 * c) / v.length : 0)),
          name: plotText(`${t.line} (MFI ${fmt(t.sample['mfi'], 4)}, fold ${fmt(t.sample['fold'])})`),
        };
      });
    const layout = baseLayout(`DCF fluorescence, ${fmt(dose)} µM, ${fmt(time)} h, replicate ${rep}`, 'DCF (FITC-A, log scale)', '% of gated events');
    figures[`dcf-hist-${d}`] = { data, layout: { ...layout, xaxis: { ...(layout['xaxis'] as object), type: 'log' } } };
  });
  return figures;
}

const COFACTOR = 150;
const MAX_DOTS = 1500;
const asinhScale = (x: number): number => Math.asinh(x / COFACTOR);

function asinhAxis(title: string, maxRaw: number): Record<string, unknown> {
  const ticks = [-100, 0, 100, 1000, 10000, 100000].filter((v) => v <= Math.max(1000, maxRaw * 1.5));
  return { title: { text: plotText(title) }, tickvals: ticks.map(asinhScale), ticktext: ticks.map((v) => (Math.abs(v) >= 1000 ? `${v / 1000}k` : String(v))), zeroline: false, automargin: true };
}

/** Annexin V/PI dot plots: one per line × dose (replicate 1, first time point), all on the same axes. */
export function annexinDotFigures(result: ExperimentResult): Record<string, PlotFigure> {
  const all = tubes(result);
  if (!all.length) return {};
  const rep = Math.min(...all.map((t) => t.replicate));
  const time = Math.min(...all.map((t) => t.timeH));
  const ts = all.filter((t) => t.replicate === rep && t.timeH === time);
  const plots: { t: TubeInfo; x: number[]; y: number[]; gated: number; maxA: number; maxP: number }[] = [];
  for (const line of unique(ts.map((t) => t.line))) {
    const ofLine = ts.filter((t) => t.line === line);
    const control = ofLine.find((t) => t.doseUM === 0) ?? ofLine[0]!;
    const ctlRaw = eventsOf(control.fcs);
    if (!ctlRaw) continue;
    const gate = scatterGateFromControl(compensateEvents(ctlRaw));
    for (const t of ofLine) {
      const raw = eventsOf(t.fcs);
      if (!raw) continue;
      const e = compensateEvents(raw);
      const a = column(e, FITC);
      const p = column(e, PE);
      if (!a || !p) continue;
      const mask = applyScatterGate(e, gate);
      const idx: number[] = [];
      for (let i = 0; i < e.eventCount; i++) if (mask[i]) idx.push(i);
      const stride = Math.max(1, Math.ceil(idx.length / MAX_DOTS));
      const shown = idx.filter((_, j) => j % stride === 0);
      plots.push({
        t,
        x: shown.map((i) => asinhScale(a[i]!)),
        y: shown.map((i) => asinhScale(p[i]!)),
        gated: idx.length,
        maxA: shown.reduce((m, i) => Math.max(m, a[i]!), 1000),
        maxP: shown.reduce((m, i) => Math.max(m, p[i]!), 1000),
      });
    }
  }
  const maxA = Math.max(1000, ...plots.map((q) => q.maxA));
  const maxP = Math.max(1000, ...plots.map((q) => q.maxP));
  const xMin = asinhScale(-200);
  const yMin = asinhScale(-200);
  const xMax = asinhScale(maxA) * 1.02;
  const yMax = asinhScale(maxP) * 1.02;
  const figures: Record<string, PlotFigure> = {};
  plots.forEach(({ t, x, y, gated }, k) => {
    const gates = (t.sample['gates'] ?? {}) as Obj;
    const gA = typeof gates['fitc'] === 'number' ? gates['fitc'] : NaN;
    const gP = typeof gates['pe'] === 'number' ? gates['pe'] : NaN;
    const pct = (key: string): string => `${fmt(t.sample[key])} %`;
    const shapes = Number.isFinite(gA) && Number.isFinite(gP)
      ? [
          { type: 'line', x0: asinhScale(gA), x1: asinhScale(gA), y0: yMin, y1: yMax, line: { color: '#b3261e', width: 1.5, dash: 'dash' } },
          { type: 'line', x0: xMin, x1: xMax, y0: asinhScale(gP), y1: asinhScale(gP), line: { color: '#b3261e', width: 1.5, dash: 'dash' } },
        ]
      : [];
    const corner = (cx: number, cy: number, xa: string, ya: string, label: string): Obj => ({ xref: 'paper', yref: 'paper', x: cx, y: cy, xanchor: xa, yanchor: ya, showarrow: false, text: plotText(label), font: { size: 12, color: '#b3261e' }, bgcolor: 'rgba(255,255,255,0.7)' });
    const layout = baseLayout(`${t.line}, ${fmt(t.doseUM)} µM, ${fmt(time)} h (${x.length} of ${gated} events, rep. ${rep})`, '', '');
    figures[`annexin-dots-${k}`] = {
      data: [{ type: 'scatter', mode: 'markers', x, y, marker: { size: 3, color: '#24364f', opacity: 0.45 }, hoverinfo: 'skip', name: plotText(t.line) }],
      layout: {
        ...layout,
        showlegend: false,
        xaxis: { ...asinhAxis('Annexin V-FITC (compensated, arcsinh scale)', maxA), range: [xMin, xMax] },
        yaxis: { ...asinhAxis('PI (compensated, arcsinh scale)', maxP), range: [yMin, yMax] },
        shapes,
        annotations: [
          corner(0.01, 0.01, 'left', 'bottom', `viable ${pct('viable')}`),
          corner(0.99, 0.01, 'right', 'bottom', `early ${pct('earlyApoptotic')}`),
          corner(0.99, 0.99, 'right', 'top', `late ${pct('lateApoptotic')}`),
          corner(0.01, 0.99, 'left', 'top', `necrotic ${pct('necrotic')}`),
        ],
      },
    };
  });
  return figures;
}
