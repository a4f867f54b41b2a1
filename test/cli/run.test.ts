import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const G01 = 'scenarios/cell-lines/k562-g01.yaml';

interface RunJson { times: number[]; species: Record<string, number[]>; units: Record<string, string> }
const runJson = (...args: string[]): RunJson => {
  const r = runCli(['run', G01, '--json', ...args]);
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as RunJson;
};

describe('nrf2sim run (issue 2, acceptance 3)', () => {
  it('--method ode prints times and every species', () => {
    const out = runJson('--method', 'ode', '--hours', '72');
    expect(out.times[0]).toBe(0);
    expect(out.times.at(-1)).toBe(72);
    for (const s of ['Nrf2_mRNA', 'Nrf2', 'TrxR', 'H2O2', 'Caspase']) expect(out.species[s]).toHaveLength(out.times.length);
    expect(out.units['Nrf2_mRNA']).toBe('molecules');
  });

  it.each(['ssa', 'tau'])('--method %s runs 72 h', (method) => {
    const out = runJson('--method', method, '--hours', '72', '--seed', '3');
    expect(out.times.at(-1)).toBe(72);
    for (const v of Object.values(out.species)) for (const x of v) expect(Number.isFinite(x) && x >= 0).toBe(true);
  });

  it.each(['ssa', 'tau'])('--method %s: same seed identical, different seeds differ', (method) => {
    const a = runJson('--method', method, '--hours', '12', '--seed', '11');
    const b = runJson('--method', method, '--hours', '12', '--seed', '11');
    const c = runJson('--method', method, '--hours', '12', '--seed', '12');
    expect(a.species).toEqual(b.species);
    expect(a.species['Nrf2_mRNA']).not.toEqual(c.species['Nrf2_mRNA']);
    // Stochastic runs stay near the deterministic steady state (mRNA ≈ 100 copies, Poisson sd ≈ 10).
    const last = a.species['Nrf2_mRNA']!.at(-1)!;
    expect(last).toBeGreaterThan(50);
    expect(last).toBeLessThan(160);
  });

  it('--help lists the commands', () => {
    const r = runCli(['--help']);
    expect(r.status).toBe(0);
    for (const c of ['run', 'validate', 'compare']) expect(r.stdout).toContain(c);
  });

  it('validate accepts the shipped model and scenarios', () => {
    const r = runCli(['validate', 'models/nrf2-trxr-ros.yaml', 'scenarios/cell-lines/k562.yaml', G01, 'scenarios/cell-lines/g01-shnc.yaml', 'scenarios/cell-lines/g01-shnrf2.yaml']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.match(/^ok /gm)).toHaveLength(5);
  });
});
