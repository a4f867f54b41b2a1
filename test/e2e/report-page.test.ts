/**
 * An assay's report.html (src/report, written by io/write-report.ts) in a real browser: generated
 * from a tiny dose–response run, opened from disk with every non-local request blocked; its plotly
 * figures must draw with data and nothing may be fetched.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runExperiment } from '../../src/experiments/run-experiment.js';
import { loadExperiment } from '../../src/io/load-experiment.js';
import { writeAssayReport } from '../../src/io/write-report.js';
import { runCliAsync } from '../cli/run-cli.js';
import { artifactPath, launchBrowser, offlinePage } from './browser.js';

let dir = '';
let report = '';
let paperReport = '';
let browser: Browser | undefined;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nrf2sim-report-'));
  const { spec, lines } = loadExperiment('scenarios/experiments/imatinib-dose-response.yaml');
  const result = await runExperiment(spec, lines, { cellsPerSample: 20, workers: 1 });
  report = writeAssayReport(dir, result, { model: lines.values().next().value?.model, startedAt: new Date(0), seconds: 0 });
  // The virtual paper's report as `npm start` writes it, at a tiny size (every experiment, 1 repeat).
  const paperDir = join(dir, 'paper');
  const r = await runCliAsync(['paper', '--repeats', '1', '--cells', '30', '--workers', '2', '--out', paperDir]);
  expect([0, 1], r.stderr).toContain(r.status);
  paperReport = join(paperDir, 'report.html');
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('assay report.html from disk, offline', () => {
  it('draws plotly figures with data and fetches nothing', async () => {
    const { page, log } = await offlinePage(browser!);
    await page.goto(pathToFileURL(report).href);
    await page.waitForFunction(() => document.querySelectorAll('.js-plotly-plot svg.main-svg').length > 0, null, { timeout: 30_000 });
    const drawn = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement & { data?: { x?: ArrayLike<unknown>; y?: ArrayLike<unknown> }[] }>('.js-plotly-plot')].map((gd) => ({
        points: (gd.data ?? []).reduce((s, t) => s + (t.x?.length ?? t.y?.length ?? 0), 0),
        svgTraces: gd.querySelectorAll('g.trace').length,
      })),
    );
    expect(drawn.length).toBeGreaterThan(0);
    expect(drawn.some((f) => f.points > 0 && f.svgTraces > 0)).toBe(true);
    await page.screenshot({ path: artifactPath('assay-report.png'), fullPage: true });
    expect(log.local.some((u) => u.startsWith('file:') && u.endsWith('report.html'))).toBe(true);
    expect(log.network).toEqual([]);
    expect(log.errors).toEqual([]);
  });

  it('the paper report draws every figure with data and fetches nothing', async () => {
    const { page, log } = await offlinePage(browser!);
    await page.goto(pathToFileURL(paperReport).href);
    await page.waitForFunction(() => document.querySelectorAll('.js-plotly-plot svg.main-svg').length >= 10, null, { timeout: 60_000 });
    const drawn = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement & { data?: { x?: ArrayLike<unknown>; y?: ArrayLike<unknown> }[] }>('.js-plotly-plot')].map(
        (gd) => (gd.data ?? []).reduce((s, t) => s + (t.x?.length ?? t.y?.length ?? 0), 0),
      ),
    );
    // qPCR, western, DCF, Annexin V/PI, dose–response and growth figures, each with data.
    expect(drawn.length).toBeGreaterThanOrEqual(10);
    for (const points of drawn) expect(points).toBeGreaterThan(0);
    const text = await page.evaluate(() => document.body.innerText);
    for (const id of ['C1', 'C7', 'C10']) expect(text).toContain(id);
    await page.screenshot({ path: artifactPath('paper-report.png'), fullPage: true });
    expect(log.network).toEqual([]);
    expect(log.errors).toEqual([]);
  }, 90_000);
});
