import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { loadScenario } from '../../src/io/load.js';
import { PATHWAY_EDGES, PATHWAY_NODES } from '../../src/teach/pathway-nodes.js';
import { PRESETS, QUESTIONS } from '../../src/teach/questions.js';
import { applySettings, checkSettings, lineKnockdown, readouts, stageFractions, timeCourse, type TeachSettings } from '../../src/teach/simulate.js';
import { joinRelative, modelFromTexts, scenarioFromTexts } from '../../src/teach/virtual-files.js';

const MODEL = 'models/nrf2-trxr-ros.yaml';
const files = new Map<string, string>([[MODEL, readFileSync(MODEL, 'utf8')]]);
for (const f of readdirSync('scenarios/cell-lines')) files.set(`scenarios/cell-lines/${f}`, readFileSync(`scenarios/cell-lines/${f}`, 'utf8'));
const model = modelFromTexts(MODEL, files);

describe('teaching page glue: scenarios from bundled texts', () => {
  it('joins relative paths like the file system', () => {
    expect(joinRelative('scenarios/cell-lines/k562.yaml', '../../models/m.yaml')).toBe('models/m.yaml');
    expect(joinRelative('scenarios/cell-lines/a.yaml', './b.yaml')).toBe('scenarios/cell-lines/b.yaml');
    expect(joinRelative('a.yaml', '../x.yaml')).toBe('../x.yaml');
  });

  it('resolves every line exactly as the file loader does', () => {
    for (const path of [...files.keys()].filter((p) => p.startsWith('scenarios/'))) {
      const fromTexts = scenarioFromTexts(path, files, model);
      const fromDisk = loadScenario(path);
      expect(fromTexts.name).toBe(fromDisk.name);
      expect(Array.from(fromTexts.parameters)).toEqual(Array.from(fromDisk.parameters));
      expect(Array.from(fromTexts.dosesUM)).toEqual(Array.from(fromDisk.dosesUM));
      expect(fromTexts.population.variability).toEqual(fromDisk.population.variability);
    }
  });

  it('names a missing parent file and an inheritance cycle', () => {
    const broken = new Map(files);
    broken.set('scenarios/x.yaml', 'name: x\nextends: nowhere.yaml\n');
    expect(() => scenarioFromTexts('scenarios/x.yaml', broken)).toThrow(/scenarios\/nowhere\.yaml' is not among the bundled files/);
    broken.set('scenarios/a.yaml', 'name: a\nextends: b.yaml\n');
    broken.set('scenarios/b.yaml', 'name: b\nextends: a.yaml\n');
    expect(() => scenarioFromTexts('scenarios/a.yaml', broken)).toThrow(InputError);
  });

  it('rejects out-of-range slider values naming the control', () => {
    const ok: TeachSettings = PRESETS[0]!.settings;
    expect(() => checkSettings({ ...ok, knockdown: 0.99 })).toThrow(/knockdown.*0 to 0\.95/);
    expect(() => checkSettings({ ...ok, imatinibUM: -1 })).toThrow(/imatinibUM/);
    expect(() => checkSettings({ ...ok, nacMM: NaN })).toThrow(/nacMM/);
  });

  it('presets carry each line\'s own knockdown', () => {
    for (const p of PRESETS) expect(p.settings.knockdown).toBeCloseTo(lineKnockdown(scenarioFromTexts(p.settings.line, files, model)), 12);
  });

  it('the diagram\'s edges join existing nodes and every node has two sentences', () => {
    const ids = new Set(PATHWAY_NODES.map((n) => n.id));
    for (const [a, b] of PATHWAY_EDGES) expect(ids.has(a) && ids.has(b), `${a} → ${b}`).toBe(true);
    for (const n of PATHWAY_NODES) expect(n.about.match(/[.!?](\s|$)/g)?.length, n.id).toBe(2);
  });
});

describe('teaching page glue: the classroom questions say what the model shows', () => {
  const cache = new Map<string, ReturnType<typeof readouts>>();
  const at = (s: TeachSettings) => {
    const key = JSON.stringify(s);
    let r = cache.get(key);
    if (!r) {
      const sc = applySettings(scenarioFromTexts(s.line, files, model), s);
      const fr = stageFractions(sc);
      r = readouts(sc, s, timeCourse(sc), fr.viable[fr.viable.length - 1]!);
      cache.set(key, r);
    }
    return r;
  };
  it.each(QUESTIONS.map((q) => [q.id, q] as const))('%s', (_, q) => {
    const before = at(q.compareTo);
    const after = at(q.settings);
    for (const e of q.expect) {
      const d = after[e.readout] - before[e.readout];
      expect(Math.sign(d), `${e.readout}: ${before[e.readout]} → ${after[e.readout]}`).toBe(e.direction === 'up' ? 1 : -1);
    }
  });
});

describe('teaching page sources', () => {
  const read = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => [`${dir}/${f}`, readFileSync(`${dir}/${f}`, 'utf8')] as const);
  it('put text on the page only as text (file texts are never parsed as HTML)', () => {
    for (const [f, text] of read('teach')) expect(text, f).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
  });
  it('the browser glue in src/teach imports no Node.js module', () => {
    for (const [f, text] of read('src/teach')) expect(text, f).not.toMatch(/from\s+['"](node:|fs|path|url|worker_threads|os)['"/]/);
  });
});
