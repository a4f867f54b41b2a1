/**
 * The pathway diagram, generated from the compiled model (not drawn by hand): species as nodes,
 * reactions as edges, drugs as nodes acting on the reactions whose rate laws read the parameters
 * they change, and the cell-fate link (apoptosis species → apoptosis).
 *
 * Edges: reactant → product (conversion, solid); a species the rate law reads → the product of a
 * synthesis (regulation, dashed arrow) or → the reactant of a removal (dashed, flat head: it changes
 * how fast that species is removed); drug → target (red flat head = inhibits, green arrow = activates).
 * Layout is deterministic: column = breadth-first distance from the nodes nothing points to, order
 * within a column = model order. Built with `h()`, so every name is escaped.
 */
import type { CompiledModel } from '../../model/types.js';
import { h, type Html } from '../html.js';

type EdgeKind = 'convert' | 'regulate' | 'removal' | 'inhibit' | 'activate' | 'fate';

interface Edge {
  readonly from: string;
  readonly to: string;
  readonly kind: EdgeKind;
  readonly label: string;
}

interface Node {
  readonly id: string;
  readonly kind: 'species' | 'drug' | 'fate';
  readonly title: string;
  readonly mode?: string;
}

export interface PathwayGraph {
  readonly nodes: readonly Node[];
  readonly edges: readonly Edge[];
}

/** Nodes and edges of the model (exported for tests: the edges the diagram draws). */
export function pathwayGraph(model: CompiledModel): PathwayGraph {
  const nodes: Node[] = model.species.map((s) => ({ id: s.name, kind: 'species', title: `${s.name} (${s.unit}, ${s.mode}): ${s.description}`, mode: s.mode }));
  const edges: Edge[] = [];
  const add = (e: Edge): void => {
    if (e.from !== e.to && !edges.some((x) => x.from === e.from && x.to === e.to && x.kind === e.kind)) edges.push(e);
  };
  const name = (i: number): string => model.species[i]!.name;
  for (const r of model.reactions) {
    const reactants = r.reactants.map((t) => name(t.species));
    const products = r.products.map((t) => name(t.species));
    for (const a of reactants) for (const b of products) add({ from: a, to: b, kind: 'convert', label: r.id });
    const modifiers = r.dependsOn.map(name).filter((s) => !reactants.includes(s) && !products.includes(s));
    for (const m of modifiers) {
      if (products.length) for (const b of products) add({ from: m, to: b, kind: 'regulate', label: r.id });
      else for (const a of reactants) add({ from: m, to: a, kind: 'removal', label: r.id });
    }
  }
  for (const d of model.drugs) {
    nodes.push({ id: d.name, kind: 'drug', title: `${d.name} (${d.unit}): ${d.description}` });
    for (const eff of d.effects) {
      const pname = model.parameters[eff.parameter]!.name;
      const word = new RegExp(`(^|[^A-Za-z0-9_])${pname.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^A-Za-z0-9_])`);
      for (const r of model.reactions) {
        if (!word.test(r.rateLaw)) continue;
        // A drug changing a production rate acts on the product; on a removal, on what is removed.
        const targets = r.products.length ? r.products : r.reactants;
        for (const t of targets) add({ from: d.name, to: name(t.species), kind: eff.kind, label: `${pname} (${r.id})` });
      }
    }
  }
  if (model.cellFate) {
    nodes.push({ id: 'apoptosis', kind: 'fate', title: 'cell fate: a viable cell commits to apoptosis when this species crosses its threshold' });
    add({ from: name(model.cellFate.apoptosis.species), to: 'apoptosis', kind: 'fate', label: 'threshold' });
  }
  return { nodes, edges };
}

const NODE_W = 118;
const NODE_H = 30;
const COL_W = 178;
const ROW_H = 54;
const FILL: Record<string, string> = { discrete: '#dbe8f7', continuous: '#e3f1de', fast: '#fbe7d3', drug: '#f6d6d6', fate: '#3b3b3b' };
const STROKE: Record<EdgeKind, string> = { convert: '#333', regulate: '#4a6fa5', removal: '#8a5a00', inhibit: '#b3261e', activate: '#1a7f37', fate: '#333' };

/**
 * Column of each node: breadth-first distance, along conversion, synthesis-regulation and fate edges,
 * from the species nothing produces or regulates (removal feedback and drugs do not set the layers);
 * a drug sits one column left of its leftmost target.
 */
function columns(g: PathwayGraph): Map<string, number> {
  const layering = g.edges.filter((e) => e.kind === 'convert' || e.kind === 'regulate' || e.kind === 'fate');
  const inner = g.nodes.filter((n) => n.kind !== 'drug');
  const hasIncoming = new Set(layering.map((e) => e.to));
  const col = new Map<string, number>();
  let frontier = inner.filter((n) => !hasIncoming.has(n.id)).map((n) => n.id);
  if (!frontier.length && inner.length) frontier = [inner[0]!.id];
  for (const id of frontier) col.set(id, 0);
  for (let depth = 1; frontier.length; depth++) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const e of layering) {
        if (e.from === id && !col.has(e.to)) {
          col.set(e.to, depth);
          next.push(e.to);
        }
      }
    }
    frontier = next;
  }
  for (const n of inner) if (!col.has(n.id)) col.set(n.id, 0);
  const shift = g.nodes.some((n) => n.kind === 'drug') ? 1 : 0;
  for (const n of inner) col.set(n.id, col.get(n.id)! + shift);
  for (const n of g.nodes.filter((x) => x.kind === 'drug')) {
    const targets = g.edges.filter((e) => e.from === n.id).map((e) => col.get(e.to) ?? shift);
    col.set(n.id, Math.max(0, Math.min(shift, ...targets) - 1));
  }
  return col;
}

/** The diagram as inline SVG markup. */
export function pathwaySvg(model: CompiledModel): Html {
  const g = pathwayGraph(model);
  const col = columns(g);
  const pos = new Map<string, { x: number; y: number }>();
  const perCol = new Map<number, number>();
  for (const n of g.nodes) {
    const c = col.get(n.id)!;
    const k = perCol.get(c) ?? 0;
    perCol.set(c, k + 1);
    pos.set(n.id, { x: 20 + c * COL_W, y: 20 + k * ROW_H });
  }
  const width = Math.max(40 + (Math.max(0, ...col.values()) + 1) * COL_W, 5 * 170 + 40);
  const height = 60 + Math.max(1, ...perCol.values()) * ROW_H;
  const marker = (id: string, color: string, flat: boolean): Html =>
    h('marker', { id, viewBox: '0 0 10 10', refX: flat ? 5 : 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' },
      flat ? h('path', { d: 'M 4 0 L 6 0 L 6 10 L 4 10 z', fill: color }) : h('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: color }));
  const edges = g.edges.map((e) => {
    const a = pos.get(e.from)!;
    const b = pos.get(e.to)!;
    const forward = b.x > a.x;
    const x1 = forward ? a.x + NODE_W : a.x + NODE_W / 2;
    const y1 = forward ? a.y + NODE_H / 2 : a.y + NODE_H;
    const x2 = forward ? b.x : b.x + NODE_W / 2;
    const y2 = forward ? b.y + NODE_H / 2 : b.y;
    // Back and same-column edges bow out so they do not run through the nodes.
    const bow = forward ? 0 : 40 + 0.15 * Math.abs(y2 - y1);
    const cx = (x1 + x2) / 2 + (forward ? 0 : bow);
    const cy = (y1 + y2) / 2 + (forward ? 0 : 0);
    const head = e.kind === 'inhibit' || e.kind === 'removal' ? 'bar' : 'arrow';
    return h('path', {
      d: `M ${x1.toFixed(1)} ${y1.toFixed(1)} Q ${cx.toFixed(1)} ${cy.toFixed(1)} ${x2.toFixed(1)} ${y2.toFixed(1)}`,
      fill: 'none',
      stroke: STROKE[e.kind],
      'stroke-width': e.kind === 'convert' || e.kind === 'fate' ? 1.8 : 1.2,
      'stroke-dasharray': e.kind === 'regulate' || e.kind === 'removal' ? '5 3' : null,
      'marker-end': `url(#${head}-${e.kind})`,
      class: `edge edge-${e.kind}`,
      'data-from': e.from,
      'data-to': e.to,
    }, h('title', null, `${e.from} → ${e.to}: ${e.kind} (${e.label})`));
  });
  const nodes = g.nodes.map((n) => {
    const p = pos.get(n.id)!;
    const fill = n.kind === 'species' ? FILL[n.mode ?? 'discrete'] ?? '#eee' : FILL[n.kind]!;
    return h('g', { class: `node node-${n.kind}`, 'data-node': n.id },
      h('title', null, n.title),
      h('rect', { x: p.x, y: p.y, width: NODE_W, height: NODE_H, rx: n.kind === 'drug' ? 15 : 5, fill, stroke: '#555', 'stroke-width': 1 }),
      h('text', { x: p.x + NODE_W / 2, y: p.y + NODE_H / 2 + 4, 'text-anchor': 'middle', 'font-size': 12, fill: n.kind === 'fate' ? '#fff' : '#111' }, n.id));
  });
  const kinds: EdgeKind[] = ['convert', 'regulate', 'removal', 'inhibit', 'activate', 'fate'];
  const legend = [
    ['convert', 'conversion'], ['regulate', 'regulates synthesis'], ['removal', 'changes removal'], ['inhibit', 'drug inhibits'], ['activate', 'drug activates'],
  ].map(([k, label], i) => {
    const x = 20 + i * 170;
    const y = height - 20;
    return h('g', null,
      h('path', { d: `M ${x} ${y} L ${x + 36} ${y}`, stroke: STROKE[k as EdgeKind], 'stroke-width': 1.5, 'stroke-dasharray': k === 'regulate' || k === 'removal' ? '5 3' : null, 'marker-end': `url(#${k === 'inhibit' || k === 'removal' ? 'bar' : 'arrow'}-${k})` }),
      h('text', { x: x + 42, y: y + 4, 'font-size': 11 }, label!));
  });
  return h('svg', { class: 'pathway', width, height, viewBox: `0 0 ${width} ${height}`, 'font-family': 'sans-serif', role: 'img', 'aria-label': `Pathway of ${model.name}` },
    h('defs', null, kinds.flatMap((k) => [marker(`arrow-${k}`, STROKE[k], false), marker(`bar-${k}`, STROKE[k], true)])),
    edges,
    nodes,
    legend);
}
