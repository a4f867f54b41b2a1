import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { mergeResults, mergeResultsFiles, readResultsFile, resultsFileText } from '../../src/io/results-file.js';
import { inShard, parseShard, runPoints, type SweepPoint } from '../../src/sweep/run-points.js';

const dir = mkdtempSync(join(tmpdir(), 'nrf2sim-run-points-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileNo = 0;
const fresh = (): string => {
  const d = join(dir, `r${fileNo++}`);
  mkdirSync(d);
  return join(d, 'results.jsonl');
};

const points: SweepPoint[] = Array.from({ length: 7 }, (_, i) => ({ index: i, params: { a: i / 10, b: 2 ** i } }));
const header = { command: 'test', seed: 3, grid: 'a×b' };
/** A deterministic function of the point (what a real evaluate must be), with a NaN to exercise the round trip. */
const value = (p: SweepPoint): Record<string, unknown> => ({ y: [p.params['a']! * 3 + 1 / 3, p.params['b']!], z: p.index === 4 ? NaN : Math.sqrt(p.index) });

function counting(fail?: number) {
  const calls: number[] = [];
  const evaluate = async (p: SweepPoint): Promise<Record<string, unknown>> => {
    if (p.index === fail) throw new Error('killed');
    calls.push(p.index);
    return value(p);
  };
  return { calls, evaluate };
}

describe('runPoints', () => {
  it('evaluates every point once, returns records sorted by index, values as JSON reads them back', async () => {
    const c = counting();
    const recs = await runPoints({ points: [...points].reverse(), evaluate: c.evaluate, header });
    expect(c.calls.sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(recs.map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(recs[4]!.values['z']).toBeNull();
    expect(recs[2]!.params).toEqual({ a: 0.2, b: 4 });
  });

  it('writes the header and one line per point; resume skips finished points and equals an uninterrupted run', async () => {
    const whole = fresh();
    const full = await runPoints({ points, evaluate: counting().evaluate, header, resultsFile: whole });
    const broken = fresh();
    const first = counting(3);
    await expect(runPoints({ points, evaluate: first.evaluate, header, resultsFile: broken })).rejects.toThrow('killed');
    expect(first.calls).toEqual([0, 1, 2]);
    expect(readResultsFile(broken).records.map((r) => r.index)).toEqual([0, 1, 2]);
    const second = counting();
    const progress: [number, number][] = [];
    const resumed = await runPoints({ points, evaluate: second.evaluate, header, resultsFile: broken, resume: true, onProgress: (d, t) => progress.push([d, t]) });
    expect(second.calls).toEqual([3, 4, 5, 6]);
    expect(progress[0]).toEqual([3, 7]);
    expect(resumed).toEqual(full);
    expect(readFileSync(broken, 'utf8')).toBe(readFileSync(whole, 'utf8'));
    // A finished run resumed again computes nothing.
    const third = counting();
    expect(await runPoints({ points, evaluate: third.evaluate, header, resultsFile: broken, resume: true })).toEqual(full);
    expect(third.calls).toEqual([]);
  });

  it('tolerates a torn last line (a kill during a write) and cuts it off on resume', async () => {
    const whole = fresh();
    await runPoints({ points, evaluate: counting().evaluate, header, resultsFile: whole });
    const torn = fresh();
    await expect(runPoints({ points, evaluate: counting(5).evaluate, header, resultsFile: torn })).rejects.toThrow('killed');
    appendFileSync(torn, '{"index":5,"params":{"a":0.5,"b"');
    const read = readResultsFile(torn);
    expect(read.torn).toBe(true);
    expect(read.records.map((r) => r.index)).toEqual([0, 1, 2, 3, 4]);
    const c = counting();
    await runPoints({ points, evaluate: c.evaluate, header, resultsFile: torn, resume: true });
    expect(c.calls).toEqual([5, 6]);
    expect(readFileSync(torn, 'utf8')).toBe(readFileSync(whole, 'utf8'));
  });

  it('refuses to resume a results file holding a point twice (two runs resumed into one folder)', async () => {
    const f = fresh();
    await expect(runPoints({ points, evaluate: counting(2).evaluate, header, resultsFile: f })).rejects.toThrow('killed');
    const lines = readFileSync(f, 'utf8').split('\n');
    appendFileSync(f, `${lines[1]}\n`);
    await expect(runPoints({ points, evaluate: counting().evaluate, header, resultsFile: f, resume: true })).rejects.toThrow(/appears twice/);
  });

  it('refuses a corrupt line that is not the last one, naming the line', () => {
    const f = fresh();
    writeFileSync(f, `${JSON.stringify({ format: 'nrf2sim-results/1', run: header, total: 7, shard: null })}\n{"index":0,"par\n{"index":1,"params":{},"values":{}}\n`, { flag: 'w' });
    expect(() => readResultsFile(f)).toThrow(/:2: not valid JSON/);
  });

  it('refuses to resume a results file of another run (naming what differs) or another shard, and to overwrite without --resume', async () => {
    const f = fresh();
    await expect(runPoints({ points, evaluate: counting(2).evaluate, header, resultsFile: f })).rejects.toThrow('killed');
    await expect(runPoints({ points, evaluate: counting().evaluate, header: { ...header, seed: 4 }, resultsFile: f, resume: true })).rejects.toThrow(/different run \(differs in: seed\)/);
    await expect(runPoints({ points, evaluate: counting().evaluate, header, resultsFile: f, resume: true, shard: { k: 1, n: 2 } })).rejects.toThrow(/no shard of 7 points, the run asks for shard 1\/2/);
    await expect(runPoints({ points, evaluate: counting().evaluate, header, resultsFile: f })).rejects.toThrow(/pass --resume/);
    await expect(runPoints({ points: points.slice(0, 6), evaluate: counting().evaluate, header, resultsFile: f, resume: true })).rejects.toBeInstanceOf(InputError);
    // Header key order does not matter.
    const c = counting();
    await runPoints({ points, evaluate: c.evaluate, header: { grid: 'a×b', seed: 3, command: 'test' }, resultsFile: f, resume: true });
    expect(c.calls).toEqual([2, 3, 4, 5, 6]);
  });
});

describe('shards', () => {
  it('partition the points: every index in exactly one shard, for any N', () => {
    for (let n = 1; n <= 6; n++) {
      for (const total of [0, 1, 5, 13]) {
        const owners = Array.from({ length: total }, (_, i) => Array.from({ length: n }, (_, k) => k + 1).filter((k) => inShard(i, { k, n })));
        expect(owners.every((o) => o.length === 1)).toBe(true);
      }
    }
  });

  it('parseShard accepts k/N with 1 ≤ k ≤ N and refuses the rest', () => {
    expect(parseShard('2/3')).toEqual({ k: 2, n: 3 });
    expect(parseShard(' 1 / 1 ')).toEqual({ k: 1, n: 1 });
    for (const bad of ['0/2', '3/2', '1/0', 'a/b', '2', '1/2/3', '-1/2', '1.5/2']) expect(() => parseShard(bad), bad).toThrow(InputError);
  });

  it('sharded runs merged equal the unsharded run: same records, same results file', async () => {
    const whole = fresh();
    const full = await runPoints({ points, evaluate: counting().evaluate, header, resultsFile: whole });
    const parts = [1, 2, 3].map(() => fresh());
    const seen: number[] = [];
    for (const [k, f] of parts.entries()) {
      const c = counting();
      await runPoints({ points, evaluate: c.evaluate, header, resultsFile: f, shard: { k: k + 1, n: 3 } });
      expect(c.calls.every((i) => i % 3 === k)).toBe(true);
      seen.push(...c.calls);
    }
    expect(seen.sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(mergeResults([parts[2]!, parts[0]!, parts[1]!])).toEqual(full);
    const merged = mergeResultsFiles(parts);
    expect(resultsFileText(merged.header, merged.records)).toBe(readFileSync(whole, 'utf8'));
  });

  it('merge names missing points and their shard, and refuses duplicates and other runs', async () => {
    const parts = [1, 2].map(() => fresh());
    for (const [k, f] of parts.entries()) await runPoints({ points, evaluate: counting().evaluate, header, resultsFile: f, shard: { k: k + 1, n: 2 } });
    expect(() => mergeResults([parts[0]!])).toThrow(/points missing: 1, 3, 5; they belong to shard\(s\) 2\/2/);
    expect(() => mergeResults([parts[0]!, parts[1]!, parts[0]!])).toThrow(/appears twice/);
    const other = fresh();
    await runPoints({ points, evaluate: counting().evaluate, header: { ...header, grid: 'other' }, resultsFile: other, shard: { k: 2, n: 2 } });
    expect(() => mergeResults([parts[0]!, other])).toThrow(/differs in: grid/);
  });
});
