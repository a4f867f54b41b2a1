/**
 * XML text → a small ordered element tree, for the SBML importer. Parsing is fast-xml-parser's
 * (well-formedness checked by its validator first, so malformed files fail with a line and column);
 * this module only reshapes its ordered output into elements with local names, attributes and text,
 * because MathML argument order matters and SBML files mix namespace prefixes (`mml:apply`).
 *
 * Every failure is an InputError naming the file. DOCTYPE declarations are refused: SBML never needs
 * them, and refusing them rules out entity-expansion tricks.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { InputError } from '../core/errors.js';

export interface XmlNode {
  /** Local name (prefix removed). */
  readonly name: string;
  /** Namespace prefix as written ('' when none). */
  readonly prefix: string;
  /** Attributes by qualified name as written (`sbml:units`, `xmlns:nrf2sim`), values decoded. */
  readonly attrs: ReadonlyMap<string, string>;
  readonly children: readonly XmlNode[];
  /** Concatenated character data directly inside this element (trimmed pieces joined). */
  readonly text: string;
  /** Text pieces and child elements in document order (for `<cn>` with `<sep/>`). */
  readonly content: readonly (string | XmlNode)[];
}

/** The field named by document-level errors (no element to point at). */
export const DOC = '(document)';

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  htmlEntities: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  processEntities: true,
});

type Ordered = Record<string, unknown>;

/** Deeper nesting than any SBML file needs; bounds the recursion of every later tree walk. */
export const MAX_XML_DEPTH = 500;

class TooDeep extends Error {}

function convert(item: Ordered, depth: number): XmlNode | string | undefined {
  if ('#text' in item) return String(item['#text']);
  if (depth > MAX_XML_DEPTH) throw new TooDeep();
  const key = Object.keys(item).find((k) => k !== ':@');
  if (key === undefined || key.startsWith('?') || key.startsWith('!')) return undefined;
  const rawAttrs = (item[':@'] ?? {}) as Record<string, unknown>;
  const attrs = new Map<string, string>();
  for (const [k, v] of Object.entries(rawAttrs)) attrs.set(k, String(v));
  const colon = key.indexOf(':');
  const content: (string | XmlNode)[] = [];
  for (const c of (item[key] ?? []) as Ordered[]) {
    const n = convert(c, depth + 1);
    if (n !== undefined) content.push(n);
  }
  return {
    name: colon >= 0 ? key.slice(colon + 1) : key,
    prefix: colon >= 0 ? key.slice(0, colon) : '',
    attrs,
    children: content.filter((c): c is XmlNode => typeof c !== 'string'),
    text: content.filter((c): c is string => typeof c === 'string').join(' '),
    content,
  };
}

/** Parse an XML document; returns its single root element. */
export function parseXml(text: string, sourceName: string): XmlNode {
  if (/<!DOCTYPE/i.test(text)) throw new InputError({ file: sourceName, field: DOC }, 'XML DOCTYPE declarations are not supported in SBML files; remove the <!DOCTYPE …> line');
  let valid: true | { err: { msg: string; line: number; col?: number } };
  try {
    valid = XMLValidator.validate(text) as typeof valid;
  } catch (e) {
    throw new InputError({ file: sourceName, field: DOC }, `malformed XML: ${(e as Error).message}`);
  }
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    const at = Number.isInteger(line) && line > 0 ? { line, ...(Number.isInteger(col) ? { column: col! } : {}) } : { field: DOC };
    throw new InputError({ file: sourceName, ...at }, `malformed XML: ${msg}`);
  }
  let out: Ordered[];
  try {
    out = parser.parse(text) as Ordered[];
  } catch (e) {
    throw new InputError({ file: sourceName, field: DOC }, `malformed XML: ${(e as Error).message.split('\n')[0]}`);
  }
  let converted: (XmlNode | string | undefined)[];
  try {
    converted = out.map((item) => convert(item, 0));
  } catch (e) {
    if (e instanceof TooDeep) throw new InputError({ file: sourceName, field: DOC }, `XML elements nested more than ${MAX_XML_DEPTH} deep; not an SBML model nrf2sim can read`);
    throw e;
  }
  const roots = converted.filter((n): n is XmlNode => n !== undefined && typeof n !== 'string');
  if (roots.length !== 1) throw new InputError({ file: sourceName, field: DOC }, `expected one root element, found ${roots.length}`);
  return roots[0]!;
}

/** The first child with this local name. */
export function child(n: XmlNode, name: string): XmlNode | undefined {
  return n.children.find((c) => c.name === name);
}

/** All children with this local name. */
export function childrenNamed(n: XmlNode, name: string): XmlNode[] {
  return n.children.filter((c) => c.name === name);
}

/** Children of the `listOfX` child, with the given element name (empty when the list is absent). */
export function listOf(n: XmlNode, list: string, item: string): XmlNode[] {
  const l = child(n, list);
  return l ? childrenNamed(l, item) : [];
}

/** An attribute by local name (ignores prefixed namesakes such as `sbml:units` unless asked). */
export function attr(n: XmlNode, name: string): string | undefined {
  return n.attrs.get(name);
}

/** The namespace URI bound to the element's prefix, looking only at the element's own xmlns attributes. */
export function ownNamespace(n: XmlNode): string | undefined {
  return n.attrs.get(n.prefix ? `xmlns:${n.prefix}` : 'xmlns');
}
