/**
 * Write an experiment's outputs into a folder, every file atomically:
 *   summary.json        the JSON document (experiments/output.ts)
 *   measurements.csv    the uniform measurement table
 *   <table>.csv         the assay's tidy tables (e.g. wells.csv, fits.csv, samples.csv)
 *   fcs/<tube>.fcs      one FCS 3.1 file per flow tube
 *   <name>.svg …        other text outputs (drawn blots)
 * File names are sanitised again here and checked to stay inside the folder.
 */
import { resolve, sep } from 'node:path';
import { experimentJson } from '../experiments/output.js';
import { safeFileName } from '../experiments/naming.js';
import { measurementTable, type ExperimentResult, type TidyTable } from '../experiments/types.js';
import { toCsv } from './csv.js';
import { writeFcsFile } from './fcs.js';
import { writeAtomic } from './write-atomic.js';

function inside(dir: string, ...parts: string[]): string {
  const root = resolve(dir);
  const p = resolve(root, ...parts);
  if (!p.startsWith(root + sep)) throw new Error(`output path ${p} would leave ${root}`);
  return p;
}

/** A name made safe, keeping its extension, and unique among `used`. */
function uniqueName(name: string, used: Set<string>): string {
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const ext = dot > 0 ? name.slice(dot + 1) : 'txt';
  let out = safeFileName(stem, ext);
  for (let k = 2; used.has(out.toLowerCase()); k++) out = safeFileName(`${stem}-${k}`, ext);
  used.add(out.toLowerCase());
  return out;
}

const csvOf = (t: TidyTable): string => toCsv(t.columns, t.rows);

/** Write everything; returns the paths written (relative to `dir`), in write order. */
export function writeExperimentOutputs(dir: string, result: ExperimentResult): string[] {
  const written: string[] = [];
  const used = new Set<string>();
  const put = (name: string, data: string): void => {
    const n = uniqueName(name, used);
    writeAtomic(inside(dir, n), data);
    written.push(n);
  };
  put('summary.json', experimentJson(result, 1) + '\n');
  put('measurements.csv', csvOf(measurementTable(result.measurements)));
  for (const [name, table] of Object.entries(result.tables)) put(`${name}.csv`, csvOf(table));
  for (const [name, text] of Object.entries(result.texts)) put(name, text);
  const usedFcs = new Set<string>();
  for (const f of result.fcs) {
    const n = uniqueName(f.fileName, usedFcs);
    writeFcsFile(inside(dir, 'fcs', n), f.dataset, { ...f.keywords, $FIL: n });
    written.push(`fcs/${n}`);
  }
  return written;
}
