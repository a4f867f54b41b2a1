/** The clickable pathway diagram: SVG drawn from src/teach/pathway-nodes.ts, values updated in place. */
import { PATHWAY_EDGES, PATHWAY_NODES, formatReadout, type PathwayNode, type Readouts } from '../src/teach/pathway-nodes.js';

const SVG = 'http://www.w3.org/2000/svg';
const H = 44;
/** Box width: wide enough for the bold label. */
const width = (n: PathwayNode): number => Math.max(110, n.label.length * 8 + 16);

function el<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

/** Where the segment from a's centre to b's centre leaves a's box. */
function boxExit(a: PathwayNode, b: PathwayNode, pad: number): [number, number] {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const s = Math.min(Math.abs((width(a) / 2 + pad) / (dx || 1e-9)), Math.abs((H / 2 + pad) / (dy || 1e-9)));
  return [a.x + dx * s, a.y + dy * s];
}

export interface Diagram {
  update(r: Readouts): void;
}

export function drawPathway(host: SVGSVGElement, info: HTMLElement): Diagram {
  host.setAttribute('viewBox', '0 0 760 380');
  const defs = el('defs', {});
  const arrow = el('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
  arrow.append(el('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrow-head' }));
  const bar = el('marker', { id: 'bar', viewBox: '0 0 10 10', refX: 8, refY: 5, markerWidth: 8, markerHeight: 8, orient: 'auto' });
  bar.append(el('path', { d: 'M8,0 L8,10', class: 'bar-head' }));
  defs.append(arrow, bar);
  host.append(defs);
  const byId = new Map(PATHWAY_NODES.map((n) => [n.id, n]));
  for (const [from, to, kind] of PATHWAY_EDGES) {
    const a = byId.get(from)!;
    const b = byId.get(to)!;
    const [x1, y1] = boxExit(a, b, 2);
    const [x2, y2] = boxExit(b, a, 4);
    host.append(el('line', { x1, y1, x2, y2, class: `edge ${kind}`, 'marker-end': kind === 'activates' ? 'url(#arrow)' : 'url(#bar)' }));
  }
  const values = new Map<string, SVGTextElement>();
  let selected: PathwayNode | null = null;
  let last: Readouts | null = null;
  const show = (n: PathwayNode): void => {
    selected = n;
    host.querySelectorAll('.node').forEach((g) => g.classList.toggle('selected', g.getAttribute('data-node') === n.id));
    const h = document.createElement('h3');
    h.textContent = n.label;
    const p = document.createElement('p');
    p.textContent = n.about;
    const v = document.createElement('p');
    v.className = 'now';
    v.textContent = last ? `Now (72 h): ${formatReadout(n, last)}` : 'Now: computing…';
    info.replaceChildren(h, p, v);
  };
  for (const n of PATHWAY_NODES) {
    const g = el('g', { class: `node ${n.kind}`, 'data-node': n.id, tabindex: 0, role: 'button', 'aria-label': `${n.label}: explain` });
    g.append(el('rect', { x: n.x - width(n) / 2, y: n.y - H / 2, width: width(n), height: H, rx: 8 }));
    const label = el('text', { x: n.x, y: n.y - 5, class: 'label' });
    label.textContent = n.label;
    const value = el('text', { x: n.x, y: n.y + 13, class: 'value' });
    value.textContent = '…';
    values.set(n.id, value);
    g.append(label, value);
    g.addEventListener('click', () => show(n));
    g.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        show(n);
      }
    });
    host.append(g);
  }
  return {
    update(r: Readouts): void {
      last = r;
      for (const n of PATHWAY_NODES) values.get(n.id)!.textContent = formatReadout(n, r);
      if (selected) show(selected);
    },
  };
}
