/**
 * Append-only JSON-lines results file of a what-if run: one header line (ResultsHeader), then one line
 * per finished point (PointRecord), each written with a single write and fsync'd before the next point
 * starts, so a killed run loses at most the point it was computing. A kill during a write can leave a
 * torn last line (no trailing newline): readers ignore it and a resumed run cuts it off before appending.
 */
import { closeSync, existsSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { InputError } from '../core/errors.js';
import type { PointRecord, ResultsHeader, Shard } from '../sweep/point.js';

export const RESULTS_FILE = 'results.jsonl';
const FORMAT = 'nrf2sim-results/1';

export interface ResultsFileContents {
  readonly header: ResultsHeader;
  /** Finished points in file order. */
  readonly records: PointRecord[];
  /** Bytes up to the end of the last complete line (what a resumed run keeps). */
  readonly completeBytes: number;
  /** True if the file ended in a partial line (a run killed mid-write). */
  readonly torn: boolean;
}

/** Sorted-key JSON, so equal headers compare equal whatever their key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
    }
    return v;
  });
}

function isRecordShape(v: unknown): v is PointRecord {
  if (!v || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  return Number.isInteger(o['index']) && (o['index'] as number) >= 0 && !!o['params'] && typeof o['params'] === 'object' && !!o['values'] && typeof o['values'] === 'object';
}

function checkHeader(v: unknown, path: string): ResultsHeader {
  const o = (v && typeof v === 'object' ? v : {}) as Record<string, unknown>;
  if (o['format'] !== FORMAT) throw new InputError({ file: path, line: 1 }, `not an nrf2sim results file: expected a header line with "format": "${FORMAT}"`);
  if (!o['run'] || typeof o['run'] !== 'object') throw new InputError({ file: path, line: 1, field: 'run' }, 'expected the run identity (an object)');
  if (!Number.isInteger(o['total']) || (o['total'] as number) < 0) throw new InputError({ file: path, line: 1, field: 'total' }, 'expected the number of points (an integer ≥ 0)');
  const s = o['shard'] as Shard | null | undefined;
  if (s !== null && !(s && Number.isInteger(s.k) && Number.isInteger(s.n) && s.k >= 1 && s.k <= s.n)) {
    throw new InputError({ file: path, line: 1, field: 'shard' }, 'expected null or { k, n } with 1 ≤ k ≤ n');
  }
  return o as unknown as ResultsHeader;
}

/** Read a results file; a torn last line is ignored, any other bad line is an InputError naming it. */
export function readResultsFile(path: string): ResultsFileContents {
  if (!existsSync(path)) throw new InputError({ file: path }, 'cannot find this results file');
  const text = readFileSync(path, 'utf8');
  const lastNewline = text.lastIndexOf('\n');
  const complete = lastNewline < 0 ? '' : text.slice(0, lastNewline + 1);
  const torn = complete.length < text.length;
  const lines = complete.split('\n').slice(0, -1);
  if (lines.length === 0) throw new InputError({ file: path }, 'empty results file (no complete header line); delete it and run again');
  const parse = (line: string, n: number): unknown => {
    try {
      return JSON.parse(line) as unknown;
    } catch {
      throw new InputError({ file: path, line: n }, 'not valid JSON; a results file holds one JSON object per line and only its last line may be cut short');
    }
  };
  const header = checkHeader(parse(lines[0]!, 1), path);
  const records: PointRecord[] = [];
  for (let i = 1; i < lines.length; i++) {
    const v = parse(lines[i]!, i + 1);
    if (!isRecordShape(v)) throw new InputError({ file: path, line: i + 1 }, 'expected a point record { index, params, values }');
    records.push(v);
  }
  return { header, records, completeBytes: Buffer.byteLength(complete, 'utf8'), torn };
}

/** An open results file: append one finished point per call (written and fsync'd at once). */
export interface ResultsWriter {
  append(record: PointRecord): void;
  close(): void;
}

function writerOn(fd: number): ResultsWriter {
  let open = true;
  return {
    append(record) {
      if (!open) throw new Error('results file already closed');
      writeAll(fd, JSON.stringify({ index: record.index, params: record.params, values: record.values }) + '\n');
      fsyncSync(fd);
    },
    close() {
      if (open) closeSync(fd);
      open = false;
    },
  };
}

/** Which top-level fields of two run identities differ (for the error message). */
function differingFields(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): string[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.filter((k) => canonical(a[k]) !== canonical(b[k]));
}

export function describeShard(s: Shard | null): string {
  return s ? `shard ${s.k}/${s.n}` : 'no shard';
}

/**
 * Start a results file, or continue one with `resume`. Without `resume` an existing file is refused
 * (never silently overwritten); with it, the file's header must equal `header` (run identity and shard)
 * and its finished points are returned; a torn last line is cut off.
 */
export function openResultsFile(path: string, header: ResultsHeader, resume: boolean): { records: PointRecord[]; writer: ResultsWriter } {
  mkdirSync(dirname(path), { recursive: true });
  if (existsSync(path) && statSync(path).size > 0) {
    if (!resume) throw new InputError({ file: path }, 'a results file is already here; pass --resume to continue that run, or choose another --out');
    const old = readResultsFile(path);
    const fields = differingFields(old.header.run, header.run);
    if (fields.length) {
      throw new InputError({ file: path, line: 1 }, `this results file belongs to a different run (differs in: ${fields.join(', ')}); --resume only continues the same command, inputs, grid and seed — choose another --out`);
    }
    if (canonical(old.header.shard) !== canonical(header.shard) || old.header.total !== header.total) {
      throw new InputError({ file: path, line: 1, field: 'shard' }, `this results file holds ${describeShard(old.header.shard)} of ${old.header.total} points, the run asks for ${describeShard(header.shard)} of ${header.total}`);
    }
    const fd = openSync(path, 'r+');
    if (old.torn) {
      ftruncateSync(fd, old.completeBytes);
      fsyncSync(fd);
    }
    closeSync(fd);
    return { records: old.records, writer: writerOn(openSync(path, 'a')) };
  }
  const fd = openSync(path, 'w');
  writeAll(fd, JSON.stringify(header) + '\n');
  fsyncSync(fd);
  return { records: [], writer: writerOn(fd) };
}

/** A results file given directly, or results.jsonl inside a directory. */
export function resultsPathOf(fileOrDir: string): string {
  return existsSync(fileOrDir) && statSync(fileOrDir).isDirectory() ? join(fileOrDir, RESULTS_FILE) : fileOrDir;
}

export interface MergedResults {
  /** The shards' common header with `shard: null` — the header of the equivalent unsharded run. */
  readonly header: ResultsHeader;
  /** Every point of the run exactly once, sorted by index. */
  readonly records: PointRecord[];
}

/**
 * Combine results files of shards (or directories holding results.jsonl) into the unsharded result.
 * Refuses files of different runs, a point present twice, and names the points (and their shards)
 * that are missing.
 */
export function mergeResultsFiles(files: readonly string[]): MergedResults {
  if (files.length === 0) throw new InputError({ file: 'merge' }, 'name at least one results file or output directory');
  const read = files.map((f) => ({ path: resultsPathOf(f), ...readResultsFile(resultsPathOf(f)) }));
  const first = read[0]!;
  const byIndex = new Map<number, { record: PointRecord; path: string }>();
  for (const r of read) {
    const fields = differingFields(first.header.run, r.header.run);
    if (fields.length) throw new InputError({ file: r.path, line: 1 }, `not the same run as ${first.path} (differs in: ${fields.join(', ')}); only shards of one run can be merged`);
    if (r.header.total !== first.header.total) throw new InputError({ file: r.path, line: 1, field: 'total' }, `${r.header.total} points, but ${first.path} has ${first.header.total}`);
    for (const rec of r.records) {
      if (rec.index >= r.header.total) throw new InputError({ file: r.path }, `point ${rec.index} is outside the run's ${r.header.total} points`);
      if (!(r.header.shard === null || rec.index % r.header.shard.n === r.header.shard.k - 1)) {
        throw new InputError({ file: r.path }, `point ${rec.index} does not belong to ${describeShard(r.header.shard)}`);
      }
      const seen = byIndex.get(rec.index);
      if (seen) throw new InputError({ file: r.path }, `point ${rec.index} appears twice (also in ${seen.path}); give each shard once`);
      byIndex.set(rec.index, { record: rec, path: r.path });
    }
  }
  const missing: number[] = [];
  for (let i = 0; i < first.header.total; i++) if (!byIndex.has(i)) missing.push(i);
  if (missing.length) {
    const shards = read.map((r) => r.header.shard).filter((s): s is Shard => s !== null);
    const n = shards.length ? shards[0]!.n : 0;
    const which = n ? `; they belong to shard(s) ${[...new Set(missing.map((i) => `${(i % n) + 1}/${n}`))].join(', ')}` : '';
    const list = missing.length > 20 ? `${missing.slice(0, 20).join(', ')}, … (${missing.length} in all)` : missing.join(', ');
    throw new InputError({ file: 'merge' }, `points missing: ${list}${which} — run or finish those shards (--resume) and merge again`);
  }
  const records = [...byIndex.keys()].sort((a, b) => a - b).map((i) => byIndex.get(i)!.record);
  return { header: { ...first.header, shard: null }, records };
}

/** The contract's short form: every point of the merged run, sorted by index. */
export function mergeResults(files: readonly string[]): PointRecord[] {
  return mergeResultsFiles(files).records;
}

/** Write a whole results file at once (a merged run), header first, points in index order. */
export function resultsFileText(header: ResultsHeader, records: readonly PointRecord[]): string {
  return [JSON.stringify(header), ...records.map((r) => JSON.stringify({ index: r.index, params: r.params, values: r.values }))].join('\n') + '\n';
}

/** Write the whole text (writeSync may write less than asked; a torn line must only ever be the last). */
function writeAll(fd: number, text: string): void {
  const buf = Buffer.from(text, 'utf8');
  for (let off = 0; off < buf.length; ) off += writeSync(fd, buf, off, buf.length - off);
}
