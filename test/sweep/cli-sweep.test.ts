/**
 * The sweep CLI end to end on a cheap Annexin V/PI assay (test/sweep/fixtures/tiny-annexin.yaml):
 * killed and resumed = uninterrupted, sharded + merged = unsharded, 2 workers = 1 worker (shard 1/2
 * runs on 2 workers) — compared byte for byte — and bad input refused with exit code 2.
 */
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, runCliAsync } from '../cli/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'nrf2sim-sweep-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ARGS = ['sweep', 'test/sweep/fixtures/tiny-annexin.yaml', '--param', 'knockdown=0,0.9', '--param', 'emax_imatinib_ros=4,5', '--measure', 'apoptosis_pct', '--seed', '5'];
const OUTPUTS = ['results.jsonl', 'points.csv', 'sweep.json', 'sweep.svg'];
const read = (d: string, f: string): string => readFileSync(join(dir, d, f), 'utf8');
const pointLines = (d: string): number => (existsSync(join(dir, d, 'results.jsonl')) ? read(d, 'results.jsonl').split('\n').filter((l) => l.startsWith('{"index"')).length : 0);

describe('nrf2sim sweep (CLI)', () => {
  beforeAll(async () => {
    // The uninterrupted reference run, on one worker.
    const a = await runCliAsync([...ARGS, '--workers', '1', '--out', join(dir, 'whole')]);
    expect(a.stderr).toBe('');
    expect(a.status).toBe(0);
  }, 120_000);

  it('writes the tidy CSV with mean and CI per point, sweep.json and the SVG', () => {
    const csv = read('whole', 'points.csv').trim().split('\n');
    expect(csv[0]).toBe('knockdown,emax_imatinib_ros,apoptosis_pct_mean,apoptosis_pct_ci_lo,apoptosis_pct_ci_hi,apoptosis_pct_n');
    expect(csv).toHaveLength(5);
    const json = JSON.parse(read('whole', 'sweep.json')) as { points: { params: Record<string, number>; apoptosis_pct: { mean: number; ci95: number[]; n: number } }[] };
    expect(json.points).toHaveLength(4);
    expect(json.points[3]!.params).toEqual({ knockdown: 0.9, emax_imatinib_ros: 5 });
    expect(json.points.every((p) => p.apoptosis_pct.n === 2 && p.apoptosis_pct.ci95.length === 2)).toBe(true);
    expect(read('whole', 'sweep.svg')).toMatch(/^<svg /);
    expect(existsSync(join(dir, 'whole', 'manifest.json'))).toBe(true);
  });

  it('a sweep killed mid-run and resumed equals the uninterrupted run, without recomputing finished points', async () => {
    const out = join(dir, 'killed');
    const child = spawn(process.execPath, ['dist/src/cli/main.js', ...ARGS, '--workers', '1', '--out', out], { stdio: 'ignore' });
    const exited = new Promise<void>((done) => child.on('exit', () => done()));
    const t0 = Date.now();
    while (pointLines('killed') < 1 && Date.now() - t0 < 30_000) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    await exited;
    const finished = pointLines('killed');
    expect(finished).toBeGreaterThanOrEqual(1);
    expect(finished).toBeLessThan(4);
    // A write cut short by a kill leaves a partial last line; resume must drop it.
    appendFileSync(join(out, 'results.jsonl'), '{"index":3,"params":{"knockd');
    const r = runCli([...ARGS, '--workers', '1', '--out', out, '--resume']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`${4 - finished} computed, ${finished} resumed`);
    for (const f of OUTPUTS) expect(read('killed', f), f).toBe(read('whole', f));
  }, 60_000);

  it('shards 1/2 (on 2 workers) and 2/2 (on 1), merged, equal the unsharded run on 1 worker', async () => {
    const [s1, s2] = await Promise.all(['1/2', '2/2'].map((s, i) => runCliAsync([...ARGS, '--workers', String(2 - i), '--shard', s, '--out', join(dir, `shard${i + 1}`)])));
    expect(s1.stderr).toBe('');
    expect(s1.status).toBe(0);
    expect(s2.status).toBe(0);
    // 2 workers vs 1: the points of shard 1/2 are the same lines as in the 1-worker run.
    const lines = (d: string): string[] => read(d, 'results.jsonl').trim().split('\n').slice(1);
    expect(lines('shard1')).toEqual(lines('whole').filter((_, i) => i % 2 === 0));
    expect(existsSync(join(dir, 'shard1', 'points.csv'))).toBe(false);
    const partial = runCli(['merge', join(dir, 'shard2'), '--out', join(dir, 'partial')]);
    expect(partial.status).toBe(2);
    expect(partial.stderr).toMatch(/points missing: 0, 2; they belong to shard\(s\) 1\/2/);
    const m = runCli(['merge', join(dir, 'shard2'), join(dir, 'shard1', 'results.jsonl'), '--out', join(dir, 'merged')]);
    expect(m.stderr).toBe('');
    expect(m.status).toBe(0);
    for (const f of OUTPUTS) expect(read('merged', f), f).toBe(read('whole', f));
  }, 60_000);

  it('refuses to resume a different run, to overwrite a run, and bad flags (exit 2, one line)', () => {
    const other = runCli([...ARGS.slice(0, 3), 'knockdown=0:0.9:3', ...ARGS.slice(4), '--out', join(dir, 'whole'), '--resume']);
    expect(other.status).toBe(2);
    expect(other.stderr).toMatch(/belongs to a different run \(differs in: axes\)/);
    const again = runCli([...ARGS, '--out', join(dir, 'whole')]);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/pass --resume/);
    const cases: [string[], RegExp][] = [
      [['--param', 'nosuch=0:1:2'], /--param: nosuch: unknown parameter 'nosuch'/],
      [['--param', 'knockdown=0:1.5:2'], /--param: parameters.knockdown: expected a knockdown efficiency between 0 and 1, got 1.5/],
      [['--param', 'knockdown=0:0.5:2', '--shard', '3/2', '--out', join(dir, 'x')], /--shard: 3\/2: expected k\/N/],
      [['--param', 'knockdown=0:0.5:2', '--measure', 'ic50'], /--measure: ic50: needs a cck8-dose-response experiment/],
      [['--param', 'knockdown=0:0.5:2', '--resume'], /--resume: needs --out/],
    ];
    for (const [extra, msg] of cases) {
      const measure = extra.includes('--measure') ? [] : ['--measure', 'apoptosis_pct'];
      const r = runCli(['sweep', 'test/sweep/fixtures/tiny-annexin.yaml', ...measure, ...extra]);
      expect(r.status, extra.join(' ')).toBe(2);
      expect(r.stderr, extra.join(' ')).toMatch(msg);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('the Slurm script is valid bash', () => {
    const r = spawnSync('bash', ['-n', 'workflows/slurm/sweep.sbatch'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
