/**
 * Acceptance 4 (issue 3): the same seed gives identical outputs with 1 worker (in this thread) and with
 * 2 worker threads; different seeds give different outputs. Also through the CLI (`--json`), whose
 * output shape is checked, and bad options fail with one line and exit code 2.
 */
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/io/load.js';
import { withCommandLine } from '../../src/scenario/resolve.js';
import { wellJobs } from '../../src/scenario/population-jobs.js';
import { runWells } from '../../src/solve/population/pool.js';
import { runCli } from '../cli/run-cli.js';

const sc = withCommandLine(loadScenario('scenarios/cell-lines/k562.yaml'), new Map(), new Map([['imatinib', 0.5]]));
const jobs = (seed: number) => wellJobs(sc, { seed, replicates: 3, cells: 400, hours: 24, options: { saveEveryH: 4, burnInH: 12, snapshotTimesH: [24] } });

describe('reproducibility of population runs', () => {
  it('same seed: 1 worker (in-process) and 2 worker threads give identical wells', async () => {
    const a = await runWells(jobs(7), { workers: 1 });
    const b = await runWells(jobs(7), { workers: 2 });
    expect(b.length).toBe(3);
    for (let i = 0; i < a.length; i++) {
      expect(b[i]!.label).toBe(a[i]!.label);
      expect(b[i]!.counts).toEqual(a[i]!.counts);
      expect(b[i]!.means).toEqual(a[i]!.means);
      expect(b[i]!.quantiles).toEqual(a[i]!.quantiles);
      expect(b[i]!.snapshots[0]!.states).toEqual(a[i]!.snapshots[0]!.states);
    }
    // Replicates of one run are different wells.
    expect(a[1]!.means).not.toEqual(a[0]!.means);
  });

  it('different seeds give different wells', async () => {
    const [a] = await runWells(jobs(7).slice(0, 1));
    const [b] = await runWells(jobs(8).slice(0, 1));
    expect(b!.means).not.toEqual(a!.means);
    expect(b!.snapshots[0]!.states).not.toEqual(a!.snapshots[0]!.states);
  });

  it('CLI: --json has times and per-replicate counts per stage and species means; --workers 1 and 2 agree', () => {
    const args = ['population', 'scenarios/cell-lines/k562.yaml', '--cells', '150', '--hours', '6', '--dose', 'imatinib=1', '--seed', '3', '--replicates', '2', '--json'];
    const one = runCli([...args, '--workers', '1']);
    const two = runCli([...args, '--workers', '2']);
    expect(one.status, one.stderr).toBe(0);
    expect(two.status, two.stderr).toBe(0);
    const j1 = JSON.parse(one.stdout) as { times: number[]; replicates: { counts: Record<string, number[]>; means: Record<string, number[]>; stats: unknown }[] };
    const j2 = JSON.parse(two.stdout) as typeof j1;
    expect(j1.times[0]).toBe(0);
    expect(j1.times[j1.times.length - 1]).toBe(6);
    expect(j1.replicates).toHaveLength(2);
    for (const rep of j1.replicates) {
      for (const k of ['viable', 'earlyApoptotic', 'lateApoptotic', 'necrotic']) expect(rep.counts[k]).toHaveLength(j1.times.length);
      for (const s of ['Nrf2', 'TrxR', 'H2O2', 'Caspase']) expect(rep.means[s]).toHaveLength(j1.times.length);
      expect(rep.counts['viable']![0]).toBe(150);
    }
    const strip = (j: typeof j1) => j.replicates.map(({ stats: _s, ...rest }) => rest);
    expect(strip(j2)).toEqual(strip(j1));
  });

  it('CLI: bad options print one line and exit 2', () => {
    for (const bad of [['--cells', '0'], ['--replicates', '1.5'], ['--dose', 'aspirin=1']]) {
      const r = runCli(['population', 'scenarios/cell-lines/k562.yaml', ...bad]);
      expect(r.status, `${bad.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
