import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { scanHtml } from './parse-html.js';

describe('nrf2sim assay --out writes report.html', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nrf2sim-assay-report-'));
  const r = runCli(['assay', 'scenarios/experiments/qpcr.yaml', '--cells', '20', '--workers', '1', '--out', dir]);

  it('beside the other outputs, listed in the manifest', () => {
    expect(r.status, r.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest.outputs.map((o: { path: string }) => o.path)).toContain('report.html');
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    const scan = scanHtml(html);
    expect(scan.scripts).toHaveLength(4);
    const figures = JSON.parse(scan.scripts[0]!.body);
    expect(Object.keys(figures)).toEqual(['assay-qpcr-0', 'assay-qpcr-1']);
    expect(html).toContain('data-node="TrxR_mRNA"');
  });
});
