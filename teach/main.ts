/**
 * The teaching page: sliders → (debounced) simulation worker → Plotly plots, readouts and the
 * pathway diagram. Every text that comes from a file (line names, descriptions) is set with
 * textContent, never as HTML. Timings are exposed as data-* attributes of <body> for the browser
 * tests and shown in the status line.
 */
import Plotly from 'plotly.js-dist';
import { PRESETS, QUESTIONS, type Question } from '../src/teach/questions.js';
import type { TeachSettings } from '../src/teach/simulate.js';
import { drawPathway } from './pathway.js';
import type { FromWorker, LineInfo, ToWorker } from './protocol.js';
import SimWorker from './worker.ts?worker&inline';
import './styles.css';

const IMATINIB_UM = [0, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 1.5, 2, 3, 5, 8, 10, 15, 20];
const AURANOFIN_UM = [0, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 4, 5];
const NAC_MM = [0, 0.5, 1, 2, 5, 10];
const DEBOUNCE_MS = 150;
const PLOT_CONFIG = { displaylogo: false, responsive: true, modeBarButtonsToRemove: ['sendDataToCloud'] };

const $ = <T extends HTMLElement>(id: string): T => {
  const e = document.getElementById(id);
  if (!e) throw new Error(`page is missing #${id}`);
  return e as T;
};

const body = document.body;
body.dataset['scriptStartMs'] = performance.now().toFixed(0);
const lineSel = $<HTMLSelectElement>('line');
const kd = $<HTMLInputElement>('knockdown');
const ima = $<HTMLInputElement>('imatinib');
const aur = $<HTMLInputElement>('auranofin');
const nac = $<HTMLInputElement>('nac');
const status = $('status');
const diagram = drawPathway(document.getElementById('diagram') as unknown as SVGSVGElement, $('node-info'));

function nearestIndex(steps: readonly number[], v: number): number {
  let best = 0;
  steps.forEach((s, i) => {
    if (Math.abs(s - v) < Math.abs(steps[best]! - v)) best = i;
  });
  return best;
}

for (const [input, steps] of [[ima, IMATINIB_UM], [aur, AURANOFIN_UM], [nac, NAC_MM]] as const) {
  input.min = '0';
  input.max = String(steps.length - 1);
  input.step = '1';
}

function readSettings(): TeachSettings {
  return {
    line: lineSel.value,
    knockdown: Number(kd.value),
    imatinibUM: IMATINIB_UM[Number(ima.value)]!,
    auranofinUM: AURANOFIN_UM[Number(aur.value)]!,
    nacMM: NAC_MM[Number(nac.value)]!,
  };
}

function showValues(s: TeachSettings): void {
  $('knockdown-value').textContent = `${Math.round(100 * s.knockdown)} %`;
  $('imatinib-value').textContent = `${s.imatinibUM} µM`;
  $('auranofin-value').textContent = `${s.auranofinUM} µM`;
  $('nac-value').textContent = `${s.nacMM} mM`;
  kd.dataset['value'] = String(s.knockdown);
  ima.dataset['value'] = String(s.imatinibUM);
  aur.dataset['value'] = String(s.auranofinUM);
  nac.dataset['value'] = String(s.nacMM);
}

function writeSettings(s: TeachSettings): void {
  lineSel.value = s.line;
  kd.value = String(s.knockdown);
  ima.value = String(nearestIndex(IMATINIB_UM, s.imatinibUM));
  aur.value = String(nearestIndex(AURANOFIN_UM, s.auranofinUM));
  nac.value = String(nearestIndex(NAC_MM, s.nacMM));
}

// ---- worker and requests -------------------------------------------------------------------
const worker = new SimWorker();
let lines: readonly LineInfo[] = [];
let requestId = 0;
let timer: ReturnType<typeof setTimeout> | undefined;
let requestedAt = 0;
let firstPlotDone = false;
let previous: { t: number[]; series: Record<string, number[]> } | null = null;
let current: { t: number[]; series: Record<string, number[]> } | null = null;
let currentSettings: TeachSettings | null = null;

function request(): void {
  const s = readSettings();
  showValues(s);
  body.dataset['busy'] = 'true';
  status.textContent = 'computing…';
  clearTimeout(timer);
  timer = setTimeout(() => {
    requestId++;
    requestedAt = performance.now();
    currentSettings = s;
    body.dataset['requestId'] = String(requestId);
    const msg: ToWorker = { kind: 'compute', id: requestId, settings: s };
    worker.postMessage(msg);
  }, DEBOUNCE_MS);
}

function apply(s: TeachSettings): void {
  writeSettings(s);
  request();
}

worker.onerror = (e: ErrorEvent): void => {
  status.textContent = `The simulation worker failed: ${e.message}`;
  body.dataset['error'] = e.message || 'worker error';
};

worker.onmessage = (ev: MessageEvent<FromWorker>): void => {
  const m = ev.data;
  if (m.kind === 'ready') {
    lines = m.lines;
    body.dataset['compileMs'] = m.compileMs.toFixed(0);
    body.dataset['workerReadyMs'] = performance.now().toFixed(0);
    for (const l of lines) {
      const o = document.createElement('option');
      o.value = l.path;
      o.textContent = `${l.name} — ${l.description}`;
      lineSel.append(o);
    }
    apply(PRESETS.find((p) => p.id === 'g01-shnc')?.settings ?? PRESETS[0]!.settings);
    return;
  }
  if (m.id !== requestId) return; // a newer request is on its way
  switch (m.kind) {
    case 'timecourse':
      previous = current;
      current = { t: m.data.timesH, series: m.data.series };
      body.dataset['odeMs'] = m.ms.toFixed(0);
      plotMolecules(m.data.units);
      setReadout('ros-readout', m.data.series['H2O2']!.at(-1)!, (v) => `${v.toPrecision(3)} µM`);
      setReadout('nrf2-readout', m.data.series['Nrf2']!.at(-1)!, (v) => `${v.toPrecision(3)} nM`);
      setReadout('trxr-readout', m.data.series['TrxR']!.at(-1)!, (v) => `${v.toPrecision(3)} µM`);
      break;
    case 'population':
      body.dataset['populationMs'] = m.ms.toFixed(0);
      plotFates(m.data.timesH, m.data);
      setReadout('viable-readout', m.data.viable.at(-1)!, (v) => `${(100 * v).toFixed(1)} %`);
      setReadout('late-readout', m.data.lateApoptotic.at(-1)!, (v) => `${(100 * v).toFixed(1)} %`);
      diagram.update(m.readouts);
      break;
    case 'dose':
      body.dataset['doseMs'] = m.ms.toFixed(0);
      plotDose(m.dosesUM, m.viability, m.hours, m.cells);
      break;
    case 'done':
      body.dataset['computeMs'] = m.ms.toFixed(0);
      body.dataset['roundTripMs'] = (performance.now() - requestedAt).toFixed(0);
      body.dataset['busy'] = 'false';
      body.dataset['doneId'] = String(m.id);
      status.textContent = `Computed in ${m.ms.toFixed(0)} ms (ODE ${body.dataset['odeMs']} ms, cells ${body.dataset['populationMs']} ms, dose–response ${body.dataset['doseMs']} ms).`;
      break;
    case 'error':
      body.dataset['busy'] = 'false';
      body.dataset['error'] = m.message;
      status.textContent = `Could not compute: ${m.message}`;
      break;
  }
};

function setReadout(id: string, v: number, fmt: (v: number) => string): void {
  const e = $(id);
  e.dataset['value'] = String(v);
  e.textContent = Number.isFinite(v) ? fmt(v) : '—';
}

// ---- plots -----------------------------------------------------------------------------------
const MOLECULES = [
  ['Nrf2', 'Nrf2 protein'],
  ['TrxR', 'TrxR (TXNRD1)'],
  ['Trx_red', 'reduced thioredoxin'],
  ['H2O2', 'ROS (H2O2)'],
] as const;
const COLORS = ['#1b6ca8', '#2a9d8f', '#8a5cb8', '#d1495b'];
const BASE_LAYOUT = { margin: { l: 60, r: 15, t: 40, b: 45 }, font: { family: 'system-ui, sans-serif', size: 12 }, paper_bgcolor: 'rgba(0,0,0,0)' };

function plotMolecules(units: Record<string, string>): void {
  const traces: object[] = [];
  const layout: Record<string, unknown> = { ...BASE_LAYOUT, grid: { rows: 2, columns: 2, pattern: 'independent' }, showlegend: false, height: 420, title: { text: previous ? 'One cell, 72 h (deterministic ODE) — dotted grey: the previous setting' : 'One cell, 72 h (deterministic ODE)', font: { size: 14 } } };
  MOLECULES.forEach(([name, title], k) => {
    const ax = k === 0 ? '' : String(k + 1);
    if (previous) {
      traces.push({ x: previous.t, y: previous.series[name], xaxis: `x${ax}`, yaxis: `y${ax}`, mode: 'lines', line: { color: '#aaa', dash: 'dot' }, name: `${title} (before)`, hoverinfo: 'skip' });
    }
    traces.push({ x: current!.t, y: current!.series[name], xaxis: `x${ax}`, yaxis: `y${ax}`, mode: 'lines', line: { color: COLORS[k], width: 2.5 }, name: title });
    layout[`xaxis${ax}`] = { title: { text: k >= 2 ? 'time after drugs, h' : '' }, range: [0, 72] };
    layout[`yaxis${ax}`] = { title: { text: `${title}, ${units[name]}` }, rangemode: 'tozero' };
  });
  void Plotly.react($('plot-molecules'), traces, layout, PLOT_CONFIG).then(() => {
    if (!firstPlotDone) {
      firstPlotDone = true;
      body.dataset['firstPlotMs'] = performance.now().toFixed(0);
    }
  });
}

function plotFates(t: number[], f: { viable: number[]; earlyApoptotic: number[]; lateApoptotic: number[]; necrotic: number[] }): void {
  const pct = (a: number[]) => a.map((v) => 100 * v);
  const traces = [
    { x: t, y: pct(f.viable), name: 'viable (Annexin V− PI−)', mode: 'lines', line: { color: '#2a9d8f', width: 2.5 } },
    { x: t, y: pct(f.earlyApoptotic), name: 'early apoptotic (Annexin V+ PI−)', mode: 'lines', line: { color: '#e9a03b', width: 2.5 } },
    { x: t, y: pct(f.lateApoptotic), name: 'late apoptotic (Annexin V+ PI+)', mode: 'lines', line: { color: '#d1495b', width: 2.5 } },
    { x: t, y: pct(f.necrotic), name: 'necrotic (Annexin V− PI+)', mode: 'lines', line: { color: '#777', width: 1.5, dash: 'dot' } },
  ];
  const layout = { ...BASE_LAYOUT, margin: { ...BASE_LAYOUT.margin, b: 100 }, height: 360, title: { text: 'A well of 300 cells: Annexin V/PI stages', font: { size: 14 } }, xaxis: { title: { text: 'time after drugs, h' }, range: [0, 72] }, yaxis: { title: { text: '% of intact cells' }, range: [0, 100] }, legend: { orientation: 'h', x: 0, y: -0.25, yanchor: 'top' } };
  void Plotly.react($('plot-fates'), traces, layout, PLOT_CONFIG);
}

function plotDose(doses: readonly number[], viability: readonly number[], hours: number, cells: number): void {
  const x = doses.slice(1);
  const y = viability.slice(1).map((v) => 100 * v);
  const s = currentSettings!;
  const line = lines.find((l) => l.path === s.line)?.name ?? '';
  const traces: object[] = [{ x, y, mode: 'lines+markers', name: line, line: { color: '#1b6ca8', width: 2.5 }, marker: { size: 8 } }];
  const shapes = s.imatinibUM > 0 ? [{ type: 'line', x0: s.imatinibUM, x1: s.imatinibUM, y0: 0, y1: 1, yref: 'paper', line: { color: '#d1495b', dash: 'dash' } }] : [];
  const layout = {
    ...BASE_LAYOUT,
    height: 360,
    margin: { ...BASE_LAYOUT.margin, b: 100 },
    title: { text: `Imatinib dose–response of ${line}, ${hours} h`, font: { size: 14 } },
    annotations: [{ text: `viable cells vs untreated, ${cells} cells per well; other sliders as set`, xref: 'paper', yref: 'paper', x: 0, y: -0.3, showarrow: false, xanchor: 'left', font: { size: 11, color: '#5b6775' } }],
    xaxis: { type: 'log', title: { text: 'imatinib, µM' } },
    yaxis: { title: { text: 'viability, % of untreated' }, range: [0, 120] },
    shapes,
    showlegend: false,
  };
  void Plotly.react($('plot-dose'), traces, layout, PLOT_CONFIG);
}

// ---- presets and questions ---------------------------------------------------------------------
for (const p of PRESETS) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = p.label;
  b.dataset['preset'] = p.id;
  b.addEventListener('click', () => apply(p.settings));
  $('presets').append(b);
}

function describeSettings(s: TeachSettings): string {
  const name = lines.find((l) => l.path === s.line)?.name ?? s.line;
  const parts = [name, `knockdown ${Math.round(100 * s.knockdown)} %`, `imatinib ${s.imatinibUM} µM`];
  if (s.auranofinUM > 0) parts.push(`auranofin ${s.auranofinUM} µM`);
  if (s.nacMM > 0) parts.push(`NAC ${s.nacMM} mM`);
  return parts.join(', ');
}

function renderQuestion(q: Question): HTMLElement {
  const li = document.createElement('li');
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = q.question;
  b.dataset['question'] = q.id;
  const answer = document.createElement('div');
  answer.className = 'answer';
  answer.hidden = true;
  const compare = document.createElement('button');
  compare.type = 'button';
  compare.className = 'compare';
  compare.addEventListener('click', () => apply(q.compareTo));
  const back = document.createElement('button');
  back.type = 'button';
  back.className = 'compare';
  back.addEventListener('click', () => apply(q.settings));
  const look = document.createElement('p');
  look.textContent = q.lookFor;
  b.addEventListener('click', () => {
    compare.textContent = `Compare with: ${describeSettings(q.compareTo)}`;
    back.textContent = `Back to: ${describeSettings(q.settings)}`;
    document.querySelectorAll<HTMLElement>('#questions .answer').forEach((a) => (a.hidden = a !== answer));
    answer.hidden = false;
    apply(q.settings);
  });
  answer.append(look, compare, back);
  li.append(b, answer);
  return li;
}
$('questions').append(...QUESTIONS.map(renderQuestion));

// ---- controls ----------------------------------------------------------------------------------
for (const input of [kd, ima, aur, nac]) input.addEventListener('input', request);
lineSel.addEventListener('change', () => {
  // A line brings its own knockdown (shNrf2: 70 %); the slider then explores around it.
  const l = lines.find((x) => x.path === lineSel.value);
  if (l) kd.value = String(l.knockdown);
  request();
});
