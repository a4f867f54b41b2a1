/**
 * The simulation worker: compiles the bundled model once, then answers slider settings. Results are
 * posted stage by stage (ODE first: it is the fastest), and a newer request abandons an older one
 * between stages and between dose–response wells — the latest request wins.
 */
import modelText from '../models/nrf2-trxr-ros.yaml?raw';
import { DOSE_RESPONSE_UM, TEACH_DOSE_WELL, TEACH_WELL, applySettings, lineKnockdown, readouts, stageFractions, timeCourse, viableCellsAt } from '../src/teach/simulate.js';
import type { TeachSettings } from '../src/teach/simulate.js';
import { modelFromTexts, scenarioFromTexts } from '../src/teach/virtual-files.js';
import type { FromWorker, LineInfo, ToWorker } from './protocol.js';

const MODEL_PATH = 'models/nrf2-trxr-ros.yaml';
const lineTexts = import.meta.glob('../scenarios/cell-lines/*.yaml', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

const files = new Map<string, string>([[MODEL_PATH, modelText]]);
for (const [k, text] of Object.entries(lineTexts)) files.set(k.replace(/^\.\.\//, ''), text);

const send = (m: FromWorker): void => (self as unknown as { postMessage(m: FromWorker): void }).postMessage(m);

const t0 = performance.now();
const model = modelFromTexts(MODEL_PATH, files);
const PAPER_ORDER = ['k562', 'k562-g01', 'g01-shnc', 'g01-shnrf2'];
const lines: LineInfo[] = [...files.keys()]
  .filter((p) => p.startsWith('scenarios/cell-lines/'))
  .map((path) => {
    const sc = scenarioFromTexts(path, files, model);
    return { path, name: sc.name, description: sc.description, knockdown: lineKnockdown(sc) };
  })
  .sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
function rank(name: string): number {
  const i = PAPER_ORDER.indexOf(name);
  return i < 0 ? PAPER_ORDER.length : i;
}
send({ kind: 'ready', lines, compileMs: performance.now() - t0 });

let latest = 0;
let running = false;
let pending: ToWorker | null = null;

self.onmessage = (ev: MessageEvent<ToWorker>): void => {
  if (ev.data.kind !== 'compute') return;
  latest = ev.data.id;
  pending = ev.data;
  if (!running) void drain();
};

/** Let queued messages arrive; true when a newer request superseded `id`. */
async function superseded(id: number): Promise<boolean> {
  await new Promise((r) => setTimeout(r, 0));
  return latest !== id;
}

async function drain(): Promise<void> {
  running = true;
  while (pending) {
    const req = pending;
    pending = null;
    try {
      await compute(req.id, req.settings);
    } catch (e) {
      send({ kind: 'error', id: req.id, message: (e as Error).message });
    }
  }
  running = false;
}

async function compute(id: number, s: TeachSettings): Promise<void> {
  const start = performance.now();
  const sc = applySettings(scenarioFromTexts(s.line, files, model), s);
  let t = performance.now();
  const tc = timeCourse(sc, 72, 1);
  send({ kind: 'timecourse', id, data: tc, ms: performance.now() - t });
  if (await superseded(id)) return;

  t = performance.now();
  const fr = stageFractions(sc, TEACH_WELL);
  send({ kind: 'population', id, data: fr, readouts: readouts(sc, s, tc, fr.viable[fr.viable.length - 1]!), ms: performance.now() - t });
  if (await superseded(id)) return;

  t = performance.now();
  const viable: number[] = [];
  for (const d of DOSE_RESPONSE_UM) {
    viable.push(viableCellsAt(sc, d, TEACH_DOSE_WELL));
    if (await superseded(id)) return;
  }
  const ref = viable[0]!;
  send({
    kind: 'dose',
    id,
    dosesUM: DOSE_RESPONSE_UM,
    viability: viable.map((v) => (ref > 0 ? v / ref : NaN)),
    hours: TEACH_DOSE_WELL.hours,
    cells: TEACH_DOSE_WELL.cells,
    ms: performance.now() - t,
  });
  send({ kind: 'done', id, ms: performance.now() - start });
}
