/**
 * Report sections of one virtual experiment, by assay kind — the figures the paper shows for it:
 * qPCR / western bar charts (plus the drawn blots), DCF bars and overlaid histograms, Annexin V/PI
 * bars and dot plots, the dose–response curves with the IC50 table, proliferation curves. Used by
 * the paper report (repeat 0 of each experiment) and the assay report. A figure whose data is
 * missing says so in place.
 */
import type { ExperimentResult } from '../experiments/types.js';
import { barFigure, barGroups, significanceFor, type BarSelection, type ClaimContext } from './figures/bars.js';
import { doseResponseFigure, proliferationFigure } from './figures/cck8-plots.js';
import { fmt, missing, unique } from './figures/common.js';
import { annexinDotFigures, dcfHistogramFigures } from './figures/flow-plots.js';
import { fragment, h, plotDiv, svgImage, type Html, type PlotFigure, type ReportSection } from './html.js';

type Obj = Record<string, unknown>;

export interface AssaySectionOptions {
  /** Claims whose p-values mark the bars (paper report). */
  readonly claims?: ClaimContext;
}

/** Bar figures of every measure with `prefix` (e.g. "qpcr_fold:"), one per measure × dose × time. */
function measureBars(result: ExperimentResult, key: string, prefix: string, yTitle: (what: string) => string, control: string | undefined, opts: AssaySectionOptions): Record<string, PlotFigure> {
  const ms = result.measurements.filter((m) => m.measure.startsWith(prefix) && m.replicate !== null);
  const figures: Record<string, PlotFigure> = {};
  let k = 0;
  for (const measure of unique(ms.map((m) => m.measure))) {
    const own = ms.filter((m) => m.measure === measure);
    const times = unique(own.map((m) => m.timeH));
    for (const timeH of times) {
      for (const doseUM of unique(own.filter((m) => m.timeH === timeH).map((m) => m.doseUM ?? 0))) {
        const sel: BarSelection = { measure, doseUM, timeH };
        const groups = barGroups(result.measurements, sel);
        if (!groups.length) continue;
        const what = measure.slice(prefix.length) || measure;
        const treat = result.experiment.drug && result.experiment.dosesUM.length > 1 ? `, ${fmt(doseUM)} µM ${result.experiment.drug}` : '';
        const time = times.length > 1 || timeH > 0 ? `, ${fmt(timeH)} h` : '';
        figures[`${key}-${k++}`] = barFigure(`${what}${treat}${time}`, yTitle(what), groups, significanceFor(groups, sel, opts.claims, control));
      }
    }
  }
  return figures;
}

function grid(figures: Readonly<Record<string, PlotFigure>>, heightPx = 400): Html {
  return h('div', { class: 'grid' }, Object.keys(figures).map((id) => plotDiv(id, heightPx)));
}

function barsNote(opts: AssaySectionOptions): Html {
  return h('p', { class: 'note' },
    'Bars: mean ± SD over biological replicates (dots). Brackets: * p < 0.05, ** p < 0.01, *** p < 0.001, ns not significant; ',
    opts.claims ? 'p of the claim comparing that pair (repeat 0), else a Welch t-test.' : 'Welch t-test against the control line (the experiment’s control or reference line, else its first line; log scale for fold changes and ratios).');
}

function figuresOrMissing(figures: Readonly<Record<string, PlotFigure>>, what: string, heightPx?: number): Html {
  return Object.keys(figures).length ? grid(figures, heightPx) : missing(what);
}

/** A short description line of the experiment (all text escaped). */
function about(result: ExperimentResult): Html {
  const e = result.experiment;
  return h('p', { class: 'note' },
    e.description ? `${e.description}. ` : '',
    e.paper ? `Paper: ${e.paper}. ` : '',
    `Assay ${e.assay}; lines ${e.lines.join(', ')}; ${e.replicates} biological replicates; ${e.cellsPerSample} simulated cells per sample; seed ${String(e.seed)}.`);
}

function ic50Table(result: ExperimentResult): Html {
  const lines = (result.summary['lines'] ?? {}) as Record<string, Obj>;
  const ref = result.summary['referenceLine'];
  const rows = Object.entries(lines).map(([line, f]) => {
    const ci = Array.isArray(f['ci95']) ? (f['ci95'] as unknown[]) : [];
    const rci = Array.isArray(f['resistanceIndexCi95']) ? (f['resistanceIndexCi95'] as unknown[]) : [];
    return h('tr', null,
      h('td', null, line),
      h('td', { class: 'num' }, fmt(f['ic50'])),
      h('td', { class: 'num' }, `[${fmt(ci[0])}, ${fmt(ci[1])}]`),
      h('td', { class: 'num' }, fmt(f['hill'])),
      h('td', { class: 'num' }, fmt(f['r2'])),
      h('td', { class: 'num' }, f['resistanceIndex'] !== undefined ? `${fmt(f['resistanceIndex'])} [${fmt(rci[0])}, ${fmt(rci[1])}]` : '–'));
  });
  return h('table', null,
    h('thead', null, h('tr', null, h('th', null, 'line'), h('th', null, 'IC50 (µM)'), h('th', null, '95% CI'), h('th', null, 'Hill'), h('th', null, 'R²'), h('th', null, typeof ref === 'string' ? `RI vs ${ref} [95% CI]` : 'RI'))),
    h('tbody', null, rows));
}

/** The sections of one experiment; `key` makes figure ids unique within a report. */
export function assaySections(result: ExperimentResult, key: string, opts: AssaySectionOptions = {}): ReportSection[] {
  const e = result.experiment;
  const s = result.summary;
  const id = `${key}`;
  const title = (what: string): string => `${what} — ${e.name}`;
  switch (e.assay) {
    case 'qpcr': {
      const control = typeof s['controlLine'] === 'string' ? s['controlLine'] : undefined;
      const figures = measureBars(result, `${key}-qpcr`, 'qpcr_fold:', (g) => `${g} mRNA, 2^−ΔΔCt vs ${control ?? 'control'}`, control, opts);
      return [{ id, title: title('qRT-PCR'), body: fragment(about(result), barsNote(opts), figuresOrMissing(figures, 'no qpcr_fold measurements')), figures }];
    }
    case 'western': {
      const control = typeof s['controlLine'] === 'string' ? s['controlLine'] : undefined;
      const loading = typeof s['loadingControl'] === 'string' ? s['loadingControl'] : 'loading control';
      const figures = measureBars(result, `${key}-western`, 'western_ratio:', (p) => `${p} / ${loading}, relative to ${control ?? 'control'}`, control, opts);
      const blots = Object.entries(result.texts).filter(([name, text]) => name.endsWith('.svg') && text.trimStart().startsWith('<svg'));
      const blotBody = blots.length
        ? h('div', null, blots.map(([name, svg]) => h('figure', null, svgImage(svg, `drawn western blot ${name}`), h('figcaption', { class: 'note' }, name))))
        : missing('no drawn blots among the experiment’s outputs');
      return [
        { id, title: title('Western blot'), body: fragment(about(result), barsNote(opts), figuresOrMissing(figures, 'no western_ratio measurements')), figures },
        { id: `${id}-blots`, title: title('Drawn blots'), body: fragment(h('p', { class: 'note' }, 'Band darkness = band volume as a fraction of the imager’s full scale (saturation included); one blot per biological replicate.'), blotBody) },
      ];
    }
    case 'flow-dcf': {
      const ref = typeof s['referenceLine'] === 'string' ? s['referenceLine'] : undefined;
      const bars = measureBars(result, `${key}-dcf-bars`, 'dcf_fold', () => `DCF fold vs ${ref ?? 'reference'} untreated`, ref, opts);
      const hist = dcfHistogramFigures(result);
      const prefixed = Object.fromEntries(Object.entries(hist).map(([k, f]) => [`${key}-${k}`, f]));
      return [
        { id, title: title('ROS (DCF flow cytometry)'), body: fragment(about(result), barsNote(opts), figuresOrMissing(bars, 'no dcf_fold measurements')), figures: bars },
        { id: `${id}-hist`, title: title('DCF histograms'), body: figuresOrMissing(prefixed, 'no FCS events were recorded (flow.fcs is off, or no tube had cells)'), figures: prefixed },
      ];
    }
    case 'flow-annexin-pi': {
      const bars = measureBars(result, `${key}-annexin-bars`, 'annexin_pct', () => 'Annexin V+ cells (% of gated events)', e.lines[0], opts);
      const dots = annexinDotFigures(result);
      const prefixed = Object.fromEntries(Object.entries(dots).map(([k, f]) => [`${key}-${k}`, f]));
      return [
        { id, title: title('Apoptosis (Annexin V/PI)'), body: fragment(about(result), barsNote(opts), figuresOrMissing(bars, 'no annexin_pct measurements')), figures: bars },
        {
          id: `${id}-dots`,
          title: title('Annexin V/PI dot plots'),
          body: fragment(h('p', { class: 'note' }, 'Dashed lines: the quadrant gates set on each line’s untreated tube; percentages as measured (of events in the scatter gate).'), figuresOrMissing(prefixed, 'no FCS events were recorded (flow.fcs is off, or no tube had cells)', 440)),
          figures: prefixed,
        },
      ];
    }
    case 'cck8-dose-response': {
      const fig = doseResponseFigure(result);
      const figures: Record<string, PlotFigure> = fig ? { [`${key}-dose-response`]: fig } : {};
      return [{ id, title: title('Dose–response (CCK-8)'), body: fragment(about(result), fig ? plotDiv(`${key}-dose-response`, 480) : missing('no viability measurements'), h('h3', null, '4PL fits'), ic50Table(result)), figures }];
    }
    case 'cck8-proliferation': {
      const fig = proliferationFigure(result);
      const figures: Record<string, PlotFigure> = fig ? { [`${key}-proliferation`]: fig } : {};
      return [{ id, title: title('Proliferation (CCK-8)'), body: fragment(about(result), fig ? plotDiv(`${key}-proliferation`, 440) : missing('no growth curves in the summary')), figures }];
    }
  }
}
