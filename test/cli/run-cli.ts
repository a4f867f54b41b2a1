import { spawn, spawnSync } from 'node:child_process';

export interface CliResult { status: number; stdout: string; stderr: string }

/** Run the built CLI (dist/, built by `npm test` before vitest). */
export function runCli(args: string[], opts: { cwd?: string } = {}): CliResult {
  const r = spawnSync(process.execPath, ['dist/src/cli/main.js', ...args], {
    cwd: opts.cwd ?? process.cwd(),
    encoding: 'utf8',
    env: { ...process.env, NRF2SIM_DEBUG: '' },
    timeout: 300_000,
  });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** The same, without blocking, so several CLI runs can proceed at once. */
export function runCliAsync(args: string[]): Promise<CliResult> {
  return new Promise((done) => {
    const p = spawn(process.execPath, ['dist/src/cli/main.js', ...args], { env: { ...process.env, NRF2SIM_DEBUG: '' } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('close', (code) => done({ status: code ?? -1, stdout, stderr }));
  });
}
