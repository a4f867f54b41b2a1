/**
 * The virtual paper's report and a single assay's report: one self-contained HTML page each.
 * The paper report mirrors the paper's figures from repeat 0 (the study as published), then the
 * claims table (PASS/FAIL over all repeats), the pathway diagram generated from the model, and the
 * run's metadata. Pure: results in, HTML text out (io/write-report.ts writes it).
 */
import type { Claim } from '../checks/claim.js';
import type { PaperResult } from '../checks/run-paper.js';
import type { ExperimentResult } from '../experiments/types.js';
import type { CompiledModel } from '../model/types.js';
import { assaySections } from './assay-sections.js';
import { fmt, missing } from './figures/common.js';
import { pathwaySvg } from './figures/pathway-svg.js';
import { fragment, h, renderReport, type Html, type ReportSection } from './html.js';

/** Provenance shown in the report (the CLI fills it; nothing here reads a clock or a file). */
export interface RunMetadata {
  readonly seed: string | number;
  readonly version: string;
  /** SHA-256 of the model file's text. */
  readonly modelSha256?: string;
  readonly modelSource?: string;
  readonly command?: readonly string[];
  readonly startedAt?: string;
  readonly wallSeconds?: number;
  readonly node?: string;
  readonly gitCommit?: string | null;
}

export interface ReportMeta {
  /** plotly.js bundle text, inlined. */
  readonly plotlyJs: string;
  readonly run: RunMetadata;
  /** The compiled model, for the pathway diagram. */
  readonly model?: CompiledModel;
}

export interface PaperReportMeta extends ReportMeta {
  /** The claims as parsed (their checks say which bars a claim's p marks). */
  readonly claims?: readonly Claim[];
}

function claimsTable(result: PaperResult): Html {
  const rows = result.claims.map((c) =>
    h('tr', null,
      h('td', null, c.id),
      h('td', null, c.paper),
      h('td', { class: c.holds ? 'pass' : 'fail' }, c.holds ? 'PASS' : 'FAIL'),
      h('td', { class: 'num' }, `${Math.round(c.robustness * 100)} % (≥ ${Math.round(c.required * 100)} % of ${c.repeats})`),
      h('td', { class: 'num' }, fmt(c.effect)),
      h('td', { class: 'num' }, c.ci95 ? `[${fmt(c.ci95[0])}, ${fmt(c.ci95[1])}]` : '–'),
      h('td', { class: 'num' }, fmt(c.pValue)),
      h('td', { class: 'num' }, String(c.n)),
      h('td', { class: 'note' }, c.checks.map((k) => h('div', null, h('span', { class: k.holds ? 'pass' : 'fail' }, k.holds ? 'ok ' : 'FAIL '), `${k.label}: ${k.detail}`)))));
  const passed = result.claims.filter((c) => c.holds).length;
  return fragment(
    h('p', null, `${passed} of ${result.claims.length} claims hold over ${result.repeats} independent repeat(s). Effect, 95 % CI and p are those of repeat 0 (one study, as published); a claim passes when it holds in at least its required fraction of repeats.`),
    h('table', null,
      h('thead', null, h('tr', null, ['claim', 'paper says', 'result', 'robustness', 'effect', '95% CI', 'p', 'n', 'checks (repeat 0)'].map((t) => h('th', null, t)))),
      h('tbody', null, rows)));
}

function metadataTable(run: RunMetadata, extra: readonly [string, string][]): Html {
  const rows: [string, string][] = [
    ['seed', String(run.seed)],
    ['nrf2sim version', run.version],
    ...(run.gitCommit ? ([['git commit', run.gitCommit]] as [string, string][]) : []),
    ['model', `${run.modelSource ?? '–'}${run.modelSha256 ? ` (SHA-256 ${run.modelSha256})` : ''}`],
    ...(run.node ? ([['Node.js', run.node]] as [string, string][]) : []),
    ...extra,
  ];
  if (run.command) rows.push(['command', run.command.join(' ')]);
  if (run.startedAt) rows.push(['started', run.startedAt]);
  if (run.wallSeconds !== undefined) rows.push(['wall time', `${run.wallSeconds.toFixed(1)} s`]);
  if (!run.command || run.wallSeconds === undefined) {
    rows.push(['command line, timing', 'recorded in manifest.json beside this report (kept out of the page so that it is reproducible bit for bit, like every other output)']);
  }
  return h('table', null, h('tbody', null, rows.map(([k, v]) => h('tr', null, h('th', null, k), h('td', null, v)))));
}

function pathwaySection(model: CompiledModel | undefined): ReportSection {
  return {
    id: 'pathway',
    title: 'Pathway (generated from the model)',
    body: model
      ? fragment(h('p', { class: 'note' }, `${model.name}: ${model.species.length} species, ${model.reactions.length} reactions, ${model.drugs.length} drugs. Hover a node or edge for its description and reaction.`), pathwaySvg(model))
      : missing('the compiled model was not given to the report'),
  };
}

/** Figure-id key of an experiment: letters, digits and '-' only. */
function keyOf(name: string, k: number): string {
  return `e${k}-${name.replace(/[^A-Za-z0-9-]/g, '_')}`;
}

/** Paper figures in the paper's order of experiments as the claims first name them. */
export function paperReportHtml(result: PaperResult, meta: PaperReportMeta): string {
  const ctx = meta.claims ? { claims: meta.claims, results: result.claims } : undefined;
  const figureSections: ReportSection[] = result.firstRepeat.length
    ? result.firstRepeat.flatMap(({ name, result: exp }, k) => assaySections(exp, keyOf(name, k), ctx ? { claims: ctx } : {}))
    : [{ id: 'figures', title: 'Figures', body: missing('this result holds no per-experiment results of repeat 0') }];
  const sections: ReportSection[] = [
    { id: 'claims', title: 'Claims', body: claimsTable(result) },
    ...figureSections,
    pathwaySection(meta.model),
    {
      id: 'run',
      title: 'Run',
      body: metadataTable(meta.run, [
        ['repeats', String(result.repeats)],
        ['experiments', result.experiments.map((e) => `${e.name} (${e.wells} wells: ${e.lines.join(', ')})`).join('; ')],
      ]),
    },
  ];
  const passed = result.claims.filter((c) => c.holds).length;
  return renderReport({
    title: 'nrf2sim — the virtual paper',
    subtitle: `Xu et al. 2019, re-run in silico: ${passed}/${result.claims.length} claims hold over ${result.repeats} repeat(s), seed ${String(result.seed)}`,
    sections,
    plotlyJs: meta.plotlyJs,
  });
}

/** The report of one `nrf2sim assay` run. */
export function assayReportHtml(result: ExperimentResult, meta: ReportMeta): string {
  const e = result.experiment;
  const sections: ReportSection[] = [
    ...assaySections(result, 'assay'),
    ...(meta.model ? [pathwaySection(meta.model)] : []),
    { id: 'run', title: 'Run', body: metadataTable(meta.run, [['experiment file', e.source], ['wells', String(result.wells.length)]]) },
  ];
  return renderReport({ title: `nrf2sim assay — ${e.name}`, subtitle: `${e.assay}${e.description ? `: ${e.description}` : ''}`, sections, plotlyJs: meta.plotlyJs });
}
