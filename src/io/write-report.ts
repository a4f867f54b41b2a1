/**
 * The report's I/O edge: read plotly's bundle from node_modules, collect run metadata (version, git
 * commit, command line, model hash), and write `report.html` atomically. The HTML itself is built by
 * the pure src/report modules.
 *
 * plotly.js-dist 4.x ships one unminified bundle (plotly.js, ~10 MB); a minified one
 * (plotly.min.js, from plotly.js-dist-min or older plotly.js-dist releases) is preferred when present.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import type { Claim } from '../checks/claim.js';
import type { PaperExperiment, PaperResult } from '../checks/run-paper.js';
import type { ExperimentResult } from '../experiments/types.js';
import type { CompiledModel } from '../model/types.js';
import { assayReportHtml, paperReportHtml, type RunMetadata } from '../report/paper-report.js';
import { comboReportHtml, sensitivityReportHtml, sweepReportHtml } from '../report/whatif-reports.js';
import { packageVersion, sha256 } from './manifest.js';
import { writeAtomic } from './write-atomic.js';

export const REPORT = 'report.html';

const BUNDLES = ['plotly.js-dist-min/plotly.min.js', 'plotly.js-dist/plotly.min.js', 'plotly.js-dist/plotly.js'];

/** Source text of the plotly.js browser bundle. */
export function plotlyBundle(): string {
  const require = createRequire(import.meta.url);
  for (const spec of BUNDLES) {
    let path: string;
    try {
      path = require.resolve(spec);
    } catch {
      continue;
    }
    return readFileSync(path, 'utf8');
  }
  throw new Error(`report: plotly.js bundle not found (tried ${BUNDLES.join(', ')}); run npm ci`);
}

/**
 * Run metadata for the report: only what a rerun reproduces (seed, version, model file and hash,
 * Node version), so report.html is bit-for-bit reproducible like every other output (`verify
 * --rerun`, the determinism tests). Command line, git commit, start and wall time are in
 * manifest.json beside it.
 */
export function runMetadata(seed: string | number, model: CompiledModel | undefined): RunMetadata {
  return {
    seed,
    version: packageVersion(),
    ...(model ? { modelSha256: sha256(model.sourceText), modelSource: relative(process.cwd(), model.sourceName) || model.sourceName } : {}),
    node: process.version,
  };
}

/** The model of the first line of the first experiment (every line shares the model file). */
function modelOf(experiments: ReadonlyMap<string, PaperExperiment>): CompiledModel | undefined {
  for (const e of experiments.values()) for (const sc of e.lines.values()) return sc.model;
  return undefined;
}

/** Write DIR/report.html for a virtual-paper run; returns the path. */
export function writePaperReport(dir: string, result: PaperResult, run: { claims: readonly Claim[]; experiments: ReadonlyMap<string, PaperExperiment> }): string {
  const model = modelOf(run.experiments);
  const html = paperReportHtml(result, { plotlyJs: plotlyBundle(), claims: run.claims, run: runMetadata(result.seed, model), ...(model ? { model } : {}) });
  const path = join(dir, REPORT);
  writeAtomic(path, html);
  return path;
}

/** Write DIR/report.html for an assay run; `model` (any line's) adds the pathway diagram. */
export function writeAssayReport(dir: string, result: ExperimentResult, run: { model: CompiledModel | undefined }): string {
  const html = assayReportHtml(result, { plotlyJs: plotlyBundle(), run: runMetadata(result.experiment.seed, run.model), ...(run.model ? { model: run.model } : {}) });
  const path = join(dir, REPORT);
  writeAtomic(path, html);
  return path;
}

/** Write an already-built report page into DIR. */
export function writeReportHtml(dir: string, html: string): string {
  const path = join(dir, REPORT);
  writeAtomic(path, html);
  return path;
}

/**
 * DIR/report.html of a what-if run, from the document its command writes (sweep.json, combo.json or
 * sensitivity.json — the parsed object, or the object before it was serialised).
 */
export function writeWhatIfReport(dir: string, kind: 'sweep' | 'combo' | 'sensitivity', document: unknown): string {
  const meta = { plotlyJs: plotlyBundle() };
  // Round-trip through JSON so the report sees exactly what the .json file holds (NaN → null).
  const data: unknown = JSON.parse(JSON.stringify(document) ?? 'null');
  const html = kind === 'sweep' ? sweepReportHtml(data, meta) : kind === 'combo' ? comboReportHtml(data, meta) : sensitivityReportHtml(data, meta);
  return writeReportHtml(dir, html);
}
