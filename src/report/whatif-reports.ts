/**
 * Reports of the what-if commands, built from the JSON documents they write (sweep.json, combo.json,
 * sensitivity.json), so a report can be rebuilt from a finished run's folder:
 * - sweep: each measure against the swept parameter, mean with its 95 % CI band, the reference
 *   line's level and the knockdown target (one axis); heatmaps of the means (two axes);
 * - combo: viability and δ-synergy heatmaps (Bliss, HSA, Loewe, ZIP), scores with their spread,
 *   the ranked hypotheses;
 * - sensitivity: Morris μ*–σ plot and tornado of μ* (CI), or Sobol S1/ST tornado (CI).
 * Every field is read defensively: a missing one leaves its figure saying so.
 */
import { fmt, missing, plotText, colorOf, baseLayout } from './figures/common.js';
import { fragment, h, plotDiv, renderReport, type Html, type PlotFigure, type ReportSection } from './html.js';

type Obj = Record<string, unknown>;
const obj = (x: unknown): Obj => (x !== null && typeof x === 'object' && !Array.isArray(x) ? (x as Obj) : {});
const arr = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);
const num = (x: unknown): number => (typeof x === 'number' ? x : NaN);
const str = (x: unknown, dflt = ''): string => (typeof x === 'string' ? x : typeof x === 'number' ? String(x) : dflt);

export interface WhatIfMeta {
  readonly plotlyJs: string;
}

function table(head: readonly string[], rows: readonly (readonly (string | number)[])[]): Html {
  return h('table', null,
    h('thead', null, h('tr', null, head.map((c) => h('th', null, c)))),
    h('tbody', null, rows.map((r) => h('tr', null, r.map((c) => (typeof c === 'number' ? h('td', { class: 'num' }, fmt(c)) : h('td', null, c)))))));
}

function runSection(fields: readonly [string, unknown][]): ReportSection {
  return { id: 'run', title: 'Run', body: table(['field', 'value'], fields.filter(([, v]) => v !== undefined).map(([k, v]) => [k, typeof v === 'object' ? JSON.stringify(v) : str(v, String(v))])) };
}

// ---------------------------------------------------------------------------------------------- sweep

/** Report of `nrf2sim sweep` from its sweep.json document. */
export function sweepReportHtml(data: unknown, meta: WhatIfMeta): string {
  const d = obj(data);
  const axes = arr(d['axes']).map(obj);
  const measures = arr(d['measures']).map((m) => str(m));
  const points = arr(d['points']).map(obj);
  const reference = d['reference'] ? obj(d['reference']) : null;
  const target = d['target'] ? obj(d['target']) : null;
  const swept = str(d['sweptLine'], 'the swept line');
  const figures: Record<string, PlotFigure> = {};
  let body: Html;
  const stat = (p: Obj, m: string): { mean: number; lo: number; hi: number; n: number } => {
    const s = obj(p[m]);
    const ci = arr(s['ci95']);
    return { mean: num(s['mean']), lo: num(ci[0]), hi: num(ci[1]), n: num(s['n']) };
  };
  if (!points.length || !axes.length || !measures.length) body = missing('the sweep has no points, axes or measures');
  else if (axes.length === 1) {
    const axis = str(axes[0]!['name']);
    const logX = str(axes[0]!['spacing']) === 'log';
    const sorted = [...points].sort((a, b) => num(obj(a['params'])[axis]) - num(obj(b['params'])[axis]));
    const xs = sorted.map((p) => num(obj(p['params'])[axis]));
    measures.forEach((m, k) => {
      const s = sorted.map((p) => stat(p, m));
      const color = colorOf(k);
      const data: Obj[] = [
        { type: 'scatter', mode: 'lines', x: xs, y: s.map((v) => v.hi), line: { width: 0 }, showlegend: false, hoverinfo: 'skip', name: 'CI hi' },
        { type: 'scatter', mode: 'lines', x: xs, y: s.map((v) => v.lo), line: { width: 0 }, fill: 'tonexty', fillcolor: 'rgba(31,119,180,0.18)', name: '95% CI', hoverinfo: 'skip' },
        { type: 'scatter', mode: 'lines+markers', x: xs, y: s.map((v) => v.mean), line: { color, width: 2 }, marker: { color }, name: plotText(`${swept}: mean`) },
      ];
      const shapes: Obj[] = [];
      const annotations: Obj[] = [];
      const ref = reference ? obj(obj(reference['values'])[m]) : null;
      if (ref && Number.isFinite(num(ref['mean']))) {
        const rci = arr(ref['ci95']);
        shapes.push({ type: 'line', xref: 'paper', x0: 0, x1: 1, y0: num(ref['mean']), y1: num(ref['mean']), line: { color: '#555', dash: 'dash', width: 1.5 } });
        if (Number.isFinite(num(rci[0])) && Number.isFinite(num(rci[1]))) shapes.push({ type: 'rect', xref: 'paper', x0: 0, x1: 1, y0: num(rci[0]), y1: num(rci[1]), fillcolor: 'rgba(80,80,80,0.1)', line: { width: 0 } });
        annotations.push({ xref: 'paper', x: 1, y: num(ref['mean']), xanchor: 'right', yanchor: 'bottom', showarrow: false, text: plotText(`${str(reference!['line'])} (reference)`), font: { size: 11, color: '#555' } });
      }
      if (target && str(target['parameter']) === axis && m === 'ic50' && typeof target['value'] === 'number') {
        shapes.push({ type: 'line', yref: 'paper', x0: target['value'], x1: target['value'], y0: 0, y1: 1, line: { color: '#b3261e', dash: 'dot', width: 1.5 } });
        annotations.push({ yref: 'paper', x: target['value'], y: 1, yanchor: 'bottom', showarrow: false, text: plotText(`${axis} ≈ ${fmt(target['value'])}`), font: { size: 11, color: '#b3261e' } });
      }
      const layout = baseLayout(`${m} vs ${axis}`, `${axis}${logX ? ' (log scale)' : ''}`, m);
      figures[`sweep-${k}`] = { data, layout: { ...layout, shapes, annotations, xaxis: { ...obj(layout['xaxis']), ...(logX ? { type: 'log' } : {}) } } };
    });
    body = fragment(
      target ? h('p', null, h('strong', null, 'Target: '), str(target['text'])) : null,
      h('div', { class: 'grid' }, Object.keys(figures).map((id) => plotDiv(id))),
    );
  } else if (axes.length === 2) {
    const [a, b] = [str(axes[0]!['name']), str(axes[1]!['name'])];
    const va = arr(axes[0]!['values']).map(num);
    const vb = arr(axes[1]!['values']).map(num);
    measures.forEach((m, k) => {
      const z = va.map((x) => vb.map((y) => {
        const p = points.find((q) => num(obj(q['params'])[a]) === x && num(obj(q['params'])[b]) === y);
        return p ? stat(p, m).mean : null;
      }));
      figures[`sweep-${k}`] = { data: [{ type: 'heatmap', x: vb.map((v) => fmt(v)), y: va.map((v) => fmt(v)), z, colorscale: 'Viridis', colorbar: { title: { text: plotText(m) } } }], layout: baseLayout(`${m}: mean over replicates`, b, a) };
    });
    body = h('div', { class: 'grid' }, Object.keys(figures).map((id) => plotDiv(id)));
  } else body = missing(`${axes.length} swept parameters cannot be drawn as one figure; see the table below`);
  const names = axes.map((a) => str(a['name']));
  const rows = points.map((p) => [...names.map((n) => num(obj(p['params'])[n])), ...measures.flatMap((m) => {
    const s = stat(p, m);
    return [s.mean, `[${fmt(s.lo)}, ${fmt(s.hi)}]`, s.n];
  })]);
  const sections: ReportSection[] = [
    { id: 'sweep', title: `Sweep of ${swept}`, body, figures },
    { id: 'points', title: 'Points', body: table([...names, ...measures.flatMap((m) => [`${m} mean`, `${m} 95% CI`, 'n'])], rows) },
    runSection([['swept line', swept], ['axes', axes.map((x) => `${str(x['name'])} (${str(x['spacing'])}, ${arr(x['values']).length} values)`).join('; ')], ['reference', reference ? str(reference['line']) : '–'], ...Object.entries(obj(d['run'])).filter(([k]) => !['axes', 'measures', 'sweptLine', 'referenceLine'].includes(k))]),
  ];
  return renderReport({ title: `nrf2sim sweep — ${swept}`, subtitle: `${measures.join(', ')} over ${names.join(' × ')}`, sections, plotlyJs: meta.plotlyJs });
}

// ---------------------------------------------------------------------------------------------- combo

const METHODS = ['bliss', 'hsa', 'loewe', 'zip'] as const;

/** Report of `nrf2sim combo` from its combo.json document. */
export function comboReportHtml(data: unknown, meta: WhatIfMeta): string {
  const d = obj(data);
  const drugs = obj(d['drugs']);
  const units = obj(d['units']);
  const [da, db] = [str(drugs['a'], 'drug A'), str(drugs['b'], 'drug B')];
  const doses = obj(d['doses']);
  const dosesA = arr(doses['a']).map(num);
  const dosesB = arr(doses['b']).map(num);
  const line = str(d['line'], 'line');
  const xLabels = dosesB.map((v) => fmt(v));
  const yLabels = dosesA.map((v) => fmt(v));
  const axisA = `${da} (${str(units['a'], '')})`;
  const axisB = `${db} (${str(units['b'], '')})`;
  const heat = (title: string, z: unknown[], diverging: boolean, barTitle: string): PlotFigure => {
    const zz = z.map((r) => arr(r).map((v) => (typeof v === 'number' && Number.isFinite(v) ? v : null)));
    const flat = zz.flat().filter((v): v is number => v !== null);
    const lim = diverging ? Math.max(1, ...flat.map(Math.abs)) : 0;
    return {
      data: [{
        type: 'heatmap', x: xLabels, y: yLabels, z: zz,
        text: zz.map((r) => r.map((v) => (v === null ? '' : fmt(v, 2)))), texttemplate: '%{text}',
        colorscale: diverging ? 'RdBu' : 'Viridis', reversescale: false, ...(diverging ? { zmin: -lim, zmax: lim, zmid: 0 } : { zmin: 0 }),
        colorbar: { title: { text: plotText(barTitle) } },
      }],
      layout: { ...baseLayout(title, axisB, axisA), xaxis: { title: { text: plotText(axisB) }, type: 'category' }, yaxis: { title: { text: plotText(axisA) }, type: 'category' } },
    };
  };
  const figures: Record<string, PlotFigure> = {};
  if (arr(d['viability']).length) figures['combo-viability'] = heat(`${line}: viability % (${da} × ${db})`, arr(d['viability']), false, 'viability %');
  const matrices = obj(d['matrices']);
  const scores = obj(d['scores']);
  for (const m of METHODS) if (Array.isArray(matrices[m])) figures[`combo-${m}`] = heat(`${m.toUpperCase()} δ (score ${fmt(scores[m])}; > 0 synergy)`, arr(matrices[m]), true, 'δ (% inhibition)');
  const spread = obj(d['scoreSpread']);
  const scoreRows = METHODS.map((m) => {
    const s = obj(spread[m]);
    const ci = arr(s['ci95']);
    return [m.toUpperCase(), num(scores[m]), num(s['mean']), `[${fmt(ci[0])}, ${fmt(ci[1])}]`, num(s['n'])];
  });
  const hyps = arr(d['hypotheses']).map(obj).filter((x) => num(x['rank']) <= 5);
  const hypRows = hyps.map((x) => {
    const delta = obj(x['delta']);
    const ci = arr(delta['ci95']);
    return [str(x['method']).toUpperCase(), num(x['rank']), str(x['region']), arr(x['dosesA']).map((v) => fmt(v)).join(', '), arr(x['dosesB']).map((v) => fmt(v)).join(', '), num(delta['mean']), `[${fmt(ci[0])}, ${fmt(ci[1])}]`, str(x['call'])];
  });
  const sections: ReportSection[] = [
    {
      id: 'combo',
      title: `${da} × ${db} in ${line}`,
      body: Object.keys(figures).length ? h('div', { class: 'grid' }, Object.keys(figures).map((id) => plotDiv(id, 440))) : missing('combo.json has no viability or synergy matrices'),
      figures,
    },
    { id: 'scores', title: 'Synergy scores', body: fragment(h('p', { class: 'note' }, 'SynergyFinder definitions; mean δ over combination cells, positive = synergy (percentage points of inhibition). Spread: mean and 95 % t-interval over independent replicate matrices.'), table(['method', 'pooled score', 'replicate mean', '95% CI', 'n'], scoreRows)) },
    { id: 'hypotheses', title: 'Most synergistic dose regions', body: hypRows.length ? table(['method', 'rank', 'region', `${da} doses`, `${db} doses`, 'δ mean', 'simultaneous 95% CI', 'call'], hypRows) : missing('no ranked hypotheses') },
    runSection([['line', line], ['seed', d['seed']], ['repeats', d['repeats']], ['biological replicates', d['replicates']], ['cells per sample', d['cellsPerSample']], ['hours', d['hours']]]),
  ];
  return renderReport({ title: `nrf2sim combo — ${da} × ${db}`, subtitle: `${line}: viability and synergy (Bliss, HSA, Loewe, ZIP)`, sections, plotlyJs: meta.plotlyJs });
}

// ---------------------------------------------------------------------------------------- sensitivity

/** Report of `nrf2sim sensitivity` from its sensitivity.json document. */
export function sensitivityReportHtml(data: unknown, meta: WhatIfMeta): string {
  const d = obj(data);
  const method = str(d['method']);
  const output = str(d['output'], 'output');
  const scenario = str(d['scenario'], 'scenario');
  const ix = arr(d['indices']).map(obj);
  const names = ix.map((x) => str(x['name']));
  const figures: Record<string, PlotFigure> = {};
  const ci = (x: Obj, key: string): [number, number] => {
    const c = arr(x[key]);
    return [num(c[0]), num(c[1])];
  };
  const errs = (vals: number[], cis: [number, number][]): Obj => ({
    type: 'data', symmetric: false, visible: true,
    array: cis.map(([, hi], i) => (Number.isFinite(hi) ? Math.max(0, hi - vals[i]!) : 0)),
    arrayminus: cis.map(([lo], i) => (Number.isFinite(lo) ? Math.max(0, vals[i]! - lo) : 0)),
  });
  // Tornado: largest at the top (plotly draws the first category at the bottom).
  const rev = <T>(xs: readonly T[]): T[] => [...xs].reverse();
  let rows: (string | number)[][] = [];
  let head: string[] = [];
  if (method === 'morris' && ix.length) {
    const mu = ix.map((x) => num(x['muStar']));
    const sigma = ix.map((x) => num(x['sigma']));
    figures['sens-tornado'] = {
      data: [{ type: 'bar', orientation: 'h', y: rev(names.map(plotText)), x: rev(mu), error_x: errs(rev(mu), rev(ix.map((x) => ci(x, 'muStarCi95')))), marker: { color: colorOf(0) }, name: 'μ*' }],
      layout: { ...baseLayout(`Morris μ* of ${output} (95% bootstrap CI)`, 'μ*', ''), height: Math.max(320, 24 * names.length + 100), showlegend: false, yaxis: { automargin: true, type: 'category' } },
    };
    figures['sens-mu-sigma'] = {
      data: [{ type: 'scatter', mode: 'markers+text', x: mu, y: sigma, text: names.map(plotText), textposition: 'top center', marker: { size: 9, color: colorOf(1) }, name: 'parameters' }],
      layout: { ...baseLayout(`Morris μ*–σ of ${output}`, 'μ* (overall influence)', 'σ (non-linearity / interactions)'), showlegend: false },
    };
    head = ['rank', 'parameter', 'μ*', 'μ* 95% CI', 'μ', 'σ', 'effects'];
    rows = ix.map((x, k) => [k + 1, names[k]!, mu[k]!, `[${fmt(ci(x, 'muStarCi95')[0])}, ${fmt(ci(x, 'muStarCi95')[1])}]`, num(x['mu']), sigma[k]!, num(x['effects'])]);
  } else if (method === 'sobol' && ix.length) {
    const s1 = ix.map((x) => num(x['s1']));
    const st = ix.map((x) => num(x['st']));
    figures['sens-tornado'] = {
      data: [
        { type: 'bar', orientation: 'h', y: rev(names.map(plotText)), x: rev(st), error_x: errs(rev(st), rev(ix.map((x) => ci(x, 'stCi95')))), name: 'total order ST', marker: { color: colorOf(0) } },
        { type: 'bar', orientation: 'h', y: rev(names.map(plotText)), x: rev(s1), error_x: errs(rev(s1), rev(ix.map((x) => ci(x, 's1Ci95')))), name: 'first order S1', marker: { color: colorOf(2) } },
      ],
      layout: { ...baseLayout(`Sobol indices of ${output} (95% bootstrap CI)`, 'index', ''), barmode: 'group', height: Math.max(320, 36 * names.length + 100), yaxis: { automargin: true, type: 'category' } },
    };
    head = ['rank', 'parameter', 'ST', 'ST 95% CI', 'S1', 'S1 95% CI'];
    rows = ix.map((x, k) => [k + 1, names[k]!, st[k]!, `[${fmt(ci(x, 'stCi95')[0])}, ${fmt(ci(x, 'stCi95')[1])}]`, s1[k]!, `[${fmt(ci(x, 's1Ci95')[0])}, ${fmt(ci(x, 's1Ci95')[1])}]`]);
  }
  const factors = arr(d['factors']).map(obj);
  const sections: ReportSection[] = [
    {
      id: 'sensitivity',
      title: `${method === 'sobol' ? 'Sobol' : 'Morris'} sensitivity of ${output} in ${scenario}`,
      body: Object.keys(figures).length
        ? fragment(h('p', { class: 'note' }, str(d['outputIs'])), h('div', { class: 'grid' }, Object.keys(figures).map((id) => plotDiv(id, id === 'sens-tornado' ? Math.max(360, 30 * names.length + 120) : 440))))
        : missing('sensitivity.json has no indices of a known method'),
      figures,
    },
    { id: 'indices', title: 'Ranked parameters', body: rows.length ? table(head, rows) : missing('no indices') },
    ...(factors.length ? [{ id: 'factors', title: 'Parameter ranges', body: table(['parameter', 'value', 'unit', 'lower', 'upper', 'scale', 'range from'], factors.map((f) => [str(f['name']), num(f['value']), str(f['unit']), num(f['lower']), num(f['upper']), str(f['scale']), str(f['rangeFrom'])])) }] : []),
    runSection([['scenario', scenario], ['method', method], ['output', output], ['samples', d['samples']], ['points', d['points']], ['failed points', d['failedPoints']], ['seed', d['seed']], ['assay', d['assay']]]),
  ];
  return renderReport({ title: `nrf2sim sensitivity — ${scenario}`, subtitle: `${method}: ${output}`, sections, plotlyJs: meta.plotlyJs });
}
