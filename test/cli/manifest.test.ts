import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

describe('provenance: manifest.json and nrf2sim verify', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nrf2sim-manifest-'));
  const r = runCli(['run', 'scenarios/cell-lines/g01-shnrf2.yaml', '--method', 'tau', '--hours', '12', '--seed', '5', '--out', dir]);

  it('records version, command, seed, input and output hashes', () => {
    expect(r.status, r.stderr).toBe(0);
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(m.tool).toBe('nrf2sim');
    expect(m.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(m.seed).toBe(5);
    expect(m.command).toContain('--seed');
    expect(m.inputs.map((f: { path: string }) => f.path).join(' ')).toContain('nrf2-trxr-ros.yaml');
    expect(m.outputs.map((f: { path: string }) => f.path).sort()).toEqual(['timecourse.csv', 'timecourse.json']);
    for (const f of m.outputs) expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('verify --rerun reproduces the outputs bit for bit', () => {
    const v = runCli(['verify', dir, '--rerun']);
    expect(v.status, v.stderr).toBe(0);
    expect(v.stdout).toContain('bit for bit');
  });

  it('verify fails when an output was altered', () => {
    appendFileSync(join(dir, 'timecourse.csv'), '1,2,3\n');
    const v = runCli(['verify', dir]);
    expect(v.status).toBe(1);
    expect(v.stderr).toContain('timecourse.csv');
  });
});
