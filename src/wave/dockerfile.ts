import * as path from 'node:path';
import { Add, Copy, DockerfileParser, type Argument, type Heredoc } from 'dockerfile-ast';
import { inputError } from '../net/errors';
import { decodeTextFile } from './textFile';

/**
 * Dockerfiles for Wave: which files count, the size check Wave applies, and
 * whether the build needs a context (a `COPY`/`ADD` of local files).
 *
 * Names: `Dockerfile`, `Containerfile`, `*.Dockerfile`, `Dockerfile.*` (and the
 * same with Containerfile), any case, but not `Dockerfile.dockerignore`, which
 * is Docker's per-Dockerfile ignore file.
 *
 * Parsing uses `dockerfile-ast` (the parser behind the Docker language server):
 * it understands line continuations, the escape directive, flags, JSON form
 * and heredocs. A `COPY`/`ADD` source counts as local unless it is a heredoc
 * (`<<EOF`), a URL (`https://…`, `git@…`), or the instruction copies from
 * another stage or image (`--from=`). `ONBUILD` triggers do not count: they
 * run in images built from this one.
 */
const DOCKERFILE_NAME = /^(Dockerfile|Containerfile)$|\.(Dockerfile|Containerfile)$|^(Dockerfile|Containerfile)\./i;

/** Wave refuses a `containerFile` longer than this many characters of base64 (7,500 bytes of Dockerfile). */
export const MAX_CONTAINER_FILE_BASE64 = 10_000;

export function isDockerfileName(fileName: string): boolean {
  return DOCKERFILE_NAME.test(fileName) && !/\.dockerignore$/i.test(fileName);
}

export interface LocalSource {
  /** The source as written in the Dockerfile. */
  source: string;
  /** The source with ARG/ENV variables resolved, when all of them could be. */
  resolved: string | undefined;
  instruction: 'COPY' | 'ADD';
  /** 1-based line of the instruction. */
  line: number;
}

export interface DockerfileAnalysis {
  /** base64 of the Dockerfile bytes, for `containerFile`. */
  containerFile: string;
  localSources: LocalSource[];
}

export function analyseDockerfile(bytes: Uint8Array, fileName: string): DockerfileAnalysis {
  const text = decodeTextFile(bytes, fileName, { maxBytes: 1024 * 1024, what: 'Dockerfile' });
  const containerFile = Buffer.from(bytes).toString('base64');
  if (containerFile.length > MAX_CONTAINER_FILE_BASE64) {
    throw inputError(
      `${fileName} is ${bytes.byteLength} bytes: Wave accepts a Dockerfile of at most 7,500 bytes ` +
        `(${MAX_CONTAINER_FILE_BASE64.toLocaleString('en-US')} characters once base64-encoded). ` +
        'Move long scripts into files of the build context and COPY them.',
    );
  }
  return { containerFile, localSources: findLocalSources(text) };
}

export function findLocalSources(text: string): LocalSource[] {
  const dockerfile = DockerfileParser.parse(text);
  const out: LocalSource[] = [];
  for (const ins of dockerfile.getInstructions()) {
    if (!(ins instanceof Copy) && !(ins instanceof Add)) continue;
    const keyword = ins instanceof Copy ? 'COPY' : 'ADD';
    if (ins.getFlags().some((f) => f.getName().toLowerCase() === 'from')) continue;
    const line = ins.getRange().start.line + 1;
    for (const { source, resolved } of sourcesOf(ins, text)) {
      if (source.startsWith('<<') || isRemote(source)) continue;
      out.push({ source, resolved, instruction: keyword, line });
    }
  }
  return out;
}

function isRemote(source: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(source) || /^git@/.test(source);
}

/** The sources (every argument but the destination) of a COPY/ADD instruction. */
function sourcesOf(ins: Copy | Add, text: string): { source: string; resolved: string | undefined }[] {
  const json = jsonArguments(ins, text);
  if (json) return json.slice(0, -1).map((source) => ({ source, resolved: unresolved(source) ? undefined : source }));

  // getHeredocs is public on Copy only; Add has the same (protected) implementation.
  const heredocs = (ins as unknown as { getHeredocs(): Heredoc[] }).getHeredocs();
  const heredocBodies = heredocs.map((h) => ({
    from: h.getNameRange().start.line,
    to: (h.getDelimiterRange() ?? h.getContentRange())?.end.line ?? Number.MAX_SAFE_INTEGER,
  }));
  const inBody = (a: Argument): boolean => {
    const l = a.getRange().start.line;
    return heredocBodies.some((b) => l > b.from && l <= b.to);
  };
  const raw = ins.getArguments();
  const expanded = ins.getExpandedArguments();
  const args = raw
    .map((a, i) => ({ arg: a, expanded: expanded.length === raw.length ? expanded[i].getValue() : undefined }))
    .filter(({ arg }) => !inBody(arg));
  return args.slice(0, -1).map(({ arg, expanded: value }) => ({
    source: arg.getValue(),
    resolved: value !== undefined && !unresolved(value) ? value : undefined,
  }));
}

function unresolved(value: string): boolean {
  return value.includes('$');
}

/** `COPY ["a b", "/dst"]`: parsed with JSON.parse (dockerfile-ast drops spaces inside JSON strings). */
function jsonArguments(ins: Copy | Add, text: string): string[] | undefined {
  if (!ins.getOpeningBracket() || !ins.getClosingBracket()) return undefined;
  const range = ins.getArgumentsRange();
  if (!range) return undefined;
  const lines = text.split(/\r?\n/);
  const content = lines
    .slice(range.start.line, range.end.line + 1)
    .map((l, i, all) => {
      const start = i === 0 ? range.start.character : 0;
      const end = i === all.length - 1 ? range.end.character : l.length;
      return l.slice(start, end).replace(/\\$/, '');
    })
    .join(' ');
  const open = content.indexOf('[');
  const close = content.lastIndexOf(']');
  if (open < 0 || close < open) return undefined;
  try {
    const parsed: unknown = JSON.parse(content.slice(open, close + 1));
    if (Array.isArray(parsed) && parsed.every((v) => typeof v === 'string')) return parsed as string[];
  } catch {
    // Not valid JSON: Docker then reads the instruction in shell form, and so do we.
  }
  return undefined;
}

/**
 * Where a source lands in the context, as BuildKit reads it: relative to the
 * context root, `.` and `..` resolved, never above the root (`../x` and `/x`
 * both name the context's `x`; nothing outside the context can be copied).
 */
export function contextPath(source: string): string {
  return path.posix.normalize(`/${source}`).replace(/^\/+/, '').replace(/\/+$/, '');
}

/**
 * Local sources whose literal path is not among the context's files. Sources
 * with wildcards or unresolved variables are not checked (Docker expands them).
 */
export function missingSources(sources: LocalSource[], contextFiles: ReadonlySet<string>): LocalSource[] {
  const dirs = new Set<string>();
  for (const f of contextFiles) {
    for (let i = f.indexOf('/'); i >= 0; i = f.indexOf('/', i + 1)) dirs.add(f.slice(0, i));
  }
  return sources.filter((s) => {
    if (s.resolved === undefined || /[*?[]/.test(s.resolved)) return false;
    const norm = contextPath(s.resolved);
    if (norm === '') return false;
    return !contextFiles.has(norm) && !dirs.has(norm);
  });
}
