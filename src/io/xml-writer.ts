/**
 * A minimal XML writer for the SBML exporter: elements, attributes and text, properly escaped,
 * indented two spaces per level. Output is deterministic (attribute order as given, no timestamps),
 * so an export can be compared byte for byte with a stored fixture.
 *
 * Text that XML 1.0 cannot carry at all (control characters other than tab/LF/CR, lone surrogates,
 * U+FFFE/U+FFFF) is replaced by U+FFFD: such characters can only come from odd input files, and
 * dropping them silently would hide that, while refusing would make one bad description block an
 * export.
 */

/** An element: name, attributes (undefined values are omitted), children (elements or text). */
export interface XmlElement {
  readonly name: string;
  readonly attrs?: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly children?: readonly XmlNode[];
}

/** Text content (escaped on output). */
export interface XmlText {
  readonly text: string;
}

export type XmlNode = XmlElement | XmlText;

/** Build an element; `children` may mix elements, text nodes and skipped (undefined/false) entries. */
export function el(
  name: string,
  attrs: Readonly<Record<string, string | number | boolean | undefined>> = {},
  ...children: readonly (XmlNode | undefined | false)[]
): XmlElement {
  return { name, attrs, children: children.filter((c): c is XmlNode => c !== undefined && c !== false) };
}

export function text(t: string): XmlText {
  return { text: t };
}

// eslint-disable-next-line no-control-regex
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Escape character data (element content). */
export function escapeText(s: string): string {
  return s.replace(NOT_XML_CHAR, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escape an attribute value for double quotes; whitespace characters are kept as character references. */
export function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

function isText(n: XmlNode): n is XmlText {
  return (n as XmlText).text !== undefined;
}

function attrsToString(attrs: XmlElement['attrs']): string {
  let out = '';
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined) continue;
    out += ` ${k}="${escapeAttr(String(v))}"`;
  }
  return out;
}

/**
 * Serialise an element tree. Elements whose children are all text are written on one line
 * (`<p>text</p>`, `<ci> k </ci>`), others one child per line.
 */
export function serialize(root: XmlElement, indent = 0): string {
  const pad = '  '.repeat(indent);
  const kids = root.children ?? [];
  const open = `${pad}<${root.name}${attrsToString(root.attrs)}`;
  if (kids.length === 0) return `${open}/>`;
  if (kids.every(isText)) return `${open}>${kids.map((k) => escapeText((k as XmlText).text)).join('')}</${root.name}>`;
  const lines = kids.map((k) => (isText(k) ? `${pad}  ${escapeText(k.text)}` : serialize(k, indent + 1)));
  return `${open}>\n${lines.join('\n')}\n${pad}</${root.name}>`;
}

/** A complete document with the XML declaration and a trailing newline. */
export function serializeDocument(root: XmlElement): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${serialize(root)}\n`;
}
