/**
 * A minimal reading of an HTML page the way a browser's tokenizer splits it: script elements end at
 * the first `</script` (case-insensitive); outside them, tags are `<name attrs>`. Enough to count
 * script elements and check tags and attributes, without a parser dependency.
 */
export interface ScriptElement {
  readonly openTag: string;
  readonly body: string;
}

export interface HtmlScan {
  readonly scripts: readonly ScriptElement[];
  /** The page with every script body removed. */
  readonly outside: string;
  /** Tags outside scripts: lower-case name and raw attribute text. */
  readonly tags: readonly Tag[];
}

export interface Tag {
  readonly name: string;
  /** Attributes as the tokenizer reads them (name lower-cased, value with entities left as written). */
  readonly attrs: readonly { readonly name: string; readonly value: string }[];
}

function attributes(text: string): { name: string; value: string }[] {
  return [...text.matchAll(/([^\s"'=<>`/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g)].map((m) => ({ name: m[1]!.toLowerCase(), value: m[2] ?? m[3] ?? m[4] ?? '' }));
}

export function scanHtml(html: string): HtmlScan {
  const scripts: ScriptElement[] = [];
  let outside = '';
  let i = 0;
  const lower = html.toLowerCase();
  for (;;) {
    const open = lower.indexOf('<script', i);
    if (open < 0) {
      outside += html.slice(i);
      break;
    }
    const openEnd = html.indexOf('>', open);
    const close = lower.indexOf('</script', openEnd);
    if (openEnd < 0 || close < 0) throw new Error('unterminated script element');
    scripts.push({ openTag: html.slice(open, openEnd + 1), body: html.slice(openEnd + 1, close) });
    outside += html.slice(i, openEnd + 1);
    i = close;
  }
  const tags = [...outside.matchAll(/<([a-zA-Z][^\s/>]*)([^>]*)>/g)].map((m) => ({ name: m[1]!.toLowerCase(), attrs: attributes(m[2]!) }));
  return { scripts, outside, tags };
}
