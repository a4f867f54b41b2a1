/**
 * Wiring of assays to simulated cells, in process: the well plan (one well per line × dose ×
 * replicate, seeds from the root seed), the dose–response analysis on cells of known viability, a
 * small qPCR run end to end, and output file names that cannot leave their folder.
 */
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseExperimentText, type Cck8DoseResponseExperiment } from '../../src/assays/experiment.js';
import { doseResponse, doublingTimeH } from '../../src/experiments/cck8.js';
import { safeFileName } from '../../src/experiments/naming.js';
import { runExperiment } from '../../src/experiments/run-experiment.js';
import type { ExperimentResult } from '../../src/experiments/types.js';
import { planWells, type SampleSource } from '../../src/experiments/wells.js';
import { loadExperiment } from '../../src/io/load-experiment.js';
import { readText } from '../../src/io/read-text.js';
import { writeExperimentOutputs } from '../../src/io/write-experiment.js';
import { syntheticSample } from '../assays/synthetic-samples.js';

describe('planWells', () => {
  const { spec, lines } = loadExperiment('scenarios/experiments/imatinib-dose-response.yaml');
  const plan = planWells(spec, lines, { root: 7, cells: 100, modelText: (sc) => readText(sc.model.sourceName) });

  it('one well per line × dose × replicate, simulated to the last time with snapshots at every time', () => {
    expect(plan.jobs).toHaveLength(4 * 10 * 3);
    expect(new Set(plan.wells.map((w) => `${w.line}|${w.doseUM}|${w.replicate}`)).size).toBe(120);
    for (const j of plan.jobs) {
      expect(j.options.hours).toBe(48);
      expect(j.options.snapshotTimesH).toEqual([48]);
      expect(j.options.snapshotMaxCells).toBe(100);
      expect(j.cells).toBe(100);
      expect(j.carryingCapacity).toBeCloseTo((1e6 * 100) / 10_000, 9); // the scenario's K per seeded cell kept
    }
  });

  it('applies the dose to the drug and derives seeds from the root seed and the replicate only', () => {
    const sc = lines.get('k562')!;
    const k = sc.model.drugIndex.get('imatinib')!;
    plan.wells.forEach((w, i) => expect(plan.jobs[i]!.dosesUM[k]).toBeCloseTo(w.doseUM, 12));
    const seedsOf = (rep: number) => new Set(plan.wells.filter((w) => w.replicate === rep).map((w) => w.seed));
    for (const rep of [1, 2, 3]) expect(seedsOf(rep).size).toBe(1); // common random numbers across lines and doses
    expect(new Set([...seedsOf(1), ...seedsOf(2), ...seedsOf(3)]).size).toBe(3);
    const other = planWells(spec, lines, { root: 8, cells: 100, modelText: (s) => readText(s.model.sourceName) });
    expect(other.wells[0]!.seed).not.toBe(plan.wells[0]!.seed);
    expect(plan.wells[0]!.seed).toContain('7');
  });
});

describe('dose–response analysis on cells of known viability', () => {
  const spec = parseExperimentText(
    `name: synthetic\nassay: cck8-dose-response\nseed: 3\nlines: [a.yaml, b.yaml]\ntreatment: { drug: imatinib, unit: uM, doses: [0, 0.0625, 0.125, 0.25, 0.5, 1, 2, 4, 8, 16] }\n` +
      `times_h: [48]\ncck8: { replicates: 3, seeding_cells_per_well: 5000, reference_line: a }\n`,
    'synthetic.yaml',
  ) as Cck8DoseResponseExperiment;
  const ic50 = { a: 0.3, b: 3 } as Record<string, number>;
  const source: SampleSource = {
    sample(line, doseUM, replicate) {
      const viable = 1 / (1 + (doseUM / ic50[line]!) ** 2);
      return syntheticSample({ count: 4000, stageFractions: [viable, 0, 1 - viable, 0], expansion: 1.5, seed: `${line}-${doseUM}-${replicate}` });
    },
  };
  const out = doseResponse(spec, source, 'syn');
  const lines = out.summary['lines'] as Record<string, { ic50: number; ci95: [number, number]; hill: number; r2: number; resistanceIndex: number }>;

  it('recovers each line’s IC50 and the resistance index, with the documented JSON keys', () => {
    // Late-apoptotic cells keep 5 % of the activity, so the viability floor is ≈ 5 %: IC50 within 15 %.
    expect(lines['a']!.ic50).toBeGreaterThan(0.3 * 0.85);
    expect(lines['a']!.ic50).toBeLessThan(0.3 * 1.15);
    expect(lines['b']!.ic50).toBeGreaterThan(3 * 0.85);
    expect(lines['b']!.ic50).toBeLessThan(3 * 1.15);
    expect(lines['b']!.resistanceIndex).toBeGreaterThan(8);
    expect(lines['b']!.resistanceIndex).toBeLessThan(12);
    expect(lines['a']!.resistanceIndex).toBe(1);
    for (const l of Object.values(lines)) {
      expect(l.ci95[0]).toBeLessThan(l.ic50);
      expect(l.ci95[1]).toBeGreaterThan(l.ic50);
      expect(l.hill).toBeGreaterThan(1.2);
      expect(l.r2).toBeGreaterThan(0.95);
    }
  });

  it('emits one viability and OD per well, and an IC50 per replicate fit', () => {
    const m = out.measurements;
    expect(m.filter((x) => x.measure === 'viability_pct')).toHaveLength(2 * 10 * 3);
    expect(m.filter((x) => x.measure === 'od450')).toHaveLength(2 * 10 * 3);
    const reps = m.filter((x) => x.measure === 'ic50_uM');
    expect(reps.map((x) => `${x.line}${x.replicate}`).sort()).toEqual(['a1', 'a2', 'a3', 'b1', 'b2', 'b3']);
    for (const x of reps) expect(x.doseUM).toBeNull();
    const wells = out.tables['wells']!;
    for (const c of ['line', 'dose_uM', 'replicate', 'od450', 'viability_pct']) expect(wells.columns).toContain(c);
    expect(wells.rows.filter((r) => r[wells.columns.indexOf('role')] === 'cells')).toHaveLength(60);
    // Controls average 100 % on each plate by construction.
    const ctl = m.filter((x) => x.measure === 'viability_pct' && x.doseUM === 0 && x.line === 'a').map((x) => x.value);
    expect(ctl.reduce((s, v) => s + v, 0) / ctl.length).toBeCloseTo(100, 9);
  });
});

describe('proliferation helpers', () => {
  it('doubling time from an exact exponential', () => {
    const t = [0, 24, 48, 72];
    expect(doublingTimeH(t, t.map((x) => 0.1 * 2 ** (x / 30)))).toBeCloseTo(30, 9);
    expect(doublingTimeH([0, 24], [0.1, -0.1])).toBeNaN();
  });
});

describe('runExperiment: qPCR end to end (small)', async () => {
  const { spec, lines } = loadExperiment('scenarios/experiments/qpcr.yaml');
  const r = await runExperiment(spec, lines, { cellsPerSample: 60, workers: 1 });

  it('one ΔΔCt fold per line, replicate and gene; the control line’s folds have geometric mean 1', () => {
    for (const gene of ['NFE2L2', 'TXNRD1']) {
      const rows = r.measurements.filter((m) => m.measure === `qpcr_fold:${gene}`);
      expect(rows).toHaveLength(4 * 3);
      const ctl = rows.filter((m) => m.line === 'k562').map((m) => Math.log2(m.value));
      expect(ctl.reduce((s, v) => s + v, 0)).toBeCloseTo(0, 9);
    }
    const lines = r.summary['lines'] as Record<string, Record<string, { fold: number; foldPerReplicate: number[] }>>;
    expect(Object.keys(lines)).toEqual(['k562', 'k562-g01', 'g01-shnc', 'g01-shnrf2']);
    // The per-replicate folds of the table are the ones of relativeExpression.
    const table = r.measurements.filter((m) => m.measure === 'qpcr_fold:NFE2L2' && m.line === 'g01-shnrf2').map((m) => m.value);
    expect(table).toEqual(lines['g01-shnrf2']!['NFE2L2']!.foldPerReplicate.map((x) => expect.closeTo(x, 12)));
    // Wiring: the shRNA line (70 % knockdown) reads far less NFE2L2 mRNA than its control line.
    expect(lines['g01-shnrf2']!['NFE2L2']!.fold / lines['g01-shnc']!['NFE2L2']!.fold).toBeLessThan(0.6);
    expect(r.experiment.cellsPerSample).toBe(60);
    expect(r.wells).toHaveLength(12);
  });
});

describe('output names', () => {
  it('safeFileName never yields a path or a hidden file', () => {
    for (const bad of ['../../etc/passwd', '..', '.', '/abs/x', 'a\\b', 'ok name:µ', '']) {
      const n = safeFileName(bad, 'fcs');
      expect(n).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_.-]*\.fcs$/);
      expect(n).not.toContain('/');
    }
  });

  it('writeExperimentOutputs keeps every file inside the folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nrf2sim-out-'));
    const out = join(dir, 'out');
    const result: ExperimentResult = {
      experiment: { name: 'x', assay: 'flow-dcf', source: 'x.yaml', seed: 1, lines: ['a'], drug: null, dosesUM: [0], timesH: [0], replicates: 1, cellsPerSample: 1 },
      wells: [],
      summary: {},
      measurements: [],
      tables: { '../escape': { columns: ['a'], rows: [[1]] } },
      fcs: [{ fileName: '../../evil.fcs', dataset: { parameters: [{ name: 'FSC-A', range: 1024 }], eventCount: 1, data: [[1]] }, keywords: {} }],
      texts: { '../../x.svg': '<svg/>' },
    };
    const written = writeExperimentOutputs(out, result);
    for (const w of written) expect(existsSync(join(out, w))).toBe(true);
    expect(readdirSync(dir)).toEqual(['out']);
    expect(readdirSync(join(out, 'fcs'))).toHaveLength(1);
  });
});
