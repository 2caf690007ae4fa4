/**
 * Pure editing of an OpenSSH client config text: one clearly marked block per
 * Studio, inserted or replaced in place. Everything outside our markers stays
 * byte-identical (line endings, comments, a missing final newline).
 *
 * A Studio's SSH endpoint is the Platform's connect proxy: `HostName` is the
 * connect domain, `Port` its SSH port (2222 by default) and `User` is
 * `<platform user>@<session id>`; the proxy checks the user's public key
 * registered in their Platform profile.
 */
import { parseSshCommand } from './sshCommand';

export interface StudioSshDetails {
  host?: string | null;
  port?: number | null;
  user?: string | null;
  command?: string | null;
}

export interface StudioSshTarget {
  sessionId: string;
  /** The Studio's name, for the host alias and a comment. */
  name?: string;
  /** The Platform API URL the Studio belongs to, for the comment only. */
  endpoint?: string;
  hostName: string;
  port?: number;
  user: string;
  proxyJump?: string;
  /** Extra `Key Value` lines (only from the safe list below). */
  options: [string, string][];
}

export class SshConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SshConfigError';
  }
}

const ALIAS_PREFIX = 'seqera-studio-';

/**
 * `-o` options of `sshDetails.command` we carry into the block. Anything that
 * runs a local command (ProxyCommand, LocalCommand, KnownHostsCommand, Match
 * exec), weakens host-key checks or forwards the agent is dropped: a config
 * block must never let a server decide what runs on this machine.
 */
const SAFE_OPTIONS = new Map(
  ['ServerAliveInterval', 'ServerAliveCountMax', 'ConnectTimeout', 'Compression', 'TCPKeepAlive', 'IdentitiesOnly'].map(
    (k) => [k.toLowerCase(), k],
  ),
);

const START_RE = /^# >>> Seqera Studio (\S+) \(managed by Seqera for VS Code\) >>>[ \t]*$/;
const END_RE = /^# <<< Seqera Studio (\S+) <<<[ \t]*$/;

export function startMarker(sessionId: string): string {
  return `# >>> Seqera Studio ${sessionId} (managed by Seqera for VS Code) >>>`;
}

export function endMarker(sessionId: string): string {
  return `# <<< Seqera Studio ${sessionId} <<<`;
}

/** `seqera-studio-<name>-<sessionId>`: readable in Remote-SSH, unique per Studio. */
export function studioHostAlias(sessionId: string, name?: string): string {
  checkSessionId(sessionId);
  const slug = (name ?? '')
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return `${ALIAS_PREFIX}${slug ? `${slug}-` : ''}${sessionId.toLowerCase()}`;
}

export interface TargetResult {
  target: StudioSshTarget;
  /** Options of the Platform's command that were not written (for the log). */
  ignoredOptions: string[];
}

/**
 * Combines `sshDetails` (host/port/user win) with what its `command` adds.
 * Throws `SshConfigError` when no host or user can be found, or a value
 * would break out of its line.
 */
export function targetFromSshDetails(
  studio: { sessionId: string; name?: string },
  details: StudioSshDetails,
  endpoint?: string,
): TargetResult {
  const parsed = parseSshCommand(details.command ?? undefined);
  const hostName = nonEmpty(details.host) ?? parsed.host;
  const user = nonEmpty(details.user) ?? parsed.user;
  const port = validPort(details.port) ?? parsed.port;
  if (!hostName || !user) {
    throw new SshConfigError(`The Platform gave no SSH host or user for Studio ${studio.sessionId}.`);
  }
  const options: [string, string][] = [];
  const ignoredOptions: string[] = [];
  for (const [key, value] of parsed.options) {
    const known = SAFE_OPTIONS.get(key.toLowerCase());
    if (known && /^[A-Za-z0-9._-]+$/.test(value)) options.push([known, value]);
    else ignoredOptions.push(key);
  }
  const target: StudioSshTarget = {
    sessionId: studio.sessionId,
    name: studio.name,
    endpoint,
    hostName,
    port,
    user,
    proxyJump: parsed.proxyJump,
    options,
  };
  checkTarget(target);
  return { target, ignoredOptions };
}

/** The block's lines, each ending with `eol` (the last one too). */
export function renderStudioBlock(target: StudioSshTarget, eol = '\n'): string {
  checkTarget(target);
  const alias = studioHostAlias(target.sessionId, target.name);
  const about = [
    target.name ? `Studio "${oneLine(target.name)}"` : `Studio ${target.sessionId}`,
    target.endpoint ? ` on ${oneLine(target.endpoint)}` : '',
  ].join('');
  const lines = [
    startMarker(target.sessionId),
    `# ${about}. Seqera for VS Code rewrites this block on each connect; edit outside it.`,
    `Host ${alias}`,
    `  HostName ${target.hostName}`,
    ...(target.port ? [`  Port ${target.port}`] : []),
    `  User ${target.user}`,
    ...(target.proxyJump ? [`  ProxyJump ${target.proxyJump}`] : []),
    ...target.options.map(([k, v]) => `  ${k} ${v}`),
    endMarker(target.sessionId),
  ];
  return lines.map((l) => l + eol).join('');
}

interface BlockSpan {
  sessionId: string;
  /** Offset of the first character of the start marker line. */
  start: number;
  /** Offset just past the end marker line's terminator (or end of text). */
  end: number;
  /** Line ending of the start marker line ('' at end of text). */
  eol: string;
  /** Whether the end marker line had a terminator. */
  terminated: boolean;
}

interface Line {
  start: number;
  text: string;
  eol: string;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let pos = 0;
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl + 1;
    const raw = text.slice(pos, end);
    const eol = raw.endsWith('\r\n') ? '\r\n' : raw.endsWith('\n') ? '\n' : '';
    lines.push({ start: pos, text: raw.slice(0, raw.length - eol.length), eol });
    pos = end;
  }
  return lines;
}

/** Every managed block in `text`. Throws when a start marker has no end marker. */
export function findStudioBlocks(text: string): BlockSpan[] {
  const lines = splitLines(text);
  const spans: BlockSpan[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = START_RE.exec(lines[i]!.text);
    if (!m) continue;
    const id = m[1]!;
    let j = i + 1;
    for (; j < lines.length; j++) {
      const t = lines[j]!.text;
      if (START_RE.test(t)) break;
      const e = END_RE.exec(t);
      if (e && e[1] === id) break;
    }
    const endLine = lines[j];
    if (!endLine || !END_RE.test(endLine.text)) {
      throw new SshConfigError(
        `The SSH config has a "Seqera Studio ${id}" block without its end marker; fix or remove that block by hand.`,
      );
    }
    spans.push({
      sessionId: id,
      start: lines[i]!.start,
      end: endLine.start + endLine.text.length + endLine.eol.length,
      eol: lines[i]!.eol,
      terminated: endLine.eol !== '',
    });
    i = j;
  }
  return spans;
}

export type UpsertAction = 'added' | 'updated' | 'unchanged';

export interface UpsertResult {
  text: string;
  action: UpsertAction;
  alias: string;
}

/** The file's own line ending: that of its first line, else `\n`. */
export function detectEol(text: string): string {
  const nl = text.indexOf('\n');
  return nl > 0 && text[nl - 1] === '\r' ? '\r\n' : '\n';
}

/**
 * Inserts the Studio's block at the end of `text`, or replaces its existing
 * block in place (and drops later duplicates of it). Idempotent.
 */
export function upsertStudioBlock(text: string, target: StudioSshTarget): UpsertResult {
  const alias = studioHostAlias(target.sessionId, target.name);
  const mine = findStudioBlocks(text).filter((b) => b.sessionId === target.sessionId);
  if (mine.length === 0) {
    const eol = detectEol(text);
    let separator = '';
    if (text.length > 0) {
      if (!text.endsWith('\n')) separator = eol + eol;
      else if (!/\r?\n\r?\n$/.test(text) && text !== eol) separator = eol;
    }
    return { text: text + separator + renderStudioBlock(target, eol), action: 'added', alias };
  }
  const first = mine[0]!;
  let block = renderStudioBlock(target, first.eol || detectEol(text));
  if (!first.terminated) block = block.replace(/\r?\n$/, '');
  let out = text.slice(0, first.start) + block;
  let pos = first.end;
  for (const dup of mine.slice(1)) {
    out += text.slice(pos, dup.start);
    pos = dup.end;
  }
  out += text.slice(pos);
  return { text: out, action: out === text ? 'unchanged' : 'updated', alias };
}

/** Removes the Studio's block(s); everything else stays as it was. */
export function removeStudioBlock(text: string, sessionId: string): { text: string; changed: boolean } {
  const mine = findStudioBlocks(text).filter((b) => b.sessionId === sessionId);
  let out = '';
  let pos = 0;
  for (const b of mine) {
    out += text.slice(pos, b.start);
    pos = b.end;
  }
  out += text.slice(pos);
  return { text: out, changed: mine.length > 0 };
}

function checkSessionId(sessionId: string): void {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(sessionId)) throw new SshConfigError(`Unexpected Studio id "${sessionId}".`);
}

function checkTarget(t: StudioSshTarget): void {
  checkSessionId(t.sessionId);
  if (!/^[A-Za-z0-9.:[\]_-]+$/.test(t.hostName)) throw new SshConfigError(`Unexpected SSH host "${t.hostName}".`);
  if (!/^[^\s"'\\#]+$/.test(t.user)) throw new SshConfigError('Unexpected SSH user name.');
  if (t.port !== undefined && validPort(t.port) === undefined) throw new SshConfigError(`Unexpected SSH port ${t.port}.`);
  if (t.proxyJump !== undefined && !/^[A-Za-z0-9@.:[\],_-]+$/.test(t.proxyJump)) {
    throw new SshConfigError('Unexpected SSH jump host.');
  }
}

function oneLine(s: string): string {
  return s.replace(/[\r\n]+/g, ' ').replace(/"/g, "'");
}

function nonEmpty(s: string | null | undefined): string | undefined {
  const t = s?.trim();
  return t ? t : undefined;
}

function validPort(p: number | null | undefined): number | undefined {
  return typeof p === 'number' && Number.isInteger(p) && p > 0 && p < 65536 ? p : undefined;
}
