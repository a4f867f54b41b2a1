import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRng } from '../../src/core/rng.js';

/** Start the CLI and SIGKILL it after `ms`; resolves when it has exited. */
function runAndKill(args: string[], ms: number): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['dist/src/cli/main.js', ...args], { stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Every file in the folder is complete: JSON parses, CSV rows all have the header's width. */
function checkFolder(dir: string): number {
  let checked = 0;
  for (const name of readdirSync(dir)) {
    expect(name, 'a temporary file was left under a final name').not.toMatch(/\.tmp-/);
    const text = readFileSync(join(dir, name), 'utf8');
    if (name.endsWith('.json')) {
      expect(() => JSON.parse(text), name).not.toThrow();
      checked++;
    } else if (name.endsWith('.csv')) {
      const rows = text.trimEnd().split('\n').map((r) => r.split(',').length);
      expect(rows.length, name).toBeGreaterThan(1);
      for (const w of rows) expect(w, name).toBe(rows[0]);
      expect(text.endsWith('\n'), `${name} ends mid-line`).toBe(true);
      checked++;
    }
  }
  return checked;
}

describe('outputs are written atomically: runs killed at random moments leave only complete files (issue 8)', () => {
  it('population --out killed 12 times at seeded random moments', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nrf2sim-kill-'));
    const rng = makeRng('kill-test');
    const args = ['population', 'scenarios/cell-lines/k562.yaml', '--cells', '300', '--hours', '24', '--replicates', '2', '--workers', '1', '--out', dir];
    for (let k = 0; k < 12; k++) {
      await runAndKill(args, 300 + rng.next() * 2500);
      if (existsSync(dir)) checkFolder(dir);
    }
    // A final uninterrupted run leaves a complete, verifiable folder.
    await runAndKill(args, 120_000);
    expect(checkFolder(dir)).toBeGreaterThanOrEqual(4);
  });
});
