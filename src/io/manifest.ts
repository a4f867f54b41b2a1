/**
 * Run provenance: every output folder gets `manifest.json` naming the package version, git commit
 * (when the package is a git checkout), the full command line, seed, Node version, start/end time,
 * and SHA-256 hashes of every input file and every output file. `nrf2sim verify` re-checks them.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeAtomic } from './write-atomic.js';

export const MANIFEST = 'manifest.json';

export interface FileHash {
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
}

export interface Manifest {
  readonly tool: 'nrf2sim';
  readonly version: string;
  readonly gitCommit: string | null;
  /** argv after `node`, i.e. the script and its arguments as typed. */
  readonly command: readonly string[];
  readonly cwd: string;
  readonly node: string;
  readonly platform: string;
  readonly seed: string | number | null;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly wallSeconds: number;
  readonly inputs: readonly FileHash[];
  readonly outputs: readonly FileHash[];
  /** The run's exit status when it is not 0 by design (`paper` exits 1 when a claim fails); absent: 0. */
  readonly exitStatus?: number;
}

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function hashFile(path: string, shownAs = path): FileHash {
  const data = readFileSync(path);
  return { path: shownAs, sha256: sha256(data), bytes: data.length };
}

const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: PACKAGE_ROOT, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim() || null;
  } catch {
    return null;
  }
}

/** All files below `dir` (relative paths, `/`-separated), excluding the manifest itself. */
export function listOutputs(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (!name.includes('.tmp-')) out.push(relative(dir, p).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.filter((p) => p !== MANIFEST);
}

export interface RunRecord {
  readonly startedAt: Date;
  readonly seed: string | number | null;
  readonly inputs: readonly string[];
  /** Exit status the run will end with, when not 0 (a scientific result such as a failing claim). */
  readonly exitStatus?: number;
}

/** Write `manifest.json` into `dir` after all outputs are written. */
export function writeManifest(dir: string, run: RunRecord): Manifest {
  const finished = new Date();
  const manifest: Manifest = {
    tool: 'nrf2sim',
    version: packageVersion(),
    gitCommit: gitCommit(),
    command: process.argv.slice(1),
    cwd: process.cwd(),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    seed: run.seed,
    startedAt: run.startedAt.toISOString(),
    finishedAt: finished.toISOString(),
    wallSeconds: (finished.getTime() - run.startedAt.getTime()) / 1000,
    inputs: [...new Set(run.inputs.map((p) => resolve(p)))].sort().map((p) => hashFile(p, relative(process.cwd(), p) || p)),
    outputs: listOutputs(dir).map((p) => hashFile(join(dir, p), p)),
    ...(run.exitStatus ? { exitStatus: run.exitStatus } : {}),
  };
  writeAtomic(join(dir, MANIFEST), JSON.stringify(manifest, null, 1) + '\n');
  return manifest;
}
