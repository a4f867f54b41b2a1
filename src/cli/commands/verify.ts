import type { Argv } from 'yargs';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../core/errors.js';
import { hashFile, listOutputs, MANIFEST, type Manifest } from '../../io/manifest.js';

/** Outputs whose content records wall-clock facts and so cannot be compared bit for bit on a rerun. */
const TIME_DEPENDENT = new Set([MANIFEST]);

export function registerVerify(y: Argv): Argv {
  return y.command(
    'verify <dir>',
    'Re-check the hashes in an output folder\'s manifest.json; with --rerun, reproduce the run and compare outputs bit for bit',
    (a) =>
      a
        .positional('dir', { type: 'string', demandOption: true, describe: 'an output folder written with --out' })
        .option('rerun', { type: 'boolean', default: false, describe: 'run the recorded command again into a temporary folder and compare every output' })
        .example('$0 verify out/', '')
        .example('$0 verify out/ --rerun', ''),
    (args) => {
      const dir = String(args.dir);
      const path = join(dir, MANIFEST);
      if (!existsSync(path)) throw new InputError({ file: path }, 'no manifest.json; expected an output folder written by nrf2sim --out');
      let m: Manifest;
      try {
        m = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
      } catch (e) {
        throw new InputError({ file: path }, `not valid JSON: ${(e as Error).message}`);
      }
      const problems: string[] = [];
      for (const f of m.inputs) {
        const p = join(m.cwd, f.path);
        if (!existsSync(p)) problems.push(`input ${f.path}: missing`);
        else if (hashFile(p).sha256 !== f.sha256) problems.push(`input ${f.path}: changed since the run`);
      }
      const listed = new Set(m.outputs.map((f) => f.path));
      for (const f of m.outputs) {
        const p = join(dir, f.path);
        if (!existsSync(p)) problems.push(`output ${f.path}: missing`);
        else if (hashFile(p).sha256 !== f.sha256) problems.push(`output ${f.path}: hash differs from the manifest`);
      }
      for (const p of listOutputs(dir)) if (!listed.has(p)) problems.push(`output ${p}: not in the manifest`);
      if (args.rerun && problems.length === 0) {
        const tmp = mkdtempSync(join(tmpdir(), 'nrf2sim-verify-'));
        try {
          const argv = rewriteOut(m.command.slice(1), tmp);
          const r = spawnSync(process.execPath, [m.command[0]!, ...argv], { cwd: m.cwd, encoding: 'utf8' });
          const expected = m.exitStatus ?? 0;
          if (r.status !== expected) problems.push(`rerun failed (exit ${r.status}, the recorded run exited ${expected}): ${r.stderr.trim().split('\n')[0] ?? ''}`);
          else {
            for (const f of m.outputs) {
              if (TIME_DEPENDENT.has(f.path)) continue;
              const p = join(tmp, f.path);
              if (!existsSync(p)) problems.push(`rerun: ${f.path} not produced`);
              else if (hashFile(p).sha256 !== f.sha256) problems.push(`rerun: ${f.path} differs`);
            }
          }
        } finally {
          rmSync(tmp, { recursive: true, force: true });
        }
      }
      if (problems.length > 0) {
        for (const p of problems) process.stderr.write(`nrf2sim: verify: ${p}\n`);
        process.exit(1);
      }
      process.stdout.write(`ok ${dir}: ${m.outputs.length} outputs and ${m.inputs.length} inputs match${args.rerun ? '; rerun reproduced every output bit for bit' : ''}\n`);
    },
  );
}

function rewriteOut(argv: readonly string[], dir: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--out' || a === '-o') {
      out.push(a, dir);
      i++;
    } else if (a.startsWith('--out=')) out.push(`--out=${dir}`);
    else out.push(a);
  }
  return out;
}
