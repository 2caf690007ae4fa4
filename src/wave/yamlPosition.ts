import { CST, Parser, type LineCounter, type YAMLError } from 'yaml';
import type { SourceRange } from '../net/errors';

/**
 * Where a YAML refusal points, as an editor counts it (0-based lines and
 * UTF-16 characters: what `yaml` counts in a JavaScript string too).
 */
export function rangeOf(lineCounter: LineCounter, start: number, end: number): SourceRange {
  const a = lineCounter.linePos(start);
  const b = lineCounter.linePos(Math.max(start, end));
  return { start: { line: a.line - 1, character: a.col - 1 }, end: { line: b.line - 1, character: b.col - 1 } };
}

/** `file:line:col` (1-based, as compilers print it) of a range's start. */
export function formatAt(fileName: string, range: SourceRange): string {
  return `${fileName}:${range.start.line + 1}:${range.start.character + 1}`;
}

/**
 * The offsets [start, end) of what a YAML error is about. The `yaml` library
 * reports an unclosed `[` or `{` and an unclosed quote where it noticed the
 * closer missing: at the next line, or at the end of the file. What the user
 * has to fix is the opening bracket or quote, one or more lines earlier, so
 * that is where the error points (the innermost one still open before the place
 * the library noticed). Other errors keep the library's own offsets.
 */
export function yamlErrorOffsets(text: string, err: YAMLError): [number, number] {
  const noticed = err.pos[0];
  const opener = unclosedOpener(text, err, noticed);
  if (opener !== undefined) return [opener, opener + 1];
  const end = Math.min(Math.max(err.pos[1], noticed + 1), text.length);
  return [noticed, Math.max(end, noticed)];
}

function unclosedOpener(text: string, err: YAMLError, noticed: number): number | undefined {
  const first = err.message.split('\n')[0];
  const flow = /^Flow (sequence|map) .* end with a [\]}]/.exec(first);
  const quote = /^Missing closing (["'])quote/.exec(first);
  if (!flow && !quote) return undefined;
  let best: number | undefined;
  const consider = (offset: number): void => {
    if (offset < noticed && (best === undefined || offset > best)) best = offset;
  };
  for (const token of new Parser().parse(text)) {
    if (token.type !== 'document') continue;
    const inspect = (node: CST.Token | null | undefined): void => {
      if (!node) return;
      if (flow && node.type === 'flow-collection') {
        const [open, close] = flow[1] === 'sequence' ? ['[', 'flow-seq-end'] : ['{', 'flow-map-end'];
        if (node.start.source === open && !node.end.some((t) => t.type === close)) consider(node.offset);
      }
      if (quote && (node.type === 'double-quoted-scalar' || node.type === 'single-quoted-scalar')) {
        const q = quote[1];
        const body = node.source;
        if (body.startsWith(q) && (body.length < 2 || !body.endsWith(q))) consider(node.offset);
      }
    };
    inspect(token.value);
    CST.visit(token, (item) => {
      inspect(item.key);
      inspect(item.value);
    });
  }
  return best;
}
