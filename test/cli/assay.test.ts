/**
 * `nrf2sim assay` on every experiment file of scenarios/experiments (issue 4, acceptance 1 and 3):
 * the documented --json shapes, the tidy CSV columns, and FCS files that an independent reader
 * (npm `fcs`) opens with the right channel names and event counts. Small wells (--cells 100) keep it
 * fast; the numbers themselves are the lead's calibration, not asserted here. Bad input: one line, exit 2.
 */

import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCliAsync, type CliResult } from './run-cli.js';

interface FcsReader {
  header: { FCSVersion: string };
  text: Record<string, string>;
  dataAsNumbers: number[][];
  meta: { eventCount: number; $PAR: number };
}
const FCS = createRequire(import.meta.url)('fcs') as new (options: object, buffer: Buffer) => FcsReader;
const readFcs = (path: string): FcsReader => new FCS({ dataFormat: 'asNumber', eventsToRead: -1 }, readFileSync(path));


const EXPERIMENTS = ['imatinib-dose-response', 'proliferation', 'ros-flow', 'apoptosis-flow', 'qpcr', 'western'] as const;
type Name = (typeof EXPERIMENTS)[number];
const tmp = mkdtempSync(join(tmpdir(), 'nrf2sim-assay-'));
const outDir = (name: Name): string => join(tmp, name);
const runs = {} as Record<Name, CliResult>;
const json = {} as Record<Name, Record<string, unknown>>;

function csv(path: string): { header: string[]; rows: string[][] } {
  const [head, ...rest] = readFileSync(path, 'utf8').trimEnd().split('\n');
  return { header: head!.split(','), rows: rest.map((r) => r.split(',')) };
}

beforeAll(async () => {
  const results = await Promise.all(
    EXPERIMENTS.map((name) => runCliAsync(['assay', `scenarios/experiments/${name}.yaml`, '--cells', '100', '--workers', '2', '--json', '--out', outDir(name)])),
  );
  EXPERIMENTS.forEach((name, i) => {
    runs[name] = results[i]!;
    if (results[i]!.status === 0) json[name] = JSON.parse(results[i]!.stdout) as Record<string, unknown>;
  });
}, 240_000);

describe('nrf2sim assay: every experiment file runs', () => {
  it.each(EXPERIMENTS)('%s exits 0, prints one JSON object and no progress on stderr', (name) => {
    expect(runs[name].status, runs[name].stderr).toBe(0);
    expect(runs[name].stdout.trim().split('\n')).toHaveLength(1);
    expect(runs[name].stderr).toBe('');
    const e = json[name]!['experiment'] as { name: string; cellsPerSample: number };
    expect(e.name).toBe(name);
    expect(e.cellsPerSample).toBe(100);
    expect(readdirSync(outDir(name))).toEqual(expect.arrayContaining(['summary.json', 'measurements.csv', 'manifest.json']));
    expect(JSON.parse(readFileSync(join(outDir(name), 'summary.json'), 'utf8'))).toEqual(json[name]);
    const m = csv(join(outDir(name), 'measurements.csv'));
    expect(m.header).toEqual(['measure', 'line', 'dose_uM', 'time_h', 'replicate', 'value']);
    expect(m.rows.length).toBe((json[name]!['measurements'] as unknown[]).length);
  });

  it('dose–response: {lines: {<line>: {ic50, ci95, hill, r2}}} for the four lines, and the wells CSV', () => {
    const j = json['imatinib-dose-response']!;
    const lines = j['lines'] as Record<string, { ic50: number; ci95: number[]; hill: number; r2: number; resistanceIndex: number; replicates: unknown[] }>;
    expect(Object.keys(lines)).toEqual(['k562', 'k562-g01', 'g01-shnc', 'g01-shnrf2']);
    for (const f of Object.values(lines)) {
      expect(f.ic50).toBeGreaterThan(0);
      expect(f.ci95).toHaveLength(2);
      expect(f.ci95[0]).toBeLessThan(f.ic50);
      expect(f.ci95[1]).toBeGreaterThan(f.ic50);
      expect(Number.isFinite(f.hill) && Number.isFinite(f.r2)).toBe(true);
      expect(f.replicates).toHaveLength(3);
    }
    expect(lines['k562']!.resistanceIndex).toBe(1);
    const w = csv(join(outDir('imatinib-dose-response'), 'wells.csv'));
    for (const c of ['line', 'dose_uM', 'replicate', 'od450', 'viability_pct']) expect(w.header).toContain(c);
    const cells = w.rows.filter((r) => r[w.header.indexOf('role')] === 'cells');
    expect(cells).toHaveLength(4 * 10 * 3);
    expect(w.rows).toHaveLength(120 + 4 * 3); // one plate per line, 3 blanks each
    for (const r of cells) expect(Number.isFinite(Number(r[w.header.indexOf('viability_pct')]))).toBe(true);
    expect(readdirSync(outDir('imatinib-dose-response'))).toContain('fits.csv');
  });

  it('proliferation: OD − blank by day 0–5 per line', () => {
    const lines = json['proliferation']!['lines'] as Record<string, { days: number[]; meanOD: number[] }>;
    expect(Object.keys(lines)).toEqual(['g01-shnc', 'g01-shnrf2']);
    for (const c of Object.values(lines)) {
      expect(c.days).toEqual([0, 1, 2, 3, 4, 5]);
      expect(c.meanOD).toHaveLength(6);
      expect(c.meanOD[5]!).toBeGreaterThan(c.meanOD[0]!);
    }
    const w = csv(join(outDir('proliferation'), 'wells.csv'));
    expect(w.rows.filter((r) => r[w.header.indexOf('role')] === 'cells')).toHaveLength(2 * 6 * 5);
  });

  it('DCF flow: per sample MFI and fold change; the reference line untreated is fold 1', () => {
    const j = json['ros-flow']!;
    const samples = j['samples'] as { sample: string; line: string; doseUM: number; replicate: number; mfi: number; fold: number; fcs: string }[];
    expect(samples).toHaveLength(4 * 2 * 3);
    for (const s of samples) expect(Number.isFinite(s.mfi) && Number.isFinite(s.fold)).toBe(true);
    for (const s of samples.filter((x) => x.line === 'k562' && x.doseUM === 0)) expect(s.fold).toBeCloseTo(1, 12);
    const lines = j['lines'] as Record<string, Record<string, { fold: number }>>;
    expect(Object.keys(lines['g01-shnrf2']!)).toEqual(['untreated', 'imatinib-1uM']);
  });

  it('Annexin V/PI flow: per sample quadrant percentages summing to 100', () => {
    const samples = json['apoptosis-flow']!['samples'] as { viable: number; earlyApoptotic: number; lateApoptotic: number; necrotic: number; annexinPositive: number }[];
    expect(samples).toHaveLength(2 * 2 * 3);
    for (const s of samples) {
      expect(s.viable + s.earlyApoptotic + s.lateApoptotic + s.necrotic).toBeCloseTo(100, 9);
      expect(s.annexinPositive).toBeCloseTo(s.earlyApoptotic + s.lateApoptotic, 12);
    }
  });

  it.each([
    ['qpcr', ['NFE2L2', 'TXNRD1']],
    ['western', ['Nrf2', 'TrxR1']],
  ] as const)('%s: fold change per line and gene, 1 for the control line', (name, genes) => {
    const lines = json[name]!['lines'] as Record<string, Record<string, { fold: number }>>;
    expect(Object.keys(lines)).toEqual(['k562', 'k562-g01', 'g01-shnc', 'g01-shnrf2']);
    for (const l of Object.values(lines)) for (const g of genes) expect(l[g]!.fold).toBeGreaterThan(0);
    for (const g of genes) expect(lines['k562']![g]!.fold).toBeCloseTo(1, 9);
  });

  it.each([
    ['ros-flow', 4 * 2 * 3 + 4 * 3, 'DCF', 'g01-shnrf2_imatinib-1uM_24h_rep2.fcs'],
    ['apoptosis-flow', 2 * 2 * 3 + 2 * 3, 'Annexin V-FITC', 'g01-shnc_imatinib-2uM_48h_rep3.fcs'],
  ] as const)('%s: one FCS file per tube, read back by npm fcs with channel names and event counts', (name, tubes, stain, file) => {
    const dir = join(outDir(name), 'fcs');
    const files = readdirSync(dir);
    expect(files).toHaveLength(tubes);
    for (const f of files) expect(f).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_.-]*\.fcs$/);
    const f = readFcs(join(dir, file));
    expect(f.header.FCSVersion).toBe('FCS3.1');
    expect(f.meta.eventCount).toBe(10_000);
    expect(f.dataAsNumbers).toHaveLength(10_000);
    expect([1, 2, 3, 4].map((n) => f.text[`$P${n}N`])).toEqual(['FSC-A', 'SSC-A', 'FITC-A', 'PE-A']);
    expect(f.text['$P3S']).toBe(stain);
    expect(f.text['$SPILLOVER']).toMatch(/^2,FITC-A,PE-A,/);
    expect(f.text['$FIL']).toBe(file);
    const unstained = readFcs(join(dir, files.find((x) => x.endsWith('_unstained.fcs'))!));
    expect(unstained.meta.eventCount).toBe(10_000);
    expect(unstained.text['$P3S']).toBeUndefined();
  });

  it('--out folders pass nrf2sim verify (manifest hashes of inputs and outputs)', async () => {
    const r = await runCliAsync(['verify', outDir('western')]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ok /);
  });

  it('western: a drawn blot per replicate', () => {
    const files = readdirSync(outDir('western'));
    expect(files.filter((f) => f.endsWith('.svg')).sort()).toEqual(['blot_rep1.svg', 'blot_rep2.svg', 'blot_rep3.svg']);
    expect(readFileSync(join(outDir('western'), 'blot_rep1.svg'), 'utf8')).toMatch(/^<svg/);
  });
});

describe('nrf2sim assay: bad input is one line on stderr and exit 2', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nrf2sim-assay-bad-'));
  const lineFile = resolve('scenarios/cell-lines/k562.yaml');
  const write = (name: string, body: string): string => {
    const p = join(dir, name);
    writeFileSync(p, body);
    return p;
  };
  const qpcrBody = (species: string) =>
    `name: q\nassay: qpcr\nseed: 1\nlines: [${lineFile}]\ntimes_h: [0]\nqpcr:\n  biological_replicates: 2\n  control_line: k562\n  targets:\n    - { gene: NFE2L2, species: ${species} }\n  reference: { gene: GAPDH, copies_per_cell: 2000 }\n`;
  const cases: [string, string[], RegExp][] = [
    ['missing file', ['assay', join(dir, 'nope.yaml')], /nope\.yaml: file not found/],
    ['unknown assay', ['assay', write('a.yaml', 'name: a\nassay: elisa\nseed: 1\nlines: [x.yaml]\ntimes_h: [0]\n')], /a\.yaml:2:\d+: assay: expected one of/],
    ['missing line file', ['assay', write('b.yaml', qpcrBody('Nrf2_mRNA').replace(lineFile, 'no-such-line.yaml').replace('control_line: k562', 'control_line: no-such-line'))], /b\.yaml:\d+:\d+: lines\.0: cannot find the line's scenario file/],
    ['unknown species', ['assay', write('c.yaml', qpcrBody('Nrf9_mRNA'))], /c\.yaml:\d+:\d+: qpcr\.targets\.0\.species: unknown species 'Nrf9_mRNA'/],
    ['unknown drug', ['assay', write('d.yaml', `name: d\nassay: flow-dcf\nseed: 1\nlines: [${lineFile}]\ntreatment: { drug: aspirin, doses: [0, 1] }\ntimes_h: [24]\nflow: { replicates: 1 }\n`)], /d\.yaml:\d+:\d+: treatment\.drug: unknown drug 'aspirin'/],
    ['malformed YAML', ['assay', write('e.yaml', 'name: [unclosed\n')], /e\.yaml:\d+:\d+: malformed YAML/],
    ['--cells 0', ['assay', 'scenarios/experiments/qpcr.yaml', '--cells', '0'], /--cells: expected a number of cells/],
    ['--seed -1', ['assay', 'scenarios/experiments/qpcr.yaml', '--seed', '-1'], /--seed: expected a non-negative integer seed/],
    ['--workers 1.5', ['assay', 'scenarios/experiments/qpcr.yaml', '--workers', '1.5'], /--workers: expected a number of threads/],
  ];
  const results = new Map<string, CliResult>();
  beforeAll(async () => {
    const rs = await Promise.all(cases.map(([, args]) => runCliAsync(args)));
    cases.forEach(([what], i) => results.set(what, rs[i]!));
  }, 60_000);
  it.each(cases)('%s', (what, _args, message) => {
    const r = results.get(what)!;
    expect(r.status, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^nrf2sim: error: /);
    expect(lines[0]).toMatch(message);
  });
});
