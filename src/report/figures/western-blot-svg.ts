/**
 * A drawn western blot (SVG string) from densitometry bands, for teaching: one strip per protein,
 * one band per lane, band darkness = the band's fraction of full scale (what the imager recorded,
 * saturation included). Pure: bands in, markup out.
 */
import type { WesternBand } from '../../assays/western.js';

export interface BlotSvgOptions {
  /** Full scale of the band intensities (default 65535). */
  readonly fullScale?: number;
  readonly laneWidth?: number;
  readonly stripHeight?: number;
}

export function westernBlotSvg(bands: readonly WesternBand[], options: BlotSvgOptions = {}): string {
  const full = options.fullScale ?? 65535;
  const lw = options.laneWidth ?? 48;
  const sh = options.stripHeight ?? 34;
  const labelW = 90;
  const headH = 64;
  const proteins = [...new Set(bands.map((b) => b.protein))];
  const lanes = [...new Map(bands.map((b) => [b.lane, b])).values()].sort((a, b) => a.lane - b.lane);
  const width = labelW + lanes.length * lw + 10;
  const height = headH + proteins.length * (sh + 8) + 4;
  const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
  ];
  lanes.forEach((l, k) => {
    const x = labelW + k * lw + lw / 2;
    parts.push(`<text x="${x}" y="${headH - 6}" transform="rotate(-45 ${x} ${headH - 6})">${esc(`${l.group} ${l.replicate}`)}</text>`);
  });
  proteins.forEach((p, r) => {
    const y = headH + r * (sh + 8);
    parts.push(`<rect x="${labelW}" y="${y}" width="${lanes.length * lw}" height="${sh}" fill="#f4f1ea"/>`);
    parts.push(`<text x="${labelW - 6}" y="${y + sh / 2 + 4}" text-anchor="end">${esc(p)}</text>`);
    for (const b of bands.filter((x) => x.protein === p)) {
      const k = lanes.findIndex((l) => l.lane === b.lane);
      const darkness = Math.min(1, Math.max(0, b.intensity / full));
      const cx = labelW + k * lw + lw / 2;
      parts.push(`<ellipse cx="${cx}" cy="${y + sh / 2}" rx="${lw * 0.38}" ry="${sh * 0.22}" fill="#111" fill-opacity="${darkness.toFixed(3)}"/>`);
    }
  });
  parts.push('</svg>');
  return parts.join('\n');
}
