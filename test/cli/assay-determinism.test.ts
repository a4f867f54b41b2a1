/**
 * `nrf2sim assay` is reproducible bit for bit from its seed (issue 4, acceptance 5): the same seed
 * gives byte-identical JSON, CSV and FCS files whatever the number of workers; another seed gives
 * other numbers. Small temporary experiments (a few wells of 60 cells) keep it fast.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, type CliResult } from './run-cli.js';

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
  return out;
}

function run(kind: keyof typeof files, out: string, ...extra: string[]): CliResult {
  const r = runCli(['assay', files[kind], '--json', '--out', join(dir, out), ...extra]);
  expect(r.status, r.stderr).toBe(0);
  return r;
}

describe.each(['flow', 'dose'] as const)('nrf2sim assay determinism (%s)', (kind) => {
  const a1 = run(kind, `${kind}-a1`, '--workers', '1');
  const a2 = run(kind, `${kind}-a2`, '--workers', '2');
  const b = run(kind, `${kind}-b`, '--workers', '2', '--seed', '99');
  const ta1 = tree(join(dir, `${kind}-a1`));
  const ta2 = tree(join(dir, `${kind}-a2`));
  const tb = tree(join(dir, `${kind}-b`));

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
