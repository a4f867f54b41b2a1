/**
 * `nrf2sim paper` (issue 5): the whole virtual paper runs at small size (--repeats 2 --cells 100),
 * reports every claim of scenarios/paper/claims.yaml with a robustness in [0, 1], and its exit code
 * says whether every claim holds (1 is a scientific result, not an error). Determinism is checked on
 * a two-claim subset (C1, C2: qPCR and western only) run twice with the same seed, which keeps the
 * test well inside its time budget; the runs are spawned concurrently. Whether the claims hold is the
 * calibration's business, not asserted here.
 */

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseClaimsText } from '../../src/checks/parse-claims.js';
import { runCli, runCliAsync, type CliResult } from './run-cli.js';


interface ClaimJson {
  id: string;
  holds: boolean;
  robustness: number;
  effect: number | null;
  ci95: [number, number] | null;
  pValue: number | null;
}

const CLAIMS = 'scenarios/paper/claims.yaml';
const claimsText = readFileSync(CLAIMS, 'utf8');
const ids = parseClaimsText(claimsText, CLAIMS).map((c) => c.id);

const tmp = mkdtempSync(join(tmpdir(), 'nrf2sim-paper-'));
const subset = join(tmp, 'claims.yaml');
writeFileSync(subset, claimsText.slice(0, claimsText.indexOf('  - id: C3')));
const small = ['--repeats', '2', '--cells', '100', '--json', '--workers', '1'];
let full: CliResult;
let a: CliResult;
let b: CliResult;
let t1: CliResult;
let t2: CliResult;
const outDir = join(tmp, 'out');

beforeAll(async () => {
  const sub = ['paper', '--claims', subset, '--experiments', 'scenarios/experiments', '--seed', '11', ...small];
  [full, a, b] = await Promise.all([runCliAsync(['paper', ...small]), runCliAsync(sub), runCliAsync(sub)]);
  // The printed table (not --json), twice; the second run also writes its outputs.
  const table = sub.filter((x) => x !== '--json');
  [t1, t2] = await Promise.all([runCliAsync(table), runCliAsync([...table, '--out', outDir])]);
}, 180_000);

describe('nrf2sim paper', () => {
  it('reports every claim of claims.yaml with a robustness in [0, 1]', () => {
    expect([0, 1], full.stderr).toContain(full.status);
    expect(full.stderr).toBe('');
    const out = JSON.parse(full.stdout) as { claims: ClaimJson[] };
    expect(out.claims.map((c) => c.id)).toEqual(ids);
    for (const c of out.claims) {
      expect(typeof c.robustness, c.id).toBe('number');
      expect(c.robustness, c.id).toBeGreaterThanOrEqual(0);
      expect(c.robustness, c.id).toBeLessThanOrEqual(1);
      expect(typeof c.holds, c.id).toBe('boolean');
      expect(c.effect === null || typeof c.effect === 'number', c.id).toBe(true);
      expect(c.pValue === null || (c.pValue >= 0 && c.pValue <= 1), c.id).toBe(true);
    }
  });

  it('exits 0 exactly when every claim holds', () => {
    const out = JSON.parse(full.stdout) as { claims: ClaimJson[] };
    expect(full.status).toBe(out.claims.every((c) => c.holds) ? 0 : 1);
    const sub = JSON.parse(a.stdout) as { claims: ClaimJson[] };
    expect(a.status).toBe(sub.claims.every((c) => c.holds) ? 0 : 1);
  });

  it('prints an identical table for the same seed (timing goes to stderr)', () => {
    expect(t1.stdout).toContain('C1');
    expect(t1.stdout).toMatch(/claims hold over 2 repeat\(s\), seed 11/);
    const withoutOutLine = t2.stdout.split('\n').filter((l) => !l.startsWith('report: ')).join('\n');
    expect(withoutOutLine).toBe(t1.stdout);
    expect(t1.stderr).toMatch(/paper: [\d.]+ s on 1 worker/);
  });

  it('records version, model hash, seed, command line and timing, and verify --rerun reproduces the run bit for bit', () => {
    const m = JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8')) as {
      version: string; seed: number; command: string[]; wallSeconds: number; inputs: { path: string; sha256: string }[]; outputs: { path: string }[];
    };
    expect(m.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(m.seed).toBe(11);
    expect(m.command.join(' ')).toContain('paper --claims');
    expect(m.wallSeconds).toBeGreaterThan(0);
    expect(m.inputs.find((f) => f.path.endsWith('models/nrf2-trxr-ros.yaml'))?.sha256).toMatch(/^[0-9a-f]{64}$/);
    const outs = m.outputs.map((f) => f.path);
    for (const f of ['claims.json', 'measurements.csv', 'report.html', 'qpcr/measurements.csv', 'western/summary.json']) expect(outs).toContain(f);
    const v = runCli(['verify', outDir, '--rerun']);
    expect(v.status, v.stderr).toBe(0);
    expect(v.stdout).toContain('bit for bit');
  }, 120_000);

  it('prints identical JSON for the same seed', () => {
    expect(a.stdout.length).toBeGreaterThan(0);
    expect((JSON.parse(a.stdout) as { claims: ClaimJson[] }).claims.map((c) => c.id)).toEqual(['C1', 'C2']);
    expect(b.stdout).toBe(a.stdout);
    expect(b.status).toBe(a.status);
  });
});
