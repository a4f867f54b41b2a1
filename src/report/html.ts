/**
 * A small HTML builder that is safe by construction: every text and attribute value passes through
 * `escapeHtml`; markup exists only as `Html` values made by `h()` (or by this module's fixed
 * templates), never from a string that came from a file. There is no way to make a `<script>`,
 * `<style>`, `<iframe>`, `<object>` or `<embed>` element, or an `on*` / `style` / `href`-like URL
 * attribute, with `h()`: the only scripts of a report are the inlined plotly bundle, the embedded
 * figure JSON (`<script type="application/json">`, `<`, `>`, `&`, U+2028/9 escaped) and the fixed
 * boot script below, all added by `renderReport`.
 *
 * Pure: strings in, a string out. The plotly bundle text is read by io/write-report.ts.
 */

/** Markup known to be safe (built by `h`, `text`, `fragment` or this module). */
export interface Html {
  readonly __html: string;
}

export type Child = string | number | Html | null | undefined | false | readonly Child[];

export type AttrValue = string | number | boolean | null | undefined;

/** Escape text for HTML element content and double-quoted attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const TAG = /^[a-z][a-zA-Z0-9]*$/;
const ATTR = /^[a-z][a-zA-Z0-9:-]*$/;
/** Elements that run code, load resources or change how text is parsed: never built from data. */
const FORBIDDEN_TAGS = new Set(['script', 'style', 'iframe', 'object', 'embed', 'link', 'meta', 'base', 'form', 'frame', 'frameset', 'noscript', 'template', 'textarea', 'xmp', 'plaintext', 'foreignobject', 'use', 'image', 'a']);
/** Attributes that run code or load resources (`src` is allowed only as a data: URI, see below). */
const FORBIDDEN_ATTRS = /^(on|style$|href$|xlink:href$|action$|formaction$|srcset$|srcdoc$|background$|poster$|data$|codebase$|ping$)/i;
const VOID = new Set(['br', 'hr', 'img', 'input', 'col', 'wbr']);

function isHtml(c: unknown): c is Html {
  return typeof c === 'object' && c !== null && '__html' in c && typeof (c as Html).__html === 'string';
}

function renderChild(c: Child): string {
  if (c === null || c === undefined || c === false) return '';
  if (typeof c === 'string') return escapeHtml(c);
  if (typeof c === 'number') return escapeHtml(String(c));
  if (isHtml(c)) return c.__html;
  return (c as readonly Child[]).map(renderChild).join('');
}

/** Text as markup (escaped). */
export function text(s: string): Html {
  return { __html: escapeHtml(s) };
}

/** Several children as one value. */
export function fragment(...children: Child[]): Html {
  return { __html: renderChild(children) };
}

/**
 * An element: `h('td', { class: 'pass' }, 'PASS')`. Tag and attribute names are checked against a
 * fixed pattern (they come from code, not files); values and text children are escaped. `src` must
 * be a `data:image/…;base64,` URI (images never run scripts and need no network).
 */
export function h(tag: string, attrs: Readonly<Record<string, AttrValue>> | null, ...children: Child[]): Html {
  if (!TAG.test(tag) || FORBIDDEN_TAGS.has(tag.toLowerCase())) throw new RangeError(`h: element <${tag}> is not allowed`);
  let open = `<${tag}`;
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (!ATTR.test(name) || FORBIDDEN_ATTRS.test(name)) throw new RangeError(`h: attribute '${name}' is not allowed`);
    if (value === null || value === undefined || value === false) continue;
    if (name === 'src' && !/^data:image\/(svg\+xml|png);base64,[A-Za-z0-9+/=]*$/.test(String(value))) throw new RangeError('h: src must be a base64 data:image URI');
    open += value === true ? ` ${name}` : ` ${name}="${escapeHtml(typeof value === 'number' ? fmtAttrNumber(value) : value)}"`;
  }
  if (VOID.has(tag)) return { __html: open + '>' };
  return { __html: `${open}>${renderChild(children)}</${tag}>` };
}

function fmtAttrNumber(x: number): string {
  return Number.isFinite(x) ? String(Math.round(x * 1000) / 1000) : '0';
}

/**
 * JSON for a `<script type="application/json">` element: `<`, `>`, `&`, U+2028 and U+2029 escaped as
 * \uXXXX so no text can close the element or start a comment; non-finite numbers become null.
 */
export function jsonForScript(value: unknown): string {
  const json = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v)) ?? 'null';
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** An image element showing an SVG document (any text: an SVG inside <img> never runs script or loads resources). */
export function svgImage(svg: string, alt: string): Html {
  return h('img', { src: `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`, alt, class: 'svg-image' });
}

/** A plotly figure: traces and layout, plain JSON. */
export interface PlotFigure {
  readonly data: readonly Record<string, unknown>[];
  readonly layout: Record<string, unknown>;
}

/** One report section: a heading, and its body (markup plus the figures it references by id). */
export interface ReportSection {
  readonly id: string;
  readonly title: string;
  readonly body: Html;
  /** Figures by id; the body holds `plotDiv(id)` placeholders for them. */
  readonly figures?: Readonly<Record<string, PlotFigure>>;
}

/** Placeholder element that the boot script fills with the figure of that id. */
export function plotDiv(figureId: string, heightPx = 420): Html {
  return h('div', { class: 'plot', 'data-figure': figureId, 'data-height': heightPx });
}

export interface ReportInput {
  readonly title: string;
  readonly subtitle?: string;
  readonly sections: readonly ReportSection[];
  /** The plotly.js bundle's source text (io/write-report.ts reads it from node_modules). */
  readonly plotlyJs: string;
}

/** Plotly config: no logo, no cloud links, no MathJax typesetting (nothing that could fetch). */
const PLOT_CONFIG = { responsive: true, displaylogo: false, typesetMath: false, showSendToCloud: false, showEditInChartStudio: false, showLink: false };

/** Fixed boot script: reads the embedded JSON, draws each placeholder; a failed figure says so in place. */
const BOOT_JS = `(function () {
  var figs = JSON.parse(document.getElementById('nrf2sim-figures').textContent);
  var config = JSON.parse(document.getElementById('nrf2sim-plot-config').textContent);
  var divs = document.querySelectorAll('div.plot[data-figure]');
  for (var i = 0; i < divs.length; i++) {
    var div = divs[i];
    var fig = figs[div.getAttribute('data-figure')];
    div.style.height = (Number(div.getAttribute('data-height')) || 420) + 'px';
    if (!fig || typeof Plotly === 'undefined') { div.textContent = 'figure unavailable'; continue; }
    try { Plotly.newPlot(div, fig.data, fig.layout, config); } catch (e) { div.textContent = 'figure failed: ' + e; }
  }
})();`;

const CSS = `
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #1d2330; background: #fafafa; }
header { background: #24364f; color: #fff; padding: 18px 32px; }
header h1 { margin: 0; font-size: 1.5em; } header p { margin: 4px 0 0; opacity: .85; }
nav { padding: 8px 32px; background: #e9edf3; font-size: .9em; } nav span { margin-right: 14px; }
main { padding: 8px 32px 40px; max-width: 1400px; }
section { background: #fff; border: 1px solid #dde2ea; border-radius: 6px; margin: 18px 0; padding: 12px 20px; }
h2 { font-size: 1.2em; margin: 6px 0 10px; } h3 { font-size: 1em; margin: 14px 0 6px; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(520px, 1fr)); gap: 12px; }
.plot { width: 100%; min-height: 200px; }
table { border-collapse: collapse; font-size: .88em; margin: 6px 0; }
th, td { border-bottom: 1px solid #e3e6ec; padding: 4px 8px; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: #f2f4f8; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
.pass { color: #146c2e; font-weight: 600; } .fail { color: #b3261e; font-weight: 600; }
.missing { color: #8a5a00; background: #fff6e0; padding: 6px 10px; border-radius: 4px; }
.note { color: #555; font-size: .9em; } .svg-image { width: 100%; max-width: 900px; height: auto; background: #fff; }
svg.pathway { max-width: 100%; height: auto; }
`;

/** The whole page: one self-contained file (CSS, plotly, data and boot script inline; nothing fetched). */
export function renderReport(input: ReportInput): string {
  const figures: Record<string, PlotFigure> = {};
  for (const s of input.sections) {
    for (const [id, f] of Object.entries(s.figures ?? {})) {
      if (id in figures) throw new RangeError(`renderReport: duplicate figure id '${id}'`);
      figures[id] = f;
    }
  }
  const nav = h('nav', null, input.sections.map((s) => h('span', null, s.title)));
  const body = fragment(
    h('header', null, h('h1', null, input.title), input.subtitle ? h('p', null, input.subtitle) : null),
    nav,
    h('main', null, input.sections.map((s) => h('section', { id: s.id }, h('h2', null, s.title), s.body))),
  );
  // A bundle that contained "</script" would end its element early; plotly's does not, but make sure.
  const plotly = input.plotlyJs.replace(/<\/(script)/gi, '<\\/$1');
  if (plotly.includes('<!--')) throw new RangeError('renderReport: the plotly bundle contains "<!--", which would change how the script element is parsed');
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // No network: only inline scripts/styles and data: images may load.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data:; font-src data:">`,
    `<title>${escapeHtml(input.title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    body.__html,
    `<script type="application/json" id="nrf2sim-figures">${jsonForScript(figures)}</script>`,
    `<script type="application/json" id="nrf2sim-plot-config">${jsonForScript(PLOT_CONFIG)}</script>`,
    `<script>${plotly}</script>`,
    `<script>${BOOT_JS}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
