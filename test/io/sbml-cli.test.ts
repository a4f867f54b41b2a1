/** `nrf2sim export-sbml` and `import-sbml` from the built CLI (dist/, built by `npm test`). */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'nrf2sim-sbml-'));

function expectCleanError(r: { status: number; stderr: string }, ...mustContain: string[]): void {
  expect(r.status, r.stderr).toBe(2);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  for (const s of mustContain) expect(r.stderr).toContain(s);
}

describe('nrf2sim export-sbml / import-sbml', () => {
  it('export-sbml -o writes the same bytes as the fixture export', () => {
    const out = join(dir, 'k562-imatinib1.xml');
    const r = runCli(['export-sbml', 'scenarios/cell-lines/k562.yaml', '--dose', 'imatinib=1', '--initial', 'model', '-o', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(readFileSync('test/fixtures/sbml/k562-imatinib1.xml', 'utf8'));
  });
  it('export-sbml of a model file prints SBML L3V2 to stdout', () => {
    const r = runCli(['export-sbml', 'models/nrf2-trxr-ros.yaml']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<sbml xmlns="http:\/\/www.sbml.org\/sbml\/level3\/version2\/core" level="3" version="2">/);
  });
  it('import-sbml -o writes a model file that validates', () => {
    const out = join(dir, 'imported.yaml');
    const r = runCli(['import-sbml', 'test/fixtures/sbml/k562-g01-imatinib1.xml', '-o', out]);
    expect(r.status, r.stderr).toBe(0);
    const v = runCli(['validate', out]);
    expect(v.status, v.stderr).toBe(0);
    expect(v.stdout).toContain("model 'nrf2-trxr-ros'");
  });
  it('import-sbml names an unsupported construct in one line, exit 2', () => {
    const xml = readFileSync('test/fixtures/sbml/k562.xml', 'utf8').replace('<listOfReactions>', '<listOfEvents><event id="wash"/></listOfEvents>\n<listOfReactions>');
    const f = join(dir, 'event.xml');
    writeFileSync(f, xml);
    expectCleanError(runCli(['import-sbml', f]), f, 'event[wash]', 'events are not supported');
  });
  it('import-sbml of a missing file', () => {
    expectCleanError(runCli(['import-sbml', join(dir, 'nope.xml')]), 'nope.xml', 'not found');
  });
  it('export-sbml with a bad --initial', () => {
    expectCleanError(runCli(['export-sbml', 'models/nrf2-trxr-ros.yaml', '--initial', 'fresh']), '--initial', "'model' or 'steady-state'");
  });
});
