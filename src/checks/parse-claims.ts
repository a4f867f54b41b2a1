/**
 * Claims file text (scenarios/paper/claims.yaml, schema scenarios/paper/claims.schema.json) → typed
 * claims. Shape errors come from the JSON Schema; the cross-field rules a schema cannot say well
 * (which selectors and statistic each comparison needs, unique ids) are checked here. Every error is
 * an InputError naming the file, the field path and its line, so a typo in a claim is found at load
 * time rather than as a silently failing claim after a long run.
 */
import schema from '../../scenarios/paper/claims.schema.json' with { type: 'json' };
import { makeSchemaCheck } from '../core/schema-check.js';
import { errorAt, parseStructuredText, type StructuredText } from '../core/structured-text.js';
import type { Check, Claim, Comparison, Range, Selector, Statistic } from './claim.js';

const checkSchema = makeSchemaCheck(schema);

/** Paper defaults: p < 0.05, ≥ 95 % of repeats, n = 3 biological replicates. */
const DEFAULTS = { alpha: 0.05, robustness: 0.95, minN: 3 } as const;

interface RawSelector {
  measure?: string;
  line?: string;
  dose_uM?: number | null;
  time_h?: number;
}
interface RawCheck {
  label: string;
  select: RawSelector;
  a?: RawSelector;
  b?: RawSelector;
  x?: RawSelector;
  y?: RawSelector;
  comparison?: Comparison;
  statistic?: Statistic;
  range?: Range;
}
interface RawClaim {
  id: string;
  paper: string;
  experiments: string[];
  extra_lines?: string[];
  variants?: { line: string; set: Record<string, number[]> };
  comparison: Comparison;
  statistic: Statistic;
  alpha?: number;
  robustness?: number;
  min_n?: number;
  checks: RawCheck[];
}
interface RawFile {
  defaults?: { alpha?: number; robustness?: number; min_n?: number };
  claims: RawClaim[];
}

const STATS_FOR: Record<Comparison, readonly Statistic[]> = {
  greater: ['welch', 'anova'],
  less: ['welch', 'anova'],
  'positive-correlation': ['pearson', 'spearman'],
  'decreasing-with-dose': ['spearman'],
  'within-range': ['welch'],
};

export function parseClaimsText(text: string, sourceName: string): Claim[] {
  const src = parseStructuredText(text, sourceName);
  checkSchema(src);
  const raw = src.value as RawFile;
  const d = {
    alpha: raw.defaults?.alpha ?? DEFAULTS.alpha,
    robustness: raw.defaults?.robustness ?? DEFAULTS.robustness,
    minN: raw.defaults?.min_n ?? DEFAULTS.minN,
  };
  const seen = new Set<string>();
  return raw.claims.map((c, i) => {
    if (seen.has(c.id)) throw errorAt(src, ['claims', i, 'id'], `duplicate claim id '${c.id}'; expected each id once`);
    seen.add(c.id);
    const checks = c.checks.map((k, j) => toCheck(src, c, k, ['claims', i, 'checks', j]));
    return {
      id: c.id,
      paper: c.paper,
      experiments: [...c.experiments],
      ...(c.extra_lines ? { extraLines: [...c.extra_lines] } : {}),
      ...(c.variants ? { variants: { line: c.variants.line, set: { ...c.variants.set } } } : {}),
      comparison: c.comparison,
      statistic: c.statistic,
      alpha: c.alpha ?? d.alpha,
      robustness: c.robustness ?? d.robustness,
      minN: c.min_n ?? d.minN,
      checks,
    };
  });
}

function toCheck(src: StructuredText, c: RawClaim, k: RawCheck, path: (string | number)[]): Check {
  const comparison = k.comparison ?? c.comparison;
  const statistic = k.statistic ?? c.statistic;
  if (!STATS_FOR[comparison].includes(statistic)) {
    throw errorAt(src, [...path, k.statistic ? 'statistic' : 'comparison'], `statistic '${statistic}' does not fit comparison '${comparison}'; expected one of ${STATS_FOR[comparison].join(', ')}`);
  }
  const need = (keys: readonly ('a' | 'b' | 'x' | 'y' | 'range')[]): void => {
    for (const key of keys) if (k[key] === undefined) throw errorAt(src, path, `comparison '${comparison}' needs '${key}'`);
  };
  if (comparison === 'greater' || comparison === 'less') need(['a', 'b']);
  if (comparison === 'positive-correlation') need(['x', 'y']);
  if (comparison === 'within-range') {
    need(['range']);
    const r = k.range!;
    if (r.min !== undefined && r.max !== undefined && !(r.min < r.max)) throw errorAt(src, [...path, 'range'], `expected min < max, got [${r.min}, ${r.max}]`);
  }
  const select = toSelector(k.select);
  for (const part of ['a', 'b', 'x', 'y'] as const) {
    const s = k[part];
    if (s === undefined) continue;
    if ((s.measure ?? k.select.measure) === undefined) throw errorAt(src, [...path, part], `no measure for '${part}'; expected 'measure' here or in 'select'`);
  }
  const selectOnly = comparison === 'decreasing-with-dose' || (comparison === 'within-range' && k.a === undefined);
  if (selectOnly && k.select.measure === undefined) {
    throw errorAt(src, [...path, 'select'], `missing 'measure'; expected the measure the check reads`);
  }
  return {
    label: k.label,
    select,
    ...(k.a ? { a: toSelector(k.a) } : {}),
    ...(k.b ? { b: toSelector(k.b) } : {}),
    ...(k.x ? { x: toSelector(k.x) } : {}),
    ...(k.y ? { y: toSelector(k.y) } : {}),
    ...(k.comparison ? { comparison: k.comparison } : {}),
    ...(k.statistic ? { statistic: k.statistic } : {}),
    ...(k.range ? { range: { ...k.range } } : {}),
  };
}

function toSelector(s: RawSelector): Selector {
  return {
    ...(s.measure !== undefined ? { measure: s.measure } : {}),
    ...(s.line !== undefined ? { line: s.line } : {}),
    ...(s.dose_uM !== undefined ? { doseUM: s.dose_uM } : {}),
    ...(s.time_h !== undefined ? { timeH: s.time_h } : {}),
  };
}
