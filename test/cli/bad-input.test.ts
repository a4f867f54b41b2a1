import { mkdtempSync, readFileSync, writeFileSync, copyFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const MODEL = readFileSync('models/nrf2-trxr-ros.yaml', 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'nrf2sim-bad-'));

/** A copy of the core model with one edit; returns its path. */
function modelWith(name: string, from: string | RegExp, to: string): string {
  const text = MODEL.replace(from, to);
  expect(text, `edit for ${name} did not apply`).not.toBe(MODEL);
  const path = join(dir, `${name}.yaml`);
  writeFileSync(path, text);
  return path;
}

function scenarioWith(name: string, body: string): string {
  mkdirSync(join(dir, 'models'), { recursive: true });
  copyFileSync('models/nrf2-trxr-ros.yaml', join(dir, 'models', 'nrf2-trxr-ros.yaml'));
  const path = join(dir, `${name}.yaml`);
  writeFileSync(path, `name: ${name}\nmodel: models/nrf2-trxr-ros.yaml\n${body}`);
  return path;
}

/** Exit code 2, one line on stderr naming file and field, no stack trace. */
function expectCleanError(r: { status: number; stderr: string }, ...mustContain: string[]): void {
  expect(r.status, r.stderr).toBe(2);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  for (const s of mustContain) expect(r.stderr).toContain(s);
}

describe('bad model files: one clear line naming file, field and what is expected (exit 2)', () => {
  it('malformed YAML, with the line', () => {
    const f = modelWith('malformed', 'species:\n', 'species:\n  Broken: { initial: 1, unit: uM\n');
    expectCleanError(runCli(['validate', f]), f, 'malformed YAML');
  });
  it('unknown species in a rate law', () => {
    const f = modelWith('unknown-species', '"k_tl_nrf2 * Nrf2_mRNA"', '"k_tl_nrf2 * Nrf3_mRNA"');
    expectCleanError(runCli(['validate', f]), f, 'reactions.nrf2_translation.rate', "unknown symbol 'Nrf3_mRNA'");
  });
  it('unknown species in an equation', () => {
    const f = modelWith('unknown-eq', '"-> Nrf2_mRNA"', '"-> Nfr2_mRNA"');
    expectCleanError(runCli(['validate', f]), f, 'reactions.nrf2_transcription.equation', "unknown species 'Nfr2_mRNA'");
  });
  it('syntax error in a rate law, with the column', () => {
    const f = modelWith('syntax', '"k_tl_nrf2 * Nrf2_mRNA"', '"k_tl_nrf2 * (Nrf2_mRNA"');
    expectCleanError(runCli(['validate', f]), f, 'reactions.nrf2_translation.rate', 'column');
  });
  it('a function outside the whitelist: process.exit()', () => {
    const f = modelWith('process', '"k_tl_nrf2 * Nrf2_mRNA"', '"process.exit()"');
    expectCleanError(runCli(['validate', f]), f, 'reactions.nrf2_translation.rate');
  });
  it('a function outside the whitelist: constructor', () => {
    const f = modelWith('constructor', '"k_tl_nrf2 * Nrf2_mRNA"', '"constructor(k_tl_nrf2)"');
    expectCleanError(runCli(['validate', f]), f, 'reactions.nrf2_translation.rate', 'constructor');
  });
  it('a rate law with the wrong units names the reaction', () => {
    const f = modelWith('units', '"k_tl_nrf2 * Nrf2_mRNA"', '"k_tl_nrf2 * Nrf2_mRNA * Nrf2"');
    expectCleanError(runCli(['validate', f]), f, 'reactions.nrf2_translation.rate', "nrf2_translation", 'concentration/time');
  });
  it('negative parameter value', () => {
    const f = modelWith('negative', 'k_tl_nrf2:       { value: 2630', 'k_tl_nrf2:       { value: -2630');
    expectCleanError(runCli(['validate', f]), f, 'parameters.k_tl_nrf2.value', '≥ 0');
  });
  it('NaN parameter value (.nan in YAML)', () => {
    const f = modelWith('nan', 'k_tl_nrf2:       { value: 2630', 'k_tl_nrf2:       { value: .nan');
    expectCleanError(runCli(['validate', f]), f, 'parameters.k_tl_nrf2.value');
  });
  it('infinite parameter value (.inf in YAML)', () => {
    const f = modelWith('inf', 'k_tl_nrf2:       { value: 2630', 'k_tl_nrf2:       { value: .inf');
    expectCleanError(runCli(['validate', f]), f, 'parameters.k_tl_nrf2.value', 'finite');
  });
  it('unknown unit', () => {
    const f = modelWith('unit', 'k_tl_nrf2:       { value: 2630, unit: 1/h', 'k_tl_nrf2:       { value: 2630, unit: 1/fortnight');
    expectCleanError(runCli(['validate', f]), f, 'parameters.k_tl_nrf2.unit', 'fortnight');
  });
  it('drug acting on an unknown parameter', () => {
    const f = modelWith('drug', '{ target: kcat_trxr,', '{ target: kcat_trxr1,');
    expectCleanError(runCli(['validate', f]), f, 'drugs.auranofin.effects.0.target', 'kcat_trxr1');
  });
  it('missing file', () => {
    expectCleanError(runCli(['validate', join(dir, 'nope.yaml')]), 'nope.yaml', 'not found');
  });
});

describe('bad scenarios and options (exit 2)', () => {
  const good = 'scenarios/cell-lines/k562.yaml';
  it('unknown drug in a scenario', () => {
    const f = scenarioWith('unknown-drug', 'doses: { imatinb: 1 }\n');
    expectCleanError(runCli(['run', f, '--hours', '1']), f, 'doses.imatinb', "unknown drug 'imatinb'");
  });
  it('negative dose in a scenario', () => {
    const f = scenarioWith('negative-dose', 'doses: { imatinib: -1 }\n');
    expectCleanError(runCli(['run', f, '--hours', '1']), f, 'doses.imatinib');
  });
  it('unknown parameter override in a scenario', () => {
    const f = scenarioWith('unknown-param', 'parameters:\n  knock_down: { value: 0.5, unit: dimensionless, source: test }\n');
    expectCleanError(runCli(['run', f, '--hours', '1']), f, 'parameters.knock_down');
  });
  it('knockdown outside 0–1', () => {
    expectCleanError(runCli(['run', good, '--hours', '1', '--set', 'knockdown=1.5']), '--set', 'knockdown', 'between 0 and 1');
  });
  it('unknown drug on the command line', () => {
    expectCleanError(runCli(['run', good, '--dose', 'aspirin=1']), '--dose', 'aspirin', 'unknown drug');
  });
  it('malformed --dose', () => {
    expectCleanError(runCli(['run', good, '--dose', 'imatinib']), '--dose', 'name=value');
  });
  it('negative --dose', () => {
    expectCleanError(runCli(['run', good, '--dose', 'imatinib=-2']), '--dose', 'imatinib', '≥ 0');
  });
  it('NaN --set', () => {
    expectCleanError(runCli(['run', good, '--set', 'knockdown=NaN']), '--set', 'knockdown', 'finite');
  });
  it('unknown --set parameter', () => {
    expectCleanError(runCli(['run', good, '--set', 'knockdwn=0.5']), '--set', 'knockdwn', 'unknown parameter');
  });
  it('--hours ≤ 0', () => {
    expectCleanError(runCli(['run', good, '--hours', '0']), '--hours', '> 0');
    expectCleanError(runCli(['run', good, '--hours', '-5']), '--hours', '> 0');
  });
  it('unknown method', () => {
    expectCleanError(runCli(['run', good, '--method', 'euler']), 'method', 'euler');
  });
  it('missing scenario file', () => {
    expectCleanError(runCli(['run', 'scenarios/cell-lines/k563.yaml']), 'k563.yaml', 'not found');
  });
});
