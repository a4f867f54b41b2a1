/**
 * CCK-8 figures: imatinib dose–response (viability mean ± SD over biological replicates per dose,
 * the fitted 4PL of each line drawn from its fitted parameters, IC50 marked with its 95 % CI) and
 * proliferation curves (blank-corrected OD450 mean ± SD by day).
 */
import { logistic4 } from '../../analysis/fit/logistic4.js';
import type { ExperimentResult } from '../../experiments/types.js';
import type { PlotFigure } from '../html.js';
import { baseLayout, colorOf, fmt, meanOf, plotText, sdOf, unique } from './common.js';

type Obj = Record<string, unknown>;
const num = (x: unknown): number => (typeof x === 'number' ? x : NaN);

/** The dose–response figure, or null when the experiment has no viability rows. */
export function doseResponseFigure(result: ExperimentResult): PlotFigure | null {
  const rows = result.measurements.filter((m) => m.measure === 'viability_pct' && m.doseUM !== null && m.replicate !== null);
  if (!rows.length) return null;
  const timeH = num(result.summary['timeH']);
  const at = Number.isFinite(timeH) ? rows.filter((m) => m.timeH === timeH) : rows;
  const fits = (result.summary['lines'] ?? {}) as Record<string, Obj>;
  const positive = at.map((m) => m.doseUM!).filter((d) => d > 0);
  if (!positive.length) return null;
  const dMin = Math.min(...positive);
  const dMax = Math.max(...positive);
  // The untreated wells (dose 0) sit one half-decade below the lowest dose, labelled "0".
  const zeroAt = dMin / 10 ** 0.5;
  const xOf = (d: number): number => (d > 0 ? d : zeroAt);
  const data: Record<string, unknown>[] = [];
  const shapes: Record<string, unknown>[] = [];
  const drug = result.experiment.drug ?? 'drug';
  unique(at.map((m) => m.line)).forEach((line, k) => {
    const color = colorOf(k);
    const own = at.filter((m) => m.line === line);
    const doses = unique(own.map((m) => m.doseUM!)).sort((a, b) => a - b);
    const vals = doses.map((d) => own.filter((m) => m.doseUM === d).map((m) => m.value));
    const f = fits[line] ?? {};
    const ic50 = num(f['ic50']);
    const ci = Array.isArray(f['ci95']) ? (f['ci95'] as unknown[]).map(num) : [NaN, NaN];
    data.push({
      type: 'scatter',
      mode: 'markers',
      x: doses.map(xOf),
      y: vals.map(meanOf),
      error_y: { type: 'data', array: vals.map((v) => (Number.isFinite(sdOf(v)) ? sdOf(v) : 0)), visible: true, color },
      marker: { color, size: 7 },
      name: plotText(`${line}: IC50 ${fmt(ic50)} µM [${fmt(ci[0])}, ${fmt(ci[1])}]`),
      legendgroup: plotText(line),
    });
    const params = { bottom: num(f['bottom']), top: num(f['top']), logIC50: Math.log10(ic50), hill: num(f['hill']) };
    if ([params.bottom, params.top, params.logIC50, params.hill].every(Number.isFinite)) {
      const xs = Array.from({ length: 121 }, (_, i) => 10 ** (Math.log10(dMin / 2) + (i / 120) * (Math.log10(dMax * 2) - Math.log10(dMin / 2))));
      data.push({ type: 'scatter', mode: 'lines', x: xs, y: xs.map((x) => logistic4(params, x)), line: { color, width: 2 }, name: plotText(`${line} 4PL`), legendgroup: plotText(line), showlegend: false, hoverinfo: 'skip' });
      const y50 = logistic4(params, ic50);
      data.push({
        type: 'scatter',
        mode: 'markers',
        x: [ic50],
        y: [y50],
        marker: { symbol: 'diamond', size: 11, color, line: { color: '#000', width: 1 } },
        error_x: Number.isFinite(ci[0]!) && Number.isFinite(ci[1]!) ? { type: 'data', symmetric: false, array: [ci[1]! - ic50], arrayminus: [ic50 - ci[0]!], color, visible: true } : { visible: false },
        name: plotText(`${line} IC50`),
        legendgroup: plotText(line),
        showlegend: false,
        hovertemplate: `IC50 %{x:.3g} µM<extra>${plotText(line)}</extra>`,
      });
      shapes.push({ type: 'line', x0: ic50, x1: ic50, y0: 0, y1: y50, line: { color, width: 1, dash: 'dot' } });
    }
  });
  const ticks = [zeroAt, ...unique(positive).sort((a, b) => a - b)];
  const layout = baseLayout(`${drug} dose–response, CCK-8, ${fmt(timeH)} h`, `${drug} (µM, log scale)`, 'viability (% of untreated)');
  return {
    data,
    layout: {
      ...layout,
      shapes,
      xaxis: { ...(layout['xaxis'] as object), type: 'log', tickvals: ticks, ticktext: ticks.map((t) => (t === zeroAt ? '0' : fmt(t))) },
      yaxis: { ...(layout['yaxis'] as object), rangemode: 'tozero' },
    },
  };
}

/** Proliferation curves, or null when the summary has none. */
export function proliferationFigure(result: ExperimentResult): PlotFigure | null {
  const curves = (result.summary['lines'] ?? {}) as Record<string, Obj>;
  const data = Object.entries(curves)
    .filter(([, c]) => Array.isArray(c['days']) && Array.isArray(c['meanOD']))
    .map(([name, c], k) => ({
      type: 'scatter',
      mode: 'lines+markers',
      x: c['days'],
      y: c['meanOD'],
      error_y: { type: 'data', array: Array.isArray(c['sdOD']) ? (c['sdOD'] as unknown[]).map((v) => (Number.isFinite(num(v)) ? v : 0)) : [], visible: true },
      line: { color: colorOf(k) },
      name: plotText(`${name} (doubling ${fmt(c['doublingTimeH'])} h)`),
    }));
  if (!data.length) return null;
  return { data, layout: baseLayout('Proliferation, CCK-8', 'day', 'OD450 − blank (mean ± SD)') };
}
