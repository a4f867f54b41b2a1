/**
 * Small self-contained SVG heatmaps of a combo run: viability (white → dark blue) and each synergy δ
 * (diverging: blue antagonism, white 0, red synergy; symmetric scale), drug A on rows, B on columns,
 * each cell labelled with its value. Pure: matrices in, SVG text out (the interactive report reads
 * combo.json instead).
 */
const CELL = 54;
const M = { left: 90, top: 40, right: 20, bottom: 50 };

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function label(x: number): string {
  if (!Number.isFinite(x)) return '–';
  return Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2);
}

function mix(a: readonly number[], b: readonly number[], t: number): string {
  const c = a.map((v, i) => Math.round(v + (b[i]! - v) * Math.min(1, Math.max(0, t))));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

export interface HeatmapSpec {
  readonly title: string;
  readonly drugA: string;
  readonly drugB: string;
  readonly dosesA: readonly number[];
  readonly dosesB: readonly number[];
  readonly values: readonly (readonly number[])[];
  /** 'viability' (0–100 %) or 'delta' (diverging around 0). */
  readonly kind: 'viability' | 'delta';
}

export function heatmapSvg(h: HeatmapSpec): string {
  const nA = h.dosesA.length;
  const nB = h.dosesB.length;
  const w = M.left + nB * CELL + M.right;
  const ht = M.top + nA * CELL + M.bottom;
  const finite = h.values.flat().filter(Number.isFinite);
  const span = Math.max(1e-9, ...finite.map(Math.abs));
  const color = (v: number): string => {
    if (!Number.isFinite(v)) return '#ddd';
    if (h.kind === 'viability') return mix([255, 255, 255], [8, 48, 107], 1 - v / 100);
    return v >= 0 ? mix([255, 255, 255], [178, 24, 43], v / span) : mix([255, 255, 255], [33, 102, 172], -v / span);
  };
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${ht}" viewBox="0 0 ${w} ${ht}" font-family="sans-serif" font-size="11">`,
    `<text x="${w / 2}" y="20" text-anchor="middle" font-size="13">${esc(h.title)}</text>`,
  ];
  for (let i = 0; i < nA; i++) {
    const y = M.top + i * CELL;
    parts.push(`<text x="${M.left - 6}" y="${y + CELL / 2 + 4}" text-anchor="end">${esc(String(h.dosesA[i]))}</text>`);
    for (let j = 0; j < nB; j++) {
      const x = M.left + j * CELL;
      const v = h.values[i]![j]!;
      const dark = h.kind === 'viability' ? v < 50 : Math.abs(v) / span > 0.6;
      parts.push(`<rect x="${x}" y="${y}" width="${CELL}" height="${CELL}" fill="${color(v)}" stroke="#fff"/>`);
      parts.push(`<text x="${x + CELL / 2}" y="${y + CELL / 2 + 4}" text-anchor="middle" fill="${dark ? '#fff' : '#000'}">${label(v)}</text>`);
    }
  }
  for (let j = 0; j < nB; j++) parts.push(`<text x="${M.left + j * CELL + CELL / 2}" y="${M.top + nA * CELL + 14}" text-anchor="middle">${esc(String(h.dosesB[j]))}</text>`);
  parts.push(`<text x="${M.left + (nB * CELL) / 2}" y="${ht - 12}" text-anchor="middle">${esc(h.drugB)}</text>`);
  parts.push(`<text x="14" y="${M.top + (nA * CELL) / 2}" text-anchor="middle" transform="rotate(-90 14 ${M.top + (nA * CELL) / 2})">${esc(h.drugA)}</text>`);
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}
