/**
 * The paper report from a tiny real run: every experiment of the paper run with 40 cells per sample
 * (the dose–response with two lines and five doses), judged by the real claims file, rendered with the real plotly
 * bundle. Checks that every figure section is there with data, that the significance marks carry
 * the claims' p-values, that nothing is loaded from the network, and that names from files cannot
 * inject markup (the XSS test).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Claim } from '../../src/checks/claim.js';
import { parseClaimsText } from '../../src/checks/parse-claims.js';
import { evaluatePaper, type PaperResult } from '../../src/checks/run-paper.js';
import { runExperiment } from '../../src/experiments/run-experiment.js';
import type { ExperimentResult } from '../../src/experiments/types.js';
import { loadExperiment } from '../../src/io/load-experiment.js';
import { plotlyBundle, writePaperReport } from '../../src/io/write-report.js';
import type { CompiledModel } from '../../src/model/types.js';
import { fmt } from '../../src/report/figures/common.js';
import { assayReportHtml, paperReportHtml } from '../../src/report/paper-report.js';
import { scanHtml } from './parse-html.js';

const EXPERIMENTS = ['qpcr', 'western', 'ros-flow', 'apoptosis-flow', 'imatinib-dose-response', 'proliferation'];
const CELLS = 40;
const SEED = 11;
const PLOTLY_STUB = 'window.Plotly = { newPlot: function () {} };';

let firstRepeat: { name: string; result: ExperimentResult }[] = [];
let claims: Claim[] = [];
let paper: PaperResult;
let model: CompiledModel;

function paperResultOf(runs: { name: string; result: ExperimentResult }[], cs: readonly Claim[]): PaperResult {
  const measurements = runs.flatMap(({ name, result }) => result.measurements.map((m) => ({ experiment: name, ...m })));
  const judged = evaluatePaper(cs, [measurements]);
  return {
    seed: SEED,
    repeats: 1,
    experiments: runs.map(({ name, result }) => ({ name, lines: result.experiment.lines, wells: result.wells.length })),
    measurements: [measurements],
    claims: judged,
    firstRepeat: runs,
    allHold: judged.every((c) => c.holds),
  };
}

beforeAll(async () => {
  const all = parseClaimsText(readFileSync('scenarios/paper/claims.yaml', 'utf8'), 'scenarios/paper/claims.yaml');
  claims = all.filter((c) => c.experiments.every((e) => EXPERIMENTS.includes(e)));
  for (const name of EXPERIMENTS) {
    let { spec, lines } = loadExperiment(`scenarios/experiments/${name}.yaml`);
    if (name === 'imatinib-dose-response') {
      const keep = ['k562', 'k562-g01'];
      spec = { ...spec, lines: spec.lines.filter((l) => keep.includes(l.name)), treatment: { ...spec.treatment!, dosesUM: [0, 0.25, 1, 4, 16] } };
      lines = new Map([...lines].filter(([l]) => keep.includes(l)));
    }
    model ??= lines.values().next().value!.model;
    firstRepeat.push({ name, result: await runExperiment(spec, lines, { seed: SEED, cellsPerSample: CELLS, workers: 1 }) });
  }
  paper = paperResultOf(firstRepeat, claims);
}, 120_000);

function figuresOf(html: string): Record<string, { data: Record<string, unknown>[]; layout: Record<string, unknown> }> {
  const s = scanHtml(html).scripts.find((x) => x.openTag.includes('nrf2sim-figures'));
  return JSON.parse(s!.body);
}

describe('paper report from a tiny real run', () => {
  let html = '';
  beforeAll(() => {
    html = paperReportHtml(paper, { plotlyJs: plotlyBundle(), claims, model, run: { seed: SEED, version: '0.0.0-test', modelSha256: createHash('sha256').update(readFileSync(model.sourceName)).digest('hex'), modelSource: model.sourceName, command: ['nrf2sim', 'paper'], wallSeconds: 1.5 } });
  });

  it('has a section with data for every figure of the paper', () => {
    const figs = figuresOf(html);
    const ids = Object.keys(figs);
    for (const part of ['-qpcr-', '-western-', '-dcf-bars-', '-dcf-hist-', '-annexin-bars-', '-annexin-dots-', '-dose-response', '-proliferation']) {
      const some = ids.filter((id) => id.includes(part));
      expect(some.length, part).toBeGreaterThan(0);
      for (const id of some) {
        const numbers = figs[id]!.data.flatMap((t) => (Array.isArray(t['y']) ? (t['y'] as unknown[]) : [])).filter((v) => typeof v === 'number' && Number.isFinite(v));
        expect(numbers.length, id).toBeGreaterThan(0);
      }
    }
    // qPCR: one figure per gene; western: one per protein; DCF/Annexin: one per dose.
    expect(ids.filter((id) => id.includes('-qpcr-'))).toHaveLength(2);
    expect(ids.filter((id) => id.includes('-western-'))).toHaveLength(2);
    expect(ids.filter((id) => id.includes('-dcf-hist-'))).toHaveLength(2);
    // Annexin dot plots: 2 lines × 2 doses of replicate 1, each with both quadrant gates drawn.
    const dots = ids.filter((id) => id.includes('-annexin-dots-'));
    expect(dots).toHaveLength(4);
    for (const id of dots) expect(figs[id]!.layout['shapes'], id).toHaveLength(2);
    // Placeholders and figures match one to one.
    const placeholders = scanHtml(html).tags.flatMap((t) => t.attrs.filter((a) => a.name === 'data-figure').map((a) => a.value));
    expect([...placeholders].sort()).toEqual([...ids].sort());
  });

  it('draws the dose–response with its fitted 4PL and IC50 marks', () => {
    const figs = figuresOf(html);
    const dr = Object.entries(figs).find(([id]) => id.endsWith('-dose-response'))![1];
    const summary = firstRepeat.find((r) => r.name === 'imatinib-dose-response')!.result.summary['lines'] as Record<string, { ic50: number }>;
    const ic50Marks = dr.data.filter((t) => String(t['name']).endsWith(' IC50')).map((t) => (t['x'] as number[])[0]);
    expect(ic50Marks).toEqual([summary['k562']!.ic50, summary['k562-g01']!.ic50]);
    expect(dr.data.filter((t) => String(t['name']).endsWith(' 4PL'))).toHaveLength(2);
  });

  it('marks bars with the claims’ own p-values', () => {
    const figs = figuresOf(html);
    const c1 = paper.claims.find((c) => c.id === 'C1')!;
    const nfe2l2 = Object.values(figs).find((f) => JSON.stringify(f.layout['title']).includes('NFE2L2'))!;
    const hover = (nfe2l2.layout['annotations'] as { hovertext: string }[]).map((a) => a.hovertext);
    expect(hover).toContain(`k562-g01 vs k562: p = ${fmt(c1.checks[0]!.pValue)} (claim C1)`);
    expect(hover.some((t) => t.includes('g01-shnrf2 vs g01-shnc') && t.includes('(claim C5)'))).toBe(true);
  });

  it('has the claims table, the drawn blots, the pathway and the run metadata', () => {
    const passFail = html.match(/<td class="(pass|fail)">(PASS|FAIL)<\/td>/g) ?? [];
    expect(passFail).toHaveLength(claims.length);
    expect(html.match(/<img src="data:image\/svg\+xml;base64,/g)).toHaveLength(3);
    for (const node of ['Nrf2', 'TrxR_mRNA', 'TrxR', 'Trx_red', 'H2O2', 'Caspase', 'apoptosis', 'imatinib']) expect(html).toContain(`data-node="${node}"`);
    expect(html).toContain('data-from="Nrf2" data-to="TrxR_mRNA"');
    expect(html).toContain('data-from="Caspase" data-to="apoptosis"');
    expect(html).toMatch(/SHA-256 [0-9a-f]{64}/);
    expect(html).toContain(`<th>seed</th><td>${SEED}</td>`);
  });

  it('loads nothing from the network: no URL outside the plotly bundle, which is inlined verbatim', () => {
    const scan = scanHtml(html);
    const bundle = plotlyBundle();
    const plotly = scan.scripts.filter((s) => s.body === bundle);
    expect(plotly).toHaveLength(1);
    expect(scan.scripts).toHaveLength(4);
    const rest = html.replace(bundle, '');
    expect(rest).not.toMatch(/https?:\/\//i);
    expect(rest).not.toMatch(/@import|url\(\s*['"]?\s*[a-z]+:|fetch\(|XMLHttpRequest|<link|<iframe/i);
    for (const t of scan.tags) for (const a of t.attrs) if (a.name === 'src' || a.name === 'href') expect(a.value, `${t.name} ${a.name}`).toMatch(/^data:image\//);
    expect(html).toContain(`content="default-src 'none';`);
    // Plotly is told not to typeset math or show cloud links.
    const config = JSON.parse(scan.scripts.find((s) => s.openTag.includes('nrf2sim-plot-config'))!.body);
    expect(config).toMatchObject({ responsive: true, displaylogo: false, typesetMath: false });
  });

  it('says which figure has no data instead of failing', () => {
    const withoutEvents = firstRepeat.map((r) => (r.name === 'ros-flow' ? { ...r, result: { ...r.result, fcs: [] } } : r));
    const h2 = paperReportHtml({ ...paper, firstRepeat: withoutEvents }, { plotlyJs: PLOTLY_STUB, run: { seed: SEED, version: 't' } });
    expect(h2).toContain('No data for this figure: no FCS events were recorded');
    expect(h2).toContain('No data for this figure: the compiled model was not given to the report');
    const none = paperReportHtml({ ...paper, firstRepeat: [] }, { plotlyJs: PLOTLY_STUB, run: { seed: SEED, version: 't' } });
    expect(none).toContain('No data for this figure: this result holds no per-experiment results of repeat 0');
  });

  it('writePaperReport writes report.html into the folder, the same bytes every time', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nrf2sim-report-'));
    const experiments = new Map([['qpcr', loadExperiment('scenarios/experiments/qpcr.yaml')]]);
    const path = writePaperReport(dir, paper, { claims, experiments });
    expect(path).toBe(join(dir, 'report.html'));
    const text = readFileSync(path, 'utf8');
    expect(text.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(text).toContain('SHA-256 ' + createHash('sha256').update(readFileSync(model.sourceName)).digest('hex'));
    // Reproducible: writing the same result again gives the same bytes (no clock, no command line).
    writePaperReport(dir, paper, { claims, experiments });
    expect(readFileSync(path, 'utf8')).toBe(text);
  });
});

/** Replace `from` by `to` in every string of a result (typed arrays kept). */
function renameDeep<T>(value: T, from: string, to: string): T {
  if (typeof value === 'string') return value.split(from).join(to) as T;
  if (Array.isArray(value)) return value.map((v) => renameDeep(v, from, to)) as T;
  if (value && typeof value === 'object' && !ArrayBuffer.isView(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.split(from).join(to), renameDeep(v, from, to)])) as T;
  }
  return value;
}

describe('XSS: names and texts from files never become markup', () => {
  const EVIL = '<script>alert(1)</script>';
  const ATTR = '" onmouseover="alert(2)" x="';
  const IMG = '"><img src=x onerror=alert(3)>';
  const ALLOWED_TAGS = new Set(['html', 'head', 'meta', 'title', 'style', 'body', 'header', 'h1', 'h2', 'h3', 'p', 'nav', 'span', 'main', 'section', 'div', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'figure', 'figcaption', 'img', 'svg', 'defs', 'marker', 'path', 'g', 'rect', 'text', 'script']);

  function checkClean(html: string): void {
    const scan = scanHtml(html);
    expect(scan.scripts.map((s) => s.openTag)).toEqual(['<script type="application/json" id="nrf2sim-figures">', '<script type="application/json" id="nrf2sim-plot-config">', '<script>', '<script>']);
    expect(scan.scripts[2]!.body).toBe(PLOTLY_STUB);
    expect(scan.scripts[3]!.body).not.toContain('alert');
    for (const s of scan.scripts.slice(0, 2)) expect(s.body).not.toMatch(/[<>&]/);
    for (const t of scan.tags) {
      expect(ALLOWED_TAGS.has(t.name), `<${t.name}>`).toBe(true);
      for (const a of t.attrs) {
        expect(a.name, `<${t.name} ${a.name}>`).not.toMatch(/^on|^style$|^href$/);
        if (a.name === 'src') expect(a.value).toMatch(/^data:image\/svg\+xml;base64,/);
      }
    }
    expect(scan.outside).not.toContain(EVIL);
    expect(scan.outside).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  }

  it('a line named <script>alert(1)</script>, with hostile description, experiment name and claim text', () => {
    const runs = firstRepeat.map(({ name, result }) => {
      const renamed = renameDeep(result, 'k562-g01', EVIL);
      return { name: `${name}${ATTR}`, result: { ...renamed, experiment: { ...renamed.experiment, name: `${renamed.experiment.name}${ATTR}`, description: `${IMG} ${EVIL}` } } };
    });
    const cs = claims.map((c) => renameDeep({ ...c, paper: `${c.paper} ${EVIL} ${IMG}` }, 'k562-g01', EVIL));
    const result = paperResultOf(runs, cs);
    // The renamed line really is in the figures: its claim comparisons still find their rows.
    expect(result.claims.find((c) => c.id === 'C1')!.n).toBeGreaterThanOrEqual(3);
    const html = paperReportHtml(result, { plotlyJs: PLOTLY_STUB, claims: cs, model, run: { seed: `${SEED}${ATTR}`, version: EVIL, command: ['nrf2sim', EVIL] } });
    checkClean(html);
    const figs = JSON.stringify(figuresOf(html));
    // Inside plotly labels the name is entity-escaped too (plotly renders a subset of HTML in labels).
    expect(figs).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(figs).not.toContain(EVIL);
  });

  it('the assay report too', () => {
    const r = firstRepeat.find((x) => x.name === 'apoptosis-flow')!.result;
    const evil = renameDeep(r, 'g01-shnrf2', EVIL);
    const html = assayReportHtml({ ...evil, experiment: { ...evil.experiment, name: EVIL, description: IMG, source: ATTR } }, { plotlyJs: PLOTLY_STUB, run: { seed: 1, version: '1' } });
    checkClean(html);
  });
});
