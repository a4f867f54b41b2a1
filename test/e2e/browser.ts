/**
 * Browser helpers of the end-to-end tests: Debian's Chromium driven by playwright-core, launched with
 * the flags of /work/shared/TOOLCHAIN.md, and a page that may load only local files. A missing or
 * broken browser is a test failure with the fix in the message, never a skip (.ci/run installs it).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env['NRF2SIM_CHROMIUM'] ?? '/usr/bin/chromium';
export const ARTIFACTS = 'test-artifacts';

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`browser tests need Chromium at ${CHROMIUM}: run 'apt-get install -y chromium' (.ci/run does) or set NRF2SIM_CHROMIUM`);
  }
  try {
    return await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
  } catch (e) {
    throw new Error(`cannot launch Chromium at ${CHROMIUM}: ${(e as Error).message}`);
  }
}

/** Requests a page made, split into local ones (file:, blob:, data:) and anything else (network). */
export interface RequestLog {
  readonly local: string[];
  readonly network: string[];
  readonly errors: string[];
}

const LOCAL = /^(file|blob|data):/;

/**
 * A page in a fresh context that aborts every non-local request and records all requests (page and
 * its workers) and page errors, so a test can assert nothing tried to reach the network.
 */
export async function offlinePage(browser: Browser): Promise<{ context: BrowserContext; page: Page; log: RequestLog }> {
  const context = await browser.newContext({ viewport: { width: 1300, height: 1700 } });
  const log: RequestLog = { local: [], network: [], errors: [] };
  context.on('request', (r) => (LOCAL.test(r.url()) ? log.local : log.network).push(r.url()));
  await context.route('**/*', (route) => (LOCAL.test(route.request().url()) ? route.continue() : route.abort()));
  const page = await context.newPage();
  page.on('pageerror', (e) => log.errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') log.errors.push(m.text());
  });
  return { context, page, log };
}

export function artifactPath(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}

/**
 * What Plotly drew inside `selector`: SVG traces with a non-empty line path or markers, and the number
 * of data points those traces hold (the graph div's `data`). Zeros when nothing is drawn.
 */
export async function plotted(page: Page, selector: string): Promise<{ drawnTraces: number; points: number }> {
  return page.evaluate((sel) => {
    const root = document.querySelector(sel) as (HTMLElement & { data?: { x?: ArrayLike<number> }[] }) | null;
    if (!root || !root.querySelector('svg.main-svg')) return { drawnTraces: 0, points: 0 };
    let drawnTraces = 0;
    root.querySelectorAll('g.trace.scatter').forEach((g) => {
      const line = g.querySelector('path.js-line');
      if ((line && (line.getAttribute('d') ?? '').length > 2) || g.querySelector('path.point')) drawnTraces++;
    });
    const points = (root.data ?? []).reduce((s, t) => s + (t.x?.length ?? 0), 0);
    return { drawnTraces, points };
  }, selector);
}
