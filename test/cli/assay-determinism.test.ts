/**
 * `nrf2sim assay` is reproducible bit for bit from its seed (issue 4, acceptance 5): the same seed
 * gives byte-identical JSON, CSV and FCS files whatever the number of workers (manifest.json, which
 * records the run's clock times, aside); another seed gives other numbers. Small temporary
 * experiments (a few wells of 60 cells) keep it fast.
 */

import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCliAsync, type CliResult } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'nrf2sim-assay-det-'));
const shnc = resolve('scenarios/cell-lines/g01-shnc.yaml');
const shnrf2 = resolve('scenarios/cell-lines/g01-shnrf2.yaml');
const files = {
  flow: join(dir, 'mini-apoptosis.yaml'),
  dose: join(dir, 'mini-dose.yaml'),
};
writeFileSync(
  files.flow,
  `name: mini-apoptosis\nassay: flow-annexin-pi\nseed: 11\nlines: [${shnc}, ${shnrf2}]\ntreatment: { drug: imatinib, unit: uM, doses: [0, 2] }\n` +
    `times_h: [24]\ncells_per_sample: 60\nflow: { replicates: 2, events: 1500 }\n`,
);
writeFileSync(
  files.dose,
  `name: mini-dose\nassay: cck8-dose-response\nseed: 12\nlines: [${shnc}, ${shnrf2}]\ntreatment: { drug: imatinib, unit: uM, doses: [0, 0.3, 1, 3, 10] }\n` +
    `times_h: [24]\ncells_per_sample: 60\ncck8: { replicates: 1, seeding_cells_per_well: 5000, reference_line: g01-shnc }\n`,
);

/** Every file under `root` (relative path → bytes). */
function tree(root: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (rel: string): void => {
    for (const name of readdirSync(join(root, rel)).sort()) {
      const p = join(rel, name);
      if (statSync(join(root, p)).isDirectory()) walk(p);
      else out.set(p, readFileSync(join(root, p)));
    }
  };
  walk('');
  // manifest.json is run provenance (start time, wall time): checked to exist, not compared.
  expect(out.has('manifest.json')).toBe(true);
  out.delete('manifest.json');
  return out;
}


const KINDS = ['flow', 'dose'] as const;
const RUNS = [
  ['a1', ['--workers', '1']],
  ['a2', ['--workers', '2']],
  ['b', ['--workers', '2', '--seed', '99']],
] as const;
const results = new Map<string, CliResult>();
beforeAll(async () => {
  const jobs = KINDS.flatMap((kind) => RUNS.map(([tag, extra]) => ({ key: `${kind}-${tag}`, args: ['assay', files[kind], '--json', '--out', join(dir, `${kind}-${tag}`), ...extra] })));
  const rs = await Promise.all(jobs.map((j) => runCliAsync(j.args)));
  jobs.forEach((j, i) => results.set(j.key, rs[i]!));
}, 180_000);

describe.each(KINDS)('nrf2sim assay determinism (%s)', (kind) => {
  let a1: CliResult, a2: CliResult, b: CliResult;
  let ta1: Map<string, Buffer>, ta2: Map<string, Buffer>, tb: Map<string, Buffer>;
  beforeAll(() => {
    [a1, a2, b] = (['a1', 'a2', 'b'] as const).map((tag) => {
      const r = results.get(`${kind}-${tag}`)!;
      expect(r.status, r.stderr).toBe(0);
      return r;
    }) as [CliResult, CliResult, CliResult];
    [ta1, ta2, tb] = (['a1', 'a2', 'b'] as const).map((tag) => tree(join(dir, `${kind}-${tag}`))) as [Map<string, Buffer>, Map<string, Buffer>, Map<string, Buffer>];
  });

  it('same seed: identical JSON and byte-identical files with 1 or 2 workers', () => {
    expect(a2.stdout).toBe(a1.stdout);
    expect([...ta2.keys()]).toEqual([...ta1.keys()]);
    expect([...ta1.keys()].filter((k) => k.endsWith('.csv')).length).toBeGreaterThanOrEqual(2);
    if (kind === 'flow') expect([...ta1.keys()].filter((k) => k.endsWith('.fcs'))).toHaveLength(2 * 2 * 2 + 2 * 2);
    for (const [k, bytes] of ta1) expect(Buffer.compare(bytes, ta2.get(k)!), k).toBe(0);
  });

  it('another seed: other numbers in every measurement file, same layout', () => {
    expect(b.stdout).not.toBe(a1.stdout);
    expect([...tb.keys()]).toEqual([...ta1.keys()]);
    for (const k of [...ta1.keys()].filter((x) => x.endsWith('.csv') || x.endsWith('.fcs'))) {
      expect(Buffer.compare(ta1.get(k)!, tb.get(k)!), k).not.toBe(0);
    }
    const seedA = (JSON.parse(a1.stdout) as { experiment: { seed: number } }).experiment.seed;
    const seedB = (JSON.parse(b.stdout) as { experiment: { seed: number } }).experiment.seed;
    expect([seedA, seedB]).toEqual([kind === 'flow' ? 11 : 12, 99]);
  });
});
