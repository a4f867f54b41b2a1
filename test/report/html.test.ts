import { describe, expect, it } from 'vitest';
import { barFigure, welchSignificance } from '../../src/report/figures/bars.js';
import { stars } from '../../src/report/figures/common.js';
import { escapeHtml, fragment, h, jsonForScript, plotDiv, renderReport, svgImage } from '../../src/report/html.js';
import { welchTTest } from '../../src/analysis/stats/t-test.js';
import { scanHtml } from './parse-html.js';

const STUB_PLOTLY = 'window.Plotly = { newPlot: function () {} };';

describe('html builder: escaping by construction', () => {
  it('escapes the five HTML metacharacters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('escapes text children and attribute values', () => {
    const out = h('td', { title: '" onmouseover="alert(1)' }, '<script>alert(1)</script>').__html;
    expect(out).toBe('<td title="&quot; onmouseover=&quot;alert(1)">&lt;script&gt;alert(1)&lt;/script&gt;</td>');
  });

  it('refuses elements and attributes that run code or load resources', () => {
    for (const tag of ['script', 'style', 'iframe', 'object', 'embed', 'link', 'a', 'foreignObject', 'SCRIPT', 'scr ipt']) expect(() => h(tag, null), tag).toThrow(RangeError);
    for (const attr of ['onclick', 'onload', 'style', 'href', 'xlink:href', 'srcdoc', 'x y', '"x']) expect(() => h('div', { [attr]: 'v' }), attr).toThrow(RangeError);
    expect(() => h('img', { src: 'https://example.org/x.png' })).toThrow(RangeError);
    expect(() => h('img', { src: 'javascript:alert(1)' })).toThrow(RangeError);
    expect(h('img', { src: 'data:image/png;base64,AAAA' }).__html).toBe('<img src="data:image/png;base64,AAAA">');
  });

  it('shows an SVG document only as a data: image, whatever it contains', () => {
    const img = svgImage('<svg><script>alert(1)</script></svg>', 'blot').__html;
    expect(img).toMatch(/^<img src="data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+" alt="blot" class="svg-image">$/);
    expect(img).not.toContain('script');
  });

  it('JSON for a script element has no <, >, & or line separators, and round-trips', () => {
    const value = { name: '</script><script>alert(1)</script>', amp: 'a & b', sep: 'x\u2028y\u2029z', nan: NaN };
    const text = jsonForScript(value);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual({ ...value, nan: null });
  });

  it('renderReport: exactly the four fixed scripts, title and sections escaped, a CSP that forbids network loads', () => {
    const evil = '<script>alert(1)</script>';
    const html = renderReport({
      title: evil,
      subtitle: `"${evil}`,
      sections: [{ id: 's1', title: evil, body: fragment(h('p', null, evil), plotDiv('f1')), figures: { f1: { data: [{ type: 'bar', name: evil, x: [evil], y: [1] }], layout: { title: { text: evil } } } } }],
      plotlyJs: STUB_PLOTLY,
    });
    expect(html.match(/<script/gi)).toHaveLength(4);
    expect(scanHtml(html).scripts.map((s) => s.openTag)).toEqual(['<script type="application/json" id="nrf2sim-figures">', '<script type="application/json" id="nrf2sim-plot-config">', '<script>', '<script>']);
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none';`);
    // The figure JSON holds the name, escaped inside the JSON text.
    const json = /<script type="application\/json" id="nrf2sim-figures">([^<]*)<\/script>/.exec(html);
    expect(json).not.toBeNull();
    expect(JSON.parse(json![1]!).f1.data[0].name).toBe(evil);
  });

  it('renderReport neutralises a bundle that would close its script element', () => {
    const html = renderReport({ title: 't', sections: [], plotlyJs: 'var s = "</script><script>alert(1)//";' });
    expect(html).not.toContain('</script><script>alert');
    const scan = scanHtml(html);
    expect(scan.scripts).toHaveLength(4);
    expect(scan.scripts[2]!.body).toBe('var s = "<\\/script><script>alert(1)//";');
  });
});

describe('significance marks', () => {
  it('stars follow the usual thresholds', () => {
    expect([0.0005, 0.001, 0.005, 0.01, 0.03, 0.05, 0.2, null, NaN].map((p) => stars(p))).toEqual(['***', '**', '**', '*', '*', 'ns', 'ns', 'n/a', 'n/a']);
  });

  it('the Welch bracket is the Welch t-test of the replicate values (on the log scale for fold measures)', () => {
    const groups = [
      { line: 'a', values: [1.0, 1.1, 0.9] },
      { line: 'b', values: [2.1, 2.6, 2.3] },
    ];
    const linear = welchSignificance(groups, 'annexin_pct', 'b', 'a');
    expect(linear.p).toBeCloseTo(welchTTest([2.1, 2.6, 2.3], [1.0, 1.1, 0.9]).pValue, 14);
    const log = welchSignificance(groups, 'qpcr_fold:NFE2L2', 'b', 'a');
    expect(log.p).toBeCloseTo(welchTTest([2.1, 2.6, 2.3].map(Math.log), [1.0, 1.1, 0.9].map(Math.log)).pValue, 14);
    expect(log.p).not.toBeCloseTo(linear.p!, 6);
    expect(welchSignificance([{ line: 'a', values: [1] }, { line: 'b', values: [2, 3] }], 'x', 'a', 'b').p).toBeNull();
  });

  it('a bar figure draws mean ± SD and one bracket per comparison', () => {
    const fig = barFigure('t', 'y', [{ line: 'a', values: [1, 2, 3] }, { line: 'b', values: [4, 6, 8] }], [{ a: 'b', b: 'a', p: 0.004, source: 'test' }]);
    const bar = fig.data[0] as { y: number[]; error_y: { array: number[] } };
    expect(bar.y).toEqual([2, 6]);
    expect(bar.error_y.array).toEqual([1, 2]);
    expect((fig.layout['annotations'] as { text: string }[]).map((a) => a.text)).toEqual(['**']);
    expect(fig.layout['shapes']).toHaveLength(1);
  });
});
