/**
 * The `container` directive of an nf-core module's main.nf: where it is, which
 * images it names, and nf-core's canonical form to write instead. Plain text
 * scanning of the Groovy string (no Groovy parser exists for Node); every
 * directive this does not understand is reported with the exact reason, never
 * guessed at.
 */

export type DirectiveForm =
  /** `in ['singularity', 'apptainer'] && !task.ext.singularity_pull_docker_container ? … : …` */
  | 'engineChoice'
  /** The older `== 'singularity' && !task.ext.singularity_pull_docker_container ? … : …`. */
  | 'singularityEquals'
  /** The engine test without `&& !task.ext.singularity_pull_docker_container`. */
  | 'noPullOption'
  /** One image for every engine: `container 'quay.io/…'`. */
  | 'single';

export interface ContainerDirective {
  form: DirectiveForm;
  /** Offsets in the text: the directive from the start of its line (indentation included) to the end of its closing quote. */
  start: number;
  end: number;
  /** 1-based lines, for messages and CodeLens. */
  startLine: number;
  endLine: number;
  indent: string;
  /** The image (or URL) for Singularity/Apptainer; for `single` the same as `docker`. */
  singularity: string;
  docker: string;
  /** The directive's text as written. */
  text: string;
}

export type DirectiveSearch = { found: true; directive: ContainerDirective } | { found: false; reason: string };

const DIRECTIVE_LINE = /^([ \t]*)container[ \t]+(?=["'])/gm;

/** Finds the one `container` directive of a process, or says exactly why not. */
export function findContainerDirective(mainNf: string): DirectiveSearch {
  const code = blankComments(mainNf);
  const hits = [...code.matchAll(DIRECTIVE_LINE)];
  if (hits.length === 0) {
    const other = /^[ \t]*container\b(?!Options)(.*)$/m.exec(code);
    if (other) return { found: false, reason: `line ${lineOf(mainNf, other.index)}: the container directive is not followed by a quoted string` };
    return { found: false, reason: 'main.nf has no container directive' };
  }
  if (hits.length > 1) return { found: false, reason: `main.nf has ${hits.length} container directives (lines ${hits.map((h) => lineOf(mainNf, h.index)).join(', ')}); expected one` };
  const hit = hits[0];
  const quoteAt = hit.index + hit[0].length;
  const lit = readStringLiteral(mainNf, quoteAt);
  const startLine = lineOf(mainNf, hit.index);
  if ('error' in lit) return { found: false, reason: `line ${lineOf(mainNf, lit.at)}: ${lit.error}` };
  const base = { start: hit.index, end: lit.end, startLine, endLine: lineOf(mainNf, lit.end - 1), indent: hit[1], text: mainNf.slice(hit.index, lit.end) };
  const body = lit.body;
  if (!body.includes('${')) {
    if (/\$[A-Za-z_]/.test(body) && lit.quote === '"') return { found: false, reason: `line ${startLine}: the container image is built from a variable (${body.trim()})` };
    const image = body.trim();
    if (!image) return { found: false, reason: `line ${startLine}: the container directive names no image` };
    return { found: true, directive: { ...base, form: 'single', singularity: image, docker: image } };
  }
  if (lit.quote !== '"') return { found: false, reason: `line ${startLine}: a single-quoted container string with \${…} is not interpolated by Groovy` };
  const expr = /^\$\{([\s\S]*)\}$/.exec(body.trim());
  if (!expr) return { found: false, reason: `line ${startLine}: the container string mixes text and \${…} expressions` };
  const choice = ENGINE_CHOICE.exec(expr[1]);
  if (!choice) {
    if (/\btask\.accelerator\b/.test(expr[1])) {
      return { found: false, reason: `line ${startLine}: the container expression chooses images by task.accelerator (GPU and CPU builds); only one image per engine can be written` };
    }
    return { found: false, reason: `line ${startLine}: the container expression is not nf-core's Singularity/Docker choice (${summary(expr[1])})` };
  }
  const form: DirectiveForm = choice[1] ? 'singularityEquals' : choice[2] === undefined ? 'noPullOption' : 'engineChoice';
  return { found: true, directive: { ...base, form, singularity: choice[3] ?? choice[4], docker: choice[5] ?? choice[6] } };
}

const Q = `(?:'([^'\\\\]*)'|"([^"\\\\$]*)")`;
const ENGINE_CHOICE = new RegExp(
  String.raw`^\s*workflow\.containerEngine\s*(?:in\s*\[\s*['"]singularity['"]\s*,\s*['"]apptainer['"]\s*\]|(==\s*['"]singularity['"]))` +
    String.raw`(\s*&&\s*!\s*task\.ext\.singularity_pull_docker_container)?\s*\?\s*` + Q + String.raw`\s*:\s*` + Q + String.raw`\s*$`,
);

function summary(expr: string): string {
  const one = expr.replace(/\s+/g, ' ').trim();
  return one.length > 80 ? one.slice(0, 77) + '…' : one;
}

/** nf-core's canonical directive (wave.md): the module's indentation, continuation lines four spaces deeper. */
export function canonicalDirective(indent: string, singularityHttps: string, docker: string): string {
  return (
    `${indent}container "\${workflow.containerEngine in ['singularity', 'apptainer'] && !task.ext.singularity_pull_docker_container\n` +
    `${indent}    ? '${singularityHttps}'\n` +
    `${indent}    : '${docker}'}"`
  );
}

/** main.nf with the directive replaced by the canonical form of these images. */
export function rewriteDirective(mainNf: string, d: ContainerDirective, singularityHttps: string, docker: string): string {
  return mainNf.slice(0, d.start) + canonicalDirective(d.indent, singularityHttps, docker) + mainNf.slice(d.end);
}

export function lineOf(text: string, offset: number): number {
  let n = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

type Literal = { quote: '"' | "'"; body: string; end: number } | { error: string; at: number };

/** A Groovy '…' or "…" string starting at `at` (`${…}` expressions may hold quotes and braces); `end` is past the closing quote. */
function readStringLiteral(text: string, at: number): Literal {
  const quote = text[at] as '"' | "'";
  if (text.startsWith(quote.repeat(3), at)) return { error: 'triple-quoted container strings are not supported', at };
  let i = at + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === quote) return { quote, body: text.slice(at + 1, i), end: i + 1 };
    if (c === '\n' && quote === "'") return { error: 'the container string ends at the end of the line without its closing quote', at };
    if (quote === '"' && c === '$' && text[i + 1] === '{') {
      const close = skipExpression(text, i + 2);
      if (close < 0) return { error: 'the ${…} expression of the container string is never closed', at };
      i = close + 1;
      continue;
    }
    i++;
  }
  return { error: 'the container string is never closed', at };
}

/** Index of the `}` closing an expression that starts at `i` (after `${`), skipping nested strings and braces; -1 if none. */
function skipExpression(text: string, i: number): number {
  let depth = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === "'" || c === '"') {
      const lit = readStringLiteral(text, i);
      if ('error' in lit) return -1;
      i = lit.end;
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}') {
      if (depth === 0) return i;
      depth--;
    }
    i++;
  }
  return -1;
}

/** The text with `//` and `/* … *\/` comments replaced by spaces (strings left alone), so offsets stay the same. */
function blankComments(text: string): string {
  const out = text.split('');
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if ((c === '"' || c === "'") && text.startsWith(c.repeat(3), i)) {
      const close = text.indexOf(c.repeat(3), i + 3);
      i = close < 0 ? text.length : close + 3;
      continue;
    }
    if (c === "'" || c === '"') {
      const lit = readStringLiteral(text, i);
      i = 'error' in lit ? i + 1 : lit.end;
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') out[i++] = ' ';
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      const stop = close < 0 ? text.length : close + 2;
      for (; i < stop; i++) if (text[i] !== '\n') out[i] = ' ';
      continue;
    }
    i++;
  }
  return out.join('');
}
