import * as os from 'node:os';
import * as path from 'node:path';
import { parse as parseToml, TomlError } from 'smol-toml';
import { SeqeraError } from '../net/errors';
import { DEFAULT_PLATFORM_URL, normaliseEndpoint } from '../platform/endpoint';
import { readCredentialFile } from './credentialFile';
import { parseWorkspaceRef, type Env, type WorkspaceRef } from './envCredentials';
import { parseTowerSettings } from './nextflowConfig';

/**
 * The credentials a user may already have on this machine, from every place
 * the Seqera tools keep them:
 *
 * - the environment: `SEQERA_ACCESS_TOKEN` / `SEQERA_API_ENDPOINT` /
 *   `SEQERA_WORKSPACE` (the Seqera CLI's names) next to `TOWER_ACCESS_TOKEN` /
 *   `TOWER_API_ENDPOINT` / `TOWER_WORKSPACE_ID` (Nextflow's and tw's). Each
 *   value is taken from the SEQERA_* name first, as the Seqera CLI does, and
 *   a pair that disagrees is said so;
 * - the Seqera CLI: `$XDG_CONFIG_HOME/seqera/config.toml` (else
 *   `~/.config/seqera/config.toml`), keys `access_token`, `url`, `workspace_id`;
 * - Nextflow 25.10+ `nextflow auth login`: `${NXF_HOME:-~/.nextflow}/seqera-auth.config`,
 *   its `tower { accessToken, endpoint, workspaceId }`.
 *
 * A source whose token or endpoint fails the rules (a token with a line
 * break, `http://` to a remote host…) is returned as unusable with the reason,
 * never with a fallback to another endpoint. No vscode, no network.
 */
export type CredentialSource = 'environment' | 'seqeraCli' | 'nextflow';

export const SOURCE_NAMES: Record<CredentialSource, string> = {
  environment: 'Environment variables',
  seqeraCli: 'Seqera CLI',
  nextflow: 'Nextflow (nextflow auth login)',
};

export interface FoundCredentials {
  source: CredentialSource;
  /** The file, or the variables, it came from. */
  origin: string;
  token: string;
  apiUrl: string;
  /** No endpoint was given: Seqera Cloud, as for the tool that wrote it. */
  endpointDefaulted: boolean;
  workspace?: WorkspaceRef;
  /** Said to the user and logged; never holds the token. */
  notes: string[];
  /** Nextflow's file when group or others may read it: its permission bits. */
  exposedMode?: number;
}

export interface UnusableCredentials {
  source: CredentialSource;
  origin: string;
  reason: string;
}

export interface Discovery {
  found: FoundCredentials[];
  unusable: UnusableCredentials[];
  /** Every place looked at, for "nothing found". */
  looked: string[];
}

export interface DiscoveryOptions {
  env: Env;
  /** The user's home folder (default os.homedir()). */
  home?: string;
}

const MAX_TOKEN_LENGTH = 4096;

/** Why a token is refused, or undefined. `what` names where it came from. */
export function tokenProblem(token: string, what: string): string | undefined {
  if (!token) return `${what} is empty.`;
  if (/[\r\n]/.test(token)) return `${what} contains a line break, so it is not a token as written by the tool; it is not used.`;
  if (/[\s\p{Cc}]/u.test(token)) return `${what} contains spaces or control characters; it is not used.`;
  if (token.length > MAX_TOKEN_LENGTH) return `${what} is ${token.length} characters long, more than a token can be; it is not used.`;
  return undefined;
}

function endpoint(raw: string | undefined, what: string): { apiUrl: string; defaulted: boolean } | { problem: string } {
  if (raw === undefined || raw.trim() === '') return { apiUrl: DEFAULT_PLATFORM_URL, defaulted: true };
  try {
    return { apiUrl: normaliseEndpoint(raw, what), defaulted: false };
  } catch (e) {
    return { problem: e instanceof SeqeraError ? e.message : String(e) };
  }
}

function workspaceOf(raw: string | undefined, what: string, notes: string[]): WorkspaceRef | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const ref = parseWorkspaceRef(raw);
  if (!ref) notes.push(`${what} "${raw.trim().slice(0, 80)}" is neither a workspace id nor Organization/Workspace; it is ignored.`);
  return ref;
}

function build(
  source: CredentialSource,
  origin: string,
  token: { value: string; what: string },
  ep: { raw?: string; what: string },
  ws: { raw?: string; what: string },
  notes: string[],
): FoundCredentials | UnusableCredentials {
  const bad = tokenProblem(token.value, token.what);
  if (bad) return { source, origin, reason: bad };
  const e = endpoint(ep.raw, ep.what);
  if ('problem' in e) return { source, origin, reason: `${e.problem} The token is not sent anywhere else.` };
  const workspace = workspaceOf(ws.raw, ws.what, notes);
  return { source, origin, token: token.value, apiUrl: e.apiUrl, endpointDefaulted: e.defaulted, ...(workspace ? { workspace } : {}), notes };
}

/** The environment, SEQERA_* before TOWER_* per value, saying which wins where both are set and differ. */
export function fromEnvironment(env: Env): FoundCredentials | UnusableCredentials | undefined {
  const get = (name: string): string | undefined => {
    const v = env[name]?.trim();
    return v ? v : undefined;
  };
  const pairs = [
    ['SEQERA_ACCESS_TOKEN', 'TOWER_ACCESS_TOKEN'],
    ['SEQERA_API_ENDPOINT', 'TOWER_API_ENDPOINT'],
    ['SEQERA_WORKSPACE', 'TOWER_WORKSPACE_ID'],
  ] as const;
  const [tokenPair, endpointPair, workspacePair] = pairs.map(([seqera, tower]) => {
    const s = get(seqera);
    const t = get(tower);
    return { name: s !== undefined ? seqera : tower, value: s ?? t, both: s !== undefined && t !== undefined && s !== t, seqera, tower };
  });
  if (tokenPair!.value === undefined) return undefined;
  const notes: string[] = [];
  for (const p of [tokenPair!, endpointPair!, workspacePair!]) {
    if (!p.both) continue;
    const what = p === tokenPair ? 'hold different tokens' : `disagree (${get(p.seqera)} and ${get(p.tower)})`;
    notes.push(
      `${p.seqera} and ${p.tower} ${what}: ${p.seqera} wins, as in the Seqera CLI, which reads the SEQERA_* names first (TOWER_* are the older names that Nextflow and tw read).`,
    );
  }
  // A token of one family with the endpoint of the other is what the Seqera CLI would do too: say it.
  if (endpointPair!.value !== undefined && endpointPair!.name.split('_')[0] !== tokenPair!.name.split('_')[0]) {
    notes.push(`${tokenPair!.name} is used with ${endpointPair!.name}, as the Seqera CLI does (${tokenPair!.name.split('_')[0]}_API_ENDPOINT is not set).`);
  }
  const origin = [tokenPair!.name, endpointPair!.value !== undefined ? endpointPair!.name : undefined, workspacePair!.value !== undefined ? workspacePair!.name : undefined]
    .filter(Boolean)
    .join(', ');
  return build(
    'environment',
    origin,
    { value: tokenPair!.value, what: tokenPair!.name },
    { raw: endpointPair!.value, what: endpointPair!.name },
    { raw: workspacePair!.value, what: workspacePair!.name },
    notes,
  );
}

export function seqeraCliConfigPath(env: Env, home: string): string {
  const xdg = env.XDG_CONFIG_HOME?.trim();
  // The XDG spec ignores a relative XDG_CONFIG_HOME.
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(home, '.config');
  return path.join(base, 'seqera', 'config.toml');
}

export function nextflowAuthConfigPath(env: Env, home: string): string {
  const nxf = env.NXF_HOME?.trim();
  return path.join(nxf ? path.resolve(home, nxf) : path.join(home, '.nextflow'), 'seqera-auth.config');
}

/** Parses the Seqera CLI's config.toml text. */
export function fromSeqeraCliConfig(text: string, file: string): FoundCredentials | UnusableCredentials | undefined {
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(text) as Record<string, unknown>;
  } catch (e) {
    const where = e instanceof TomlError ? ` at line ${e.line}, column ${e.column}` : '';
    const first = (e instanceof Error ? e.message : String(e)).split('\n')[0]!;
    return { source: 'seqeraCli', origin: file, reason: `${file} is not valid TOML${where}: ${first}` };
  }
  const notes: string[] = [];
  const str = (key: string): string | undefined | { wrongType: string } => {
    const v = doc[key];
    if (v === undefined) return undefined;
    if (typeof v === 'string') return v;
    if (typeof v === 'number' && key === 'workspace_id' && Number.isInteger(v)) return String(v);
    return { wrongType: Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'a table' : `a ${typeof v}` };
  };
  const token = str('access_token');
  if (token === undefined) return undefined;
  if (typeof token !== 'string') return { source: 'seqeraCli', origin: file, reason: `${file}: access_token is ${token.wrongType}, not a string.` };
  const url = str('url');
  if (url !== undefined && typeof url !== 'string') return { source: 'seqeraCli', origin: file, reason: `${file}: url is ${url.wrongType}, not a string.` };
  const ws = str('workspace_id');
  if (ws !== undefined && typeof ws !== 'string') notes.push(`${file}: workspace_id is ${ws.wrongType}; it is ignored.`);
  return build(
    'seqeraCli',
    file,
    { value: token, what: `access_token in ${file}` },
    { raw: url, what: `url in ${file}` },
    { raw: typeof ws === 'string' ? ws : undefined, what: `workspace_id in ${file}` },
    notes,
  );
}

/** Parses Nextflow's seqera-auth.config text. */
export function fromNextflowConfig(text: string, file: string): FoundCredentials | UnusableCredentials | undefined {
  const settings = parseTowerSettings(text);
  const notes = settings.problems.map((p) => `${file} ${p}`);
  const token = settings.values.accessToken;
  if (!token) {
    if (settings.problems.length) return { source: 'nextflow', origin: file, reason: notes.join(' ') };
    return undefined;
  }
  const at = (key: 'accessToken' | 'endpoint' | 'workspaceId'): string => `tower.${key} (${file}, line ${settings.values[key]?.line})`;
  return build(
    'nextflow',
    file,
    { value: token.value, what: at('accessToken') },
    { raw: settings.values.endpoint?.value, what: at('endpoint') },
    { raw: settings.values.workspaceId?.value, what: at('workspaceId') },
    notes,
  );
}

const isFound = (r: FoundCredentials | UnusableCredentials): r is FoundCredentials => 'token' in r;

export async function discoverCredentials(options: DiscoveryOptions): Promise<Discovery> {
  const env = options.env;
  const home = options.home ?? os.homedir();
  const discovery: Discovery = { found: [], unusable: [], looked: [] };
  const add = (r: FoundCredentials | UnusableCredentials | undefined): void => {
    if (!r) return;
    if (isFound(r)) discovery.found.push(r);
    else discovery.unusable.push(r);
  };

  discovery.looked.push('SEQERA_ACCESS_TOKEN, TOWER_ACCESS_TOKEN');
  add(fromEnvironment(env));

  const files: [CredentialSource, string, (text: string, file: string) => FoundCredentials | UnusableCredentials | undefined][] = [
    ['seqeraCli', seqeraCliConfigPath(env, home), fromSeqeraCliConfig],
    ['nextflow', nextflowAuthConfigPath(env, home), fromNextflowConfig],
  ];
  for (const [source, file, parse] of files) {
    discovery.looked.push(file);
    const read = await readCredentialFile(file);
    if (read.status === 'missing') continue;
    if (read.status === 'refused') {
      add({ source, origin: file, reason: read.reason });
      continue;
    }
    const r = parse(read.text, file);
    if (r && isFound(r) && source === 'nextflow' && (read.mode & 0o077) !== 0) r.exposedMode = read.mode;
    add(r);
  }
  return discovery;
}

/** `0644` */
export function formatMode(mode: number): string {
  return `0${(mode & 0o777).toString(8).padStart(3, '0')}`;
}
