import * as fs from 'node:fs';
import * as path from 'node:path';
import { Add, Copy, DockerfileParser, type Argument, type Heredoc } from 'dockerfile-ast';
import { inputError, inputErrorAt, type SourceProblem, type SourceRange } from '../net/errors';
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
  /** Where the source is written (the instruction, for the JSON form), as an editor counts it. */
  range: SourceRange;
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
  checkInstructions(text, fileName);
  return { containerFile, localSources: findLocalSources(text) };
}

/** Every instruction Docker's (and so Wave's BuildKit's) parser knows. */
const INSTRUCTIONS = new Set([
  'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL', 'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL',
  'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
]);

/**
 * What Docker itself would refuse before building, so Wave is never sent it: a word
 * that is no instruction (prose, a pasted shell script), a file that does not start
 * with FROM (only ARG may come first), and a COPY/ADD without a destination.
 */
function checkInstructions(text: string, fileName: string): void {
  const instructions = DockerfileParser.parse(text).getInstructions();
  for (const ins of instructions) {
    if (!INSTRUCTIONS.has(ins.getKeyword())) {
      throw refusalAt(
        fileName,
        ins.getInstructionRange(),
        `"${ins.getInstruction()}" is not a Dockerfile instruction, so this is not a Dockerfile ` +
          'Wave can build. A Dockerfile is a list of instructions (FROM, RUN, COPY, …) starting with FROM <image>.',
      );
    }
  }
  const first = instructions.find((ins) => ins.getKeyword() !== 'ARG');
  if (!first || first.getKeyword() !== 'FROM') {
    const found = first ? `it starts with ${first.getKeyword()}` : instructions.length > 0 ? 'it has only ARG instructions' : 'it has no instructions';
    const why = `a Dockerfile must start with FROM <image> (only ARG may come before it), but ${found}.`;
    if (!first) throw inputError(`${fileName}:1: ${why}`);
    throw refusalAt(fileName, first.getInstructionRange(), why);
  }
  for (const ins of instructions) {
    if (!(ins instanceof Copy) && !(ins instanceof Add)) continue;
    const args = argumentsOf(ins, text);
    if (args.length < 2) {
      const keyword = ins instanceof Copy ? 'COPY' : 'ADD';
      throw refusalAt(
        fileName,
        ins.getRange(),
        `${keyword} needs a source and a destination (${keyword} <source>… <destination>), ` +
          `but has ${args.length === 0 ? 'no arguments' : `only "${args[0].source}"`}.`,
      );
    }
  }
}

export function findLocalSources(text: string): LocalSource[] {
  const dockerfile = DockerfileParser.parse(text);
  const out: LocalSource[] = [];
  for (const ins of dockerfile.getInstructions()) {
    if (!(ins instanceof Copy) && !(ins instanceof Add)) continue;
    const keyword = ins instanceof Copy ? 'COPY' : 'ADD';
    if (ins.getFlags().some((f) => f.getName().toLowerCase() === 'from')) continue;
    const line = ins.getRange().start.line + 1;
    for (const { source, resolved, range } of sourcesOf(ins, text)) {
      if (source.startsWith('<<') || isRemote(source)) continue;
      out.push({ source, resolved, instruction: keyword, line, range });
    }
  }
  return out;
}

/** A refusal at one place of the Dockerfile: `file:line: why`, and the range for the editor's Problems. */
function refusalAt(fileName: string, range: SourceRange, why: string): ReturnType<typeof inputErrorAt> {
  return inputErrorAt(`${fileName}:${range.start.line + 1}: ${why}`, [{ range, message: why }]);
}

function isRemote(source: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(source) || /^git@/.test(source);
}

/** The sources (every argument but the destination) of a COPY/ADD instruction. */
function sourcesOf(ins: Copy | Add, text: string): { source: string; resolved: string | undefined; range: SourceRange }[] {
  return argumentsOf(ins, text).slice(0, -1);
}

/** The arguments of a COPY/ADD (flags and heredoc bodies left out), destination last. */
function argumentsOf(ins: Copy | Add, text: string): { source: string; resolved: string | undefined; range: SourceRange }[] {
  const json = jsonArguments(ins, text);
  if (json) return json.map((source) => ({ source, resolved: unresolved(source) ? undefined : source, range: ins.getRange() }));

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
  return args.map(({ arg, expanded: value }) => ({
    source: arg.getValue(),
    resolved: value !== undefined && !unresolved(value) ? value : undefined,
    range: arg.getRange(),
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

/** What a packed build context holds, as `checkSourcesInContext` needs it. */
export interface ContextContents {
  /** The context folder on disk. */
  dir: string;
  /** Packed files, relative to `dir`. */
  files: readonly string[];
  /** Files `.dockerignore` left out, with the line that did. */
  ignored: readonly { path: string; line: number }[];
}

/**
 * Refuses a build whose literal COPY/ADD sources are not in the packed context,
 * with the real reason for each, named by Dockerfile line: the path leads outside
 * the context, `.dockerignore` left it out, it is an empty folder (wave-cli packs
 * files only, so an empty folder is not in the context at all), or it does not exist.
 */
export function checkSourcesInContext(sources: LocalSource[], context: ContextContents, fileName: string): void {
  const missing = missingSources(sources, new Set(context.files));
  if (missing.length === 0) return;
  const problems: SourceProblem[] = missing.map((m) => ({ range: m.range, message: `${m.instruction} ${m.resolved ?? m.source}: ${whyMissing(m.resolved ?? m.source, context)}` }));
  throw inputErrorAt(missing.map((m, i) => `${fileName}:${m.line}: ${problems[i].message}`).join(' '), problems);
}

function whyMissing(source: string, context: ContextContents): string {
  const dir = context.dir;
  const inContext = contextPath(source);
  const climbs = path.posix.isAbsolute(source) || path.posix.normalize(source).split('/')[0] === '..';
  if (climbs) {
    const outside = path.posix.isAbsolute(source) ? source : path.resolve(dir, source);
    const reading = `(BuildKit reads "${source}" as "${inContext}" inside the context, and there is none)`;
    if (fs.existsSync(outside)) {
      return (
        `${outside} is outside the build context ${dir}, and a build can only copy files from inside its context ${reading}. ` +
        `Move it into ${dir}, or choose a folder that holds both as the context with "Build with Wave (Options…)".`
      );
    }
    return `the path leads outside the build context ${dir}, where a build cannot read ${reading}.`;
  }
  if (source.startsWith('~')) {
    return `~ is not your home folder here: Docker reads "${source}" as a path inside the build context ${dir}, and there is none.`;
  }
  const ignored = context.ignored.filter((f) => f.path === inContext || f.path.startsWith(`${inContext}/`));
  if (ignored.length > 0) {
    const lines = [...new Set(ignored.map((f) => f.line))].sort((a, b) => a - b).join(', ');
    const what = ignored.length === 1 && ignored[0].path === inContext ? 'it is' : `every file in ${inContext} is`;
    return `${what} left out by .dockerignore (line ${lines}).`;
  }
  const onDisk = path.join(dir, inContext);
  let isDir = false;
  try {
    isDir = fs.statSync(onDisk).isDirectory();
  } catch {
    isDir = false;
  }
  if (isDir) {
    return (
      `${inContext} is an empty folder (it holds no files), and Wave packs only files, as wave-cli does, with no entries for folders: ` +
      `the build context has no ${inContext}, so the build would fail with "not found". ` +
      `Put a file in it (for example ${inContext}/.keep), or create the folder in the image with RUN mkdir -p.`
    );
  }
  return `there is no ${inContext} in the build context ${dir}.`;
}
