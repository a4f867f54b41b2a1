import { isCollection, isMap, isSeq, LineCounter, parseDocument, visit, type Node } from 'yaml';
import { InputError } from './errors.js';

/**
 * A parsed YAML or JSON document that remembers where each value came from, so errors can name
 * the line of a field. (JSON is YAML 1.2, so one parser serves both.)
 */
export interface StructuredText {
  readonly value: unknown;
  readonly sourceName: string;
  /** The text as given. */
  readonly text: string;
  /** 1-based line and column of the node at `path`, or of its nearest existing ancestor. */
  locate(path: readonly (string | number)[]): { line: number; column: number } | undefined;
}

export function parseStructuredText(text: string, sourceName: string): StructuredText {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const pos = first.linePos?.[0] ?? lineCounter.linePos(first.pos[0]);
    const message = first.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    throw new InputError(
      { file: sourceName, ...(pos ? { line: pos.line, column: pos.col } : {}) },
      `malformed YAML/JSON: ${message}`,
    );
  }
  let badKey: Node | undefined;
  let firstAlias: Node | undefined;
  visit(doc, {
    Alias(_, alias) {
      firstAlias ??= alias;
    },
    Pair(_, pair) {
      if (isCollection(pair.key)) {
        badKey = pair.key;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  if (badKey) {
    const pos = badKey.range ? lineCounter.linePos(badKey.range[0]) : undefined;
    throw new InputError({ file: sourceName, ...(pos ? { line: pos.line, column: pos.col } : {}) }, 'a mapping key is a list or mapping; expected plain names as keys');
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    // toJS fails only on aliases (unresolved, or too many: a resource-exhaustion guard).
    const pos = firstAlias?.range ? lineCounter.linePos(firstAlias.range[0]) : undefined;
    throw new InputError(
      { file: sourceName, ...(pos ? { line: pos.line, column: pos.col } : { line: 1 }) },
      `malformed YAML/JSON: ${(e as Error).message.split('\n')[0]}`,
    );
  }
  const locate = (path: readonly (string | number)[]): { line: number; column: number } | undefined => {
    let node: unknown = doc.contents;
    let found: Node | undefined = doc.contents ?? undefined;
    for (const key of path) {
      if (isMap(node)) {
        const pair = node.items.find((it) => {
          const k = it.key as { value?: unknown } | null;
          return k !== null && typeof k === 'object' && String(k.value) === String(key);
        });
        if (!pair) break;
        node = pair.value;
        const keyNode = pair.key as Node;
        found = (pair.value as Node | null) ?? keyNode;
        if (found && !found.range) found = keyNode;
      } else if (isSeq(node) && typeof key === 'number') {
        node = node.items[key];
        if (!node) break;
        found = node as Node;
      } else break;
    }
    const offset = found?.range?.[0];
    if (offset === undefined) return undefined;
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  return { value, sourceName, text, locate };
}

/** An InputError located at a field path of a structured document. */
export function errorAt(src: StructuredText, path: readonly (string | number)[], problem: string): InputError {
  const pos = src.locate(path);
  return new InputError(
    { file: src.sourceName, field: path.join('.') || '(document)', ...(pos ? { line: pos.line, column: pos.column } : {}) },
    problem,
  );
}
