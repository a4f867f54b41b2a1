import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseClaimsText } from '../../src/checks/parse-claims.js';
import { InputError } from '../../src/core/errors.js';

const claimsPath = new URL('../../scenarios/paper/claims.yaml', import.meta.url);
const experimentsDir = new URL('../../scenarios/experiments/', import.meta.url);

function parseError(text: string): InputError {
  try {
    parseClaimsText(text, 'c.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error('expected an InputError');
}

const ok = `claims:
  - id: C1
    paper: "Nrf2 up"
    experiments: [qpcr]
    comparison: greater
    statistic: welch
    checks:
      - label: x
        select: { measure: "qpcr_fold:NFE2L2", time_h: 0 }
        a: { line: k562-g01 }
        b: { line: k562 }
`;

describe('the project claims file', () => {
  const claims = parseClaimsText(readFileSync(claimsPath, 'utf8'), 'claims.yaml');

  it('states C1–C11 and the quantitative targets, with the paper defaults', () => {
    expect(claims.map((c) => c.id)).toEqual(['C1', 'C2', 'C3', 'C4', 'C5', 'C6', 'C7', 'C8', 'C9', 'C10', 'C11', 'Q1', 'Q2', 'Q4', 'Q7', 'Q8', 'Q9']);
    for (const c of claims) {
      expect(c.alpha).toBe(0.05);
      expect(c.robustness).toBe(0.95);
      expect(c.minN).toBe(3);
    }
    const c4 = claims.find((c) => c.id === 'C4')!;
    expect(c4.variants).toEqual({ line: 'g01-shnrf2', set: { knockdown: [0, 0.25, 0.5, 0.7, 0.9] } });
  });

  it('names existing experiments and genes/proteins they measure', () => {
    for (const c of claims) {
      for (const e of c.experiments) expect(existsSync(new URL(`${e}.yaml`, experimentsDir)), e).toBe(true);
      const text = c.experiments.map((e) => readFileSync(new URL(`${e}.yaml`, experimentsDir), 'utf8')).join('\n');
      for (const k of c.checks) {
        for (const s of [k.select, k.a, k.b, k.x, k.y]) {
          const m = s?.measure?.match(/^(?:qpcr_fold|western_ratio):(.+)$/);
          if (m) expect(text, `${c.id} ${m[1]}`).toMatch(new RegExp(`(gene|protein): ${m[1]}\\b`));
        }
      }
    }
  });
});

describe('parse errors name file, field and line', () => {
  it('accepts a minimal file and fills defaults', () => {
    const [c] = parseClaimsText(ok, 'c.yaml');
    expect(c).toMatchObject({ id: 'C1', alpha: 0.05, robustness: 0.95, minN: 3, checks: [{ select: { measure: 'qpcr_fold:NFE2L2', timeH: 0 }, a: { line: 'k562-g01' } }] });
  });

  it('unknown field', () => {
    const e = parseError(ok.replace('statistic: welch', 'statistic: welch\n    alfa: 0.01'));
    expect(e.file).toBe('c.yaml');
    expect(e.field).toBe('claims.0.alfa');
    expect(e.line).toBe(7);
  });

  it('unknown experiment name', () => {
    const e = parseError(ok.replace('[qpcr]', '[qPCR]'));
    expect(e.field).toBe('claims.0.experiments.0');
    expect(e.line).toBe(4);
  });

  it('a group comparison without b', () => {
    const e = parseError(ok.replace('        b: { line: k562 }\n', ''));
    expect(e.field).toBe('claims.0.checks.0');
    expect(e.problem).toContain("needs 'b'");
    expect(e.line).toBe(8);
  });

  it('a statistic that does not fit the comparison', () => {
    const e = parseError(ok.replace('statistic: welch', 'statistic: pearson'));
    expect(e.field).toBe('claims.0.checks.0.comparison');
    expect(e.problem).toContain("does not fit comparison 'greater'");
  });

  it('duplicate ids', () => {
    const body = ok.slice('claims:\n'.length);
    const e = parseError(`claims:\n${body}${body}`);
    expect(e.field).toBe('claims.1.id');
    expect(e.line).toBe(12);
  });

  it('an empty range and a missing measure', () => {
    const range = `claims:
  - id: Q
    paper: p
    experiments: [qpcr]
    comparison: within-range
    statistic: welch
    checks:
      - label: r
        select: { measure: m }
        range: { min: 2, max: 1 }
`;
    expect(parseError(range).field).toBe('claims.0.checks.0.range');
    const e = parseError(range.replace('measure: m', 'line: k562').replace('min: 2, max: 1', 'min: 1'));
    expect(e.field).toBe('claims.0.checks.0.select');
    expect(e.problem).toContain("missing 'measure'");
  });

  it('malformed YAML', () => {
    const e = parseError('claims: [\n');
    expect(e.file).toBe('c.yaml');
    expect(e.problem).toContain('malformed');
  });
});
