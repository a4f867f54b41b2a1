import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Layering (STYLE §6): each folder of src/ imports only from the folders listed for it. Pure layers
 * (core, model, solve, analysis, assays, checks) never touch node:fs; only io and cli read files or argv.
 */
const ALLOWED: Record<string, readonly string[]> = {
  core: ['core'],
  model: ['core', 'model'],
  solve: ['core', 'model', 'solve'],
  scenario: ['core', 'model', 'solve', 'scenario'],
  analysis: ['core', 'analysis'],
  assays: ['core', 'model', 'analysis', 'assays', 'report'],
  experiments: ['core', 'model', 'solve', 'scenario', 'analysis', 'assays', 'experiments', 'report'],
  checks: ['core', 'analysis', 'experiments', 'checks'],
  report: ['core', 'model', 'analysis', 'assays', 'checks', 'report'],
  io: ['core', 'model', 'solve', 'scenario', 'analysis', 'assays', 'experiments', 'checks', 'report', 'io'],
  // What-if runs (sweep, combo, sensitivity): orchestration over experiments; files only through io.
  sweep: ['core', 'model', 'solve', 'scenario', 'analysis', 'assays', 'experiments', 'checks', 'report', 'io', 'sweep'],
  // Simulation glue of the browser teaching page (teach/): runs in a Web Worker, so no node: modules at all.
  teach: ['core', 'model', 'solve', 'scenario', 'teach'],
  cli: ['core', 'model', 'solve', 'scenario', 'analysis', 'assays', 'experiments', 'checks', 'report', 'io', 'sweep', 'cli'],
};
const FILE_SYSTEM_FREE = new Set(['core', 'model', 'solve', 'scenario', 'analysis', 'assays', 'checks', 'sweep', 'teach']);
/** The worker pool checks that the compiled worker script exists when run from TypeScript sources. */
const FS_EXCEPTIONS = new Set([join('src', 'solve', 'population', 'pool.ts')]);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('architecture: imports follow the layering', () => {
  const files = sources('src').filter((f) => f.split(sep).length > 2);
  it('knows every layer', () => {
    for (const f of files) expect(Object.keys(ALLOWED), f).toContain(f.split(sep)[1]);
  });
  it.each(Object.keys(ALLOWED))('%s imports only allowed layers', (layer) => {
    const bad: string[] = [];
    for (const f of files.filter((f) => f.split(sep)[1] === layer)) {
      const text = readFileSync(f, 'utf8');
      // Type-only imports are exempt: they vanish at run time and share plain data shapes.
      for (const m of text.matchAll(/^\s*(?:import|export)(?!\s+type\b)[^'"]*from\s+['"]([^'"]+)['"]/gm)) {
        const spec = m[1]!;
        if (spec.endsWith('.schema.json')) continue; // published JSON Schemas live beside the files they describe
        if (spec.startsWith('.')) {
          const target = relative('src', join(f, '..', spec)).split(sep)[0]!;
          if (target.endsWith('.js') || target === 'index.js') continue;
          if (!ALLOWED[layer]!.includes(target)) bad.push(`${f} → ${spec}`);
        } else if (FILE_SYSTEM_FREE.has(layer) && !FS_EXCEPTIONS.has(f) && /^(node:)?(fs|child_process|fs\/promises)$/.test(spec)) {
          bad.push(`${f} → ${spec} (file system in a pure layer)`);
        }
      }
    }
    expect(bad).toEqual([]);
  });
});
