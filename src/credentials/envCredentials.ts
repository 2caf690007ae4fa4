import { createHash } from 'node:crypto';
import { SeqeraError } from '../net/errors';
import { DEFAULT_PLATFORM_URL, normaliseEndpoint } from '../platform/endpoint';

/**
 * Credentials from the environment variables `tw` and Nextflow read:
 * `TOWER_ACCESS_TOKEN`, `TOWER_API_ENDPOINT` (default Seqera Cloud, as for
 * tw) and `TOWER_WORKSPACE_ID` (a numeric id, or `Org/Workspace` as tw
 * accepts). Pure: the environment is passed in.
 *
 * A token is only ever offered for the endpoint the environment names: when
 * `TOWER_API_ENDPOINT` is set but unusable (not a URL, plain http to a
 * remote host), nothing is offered, because falling back to Cloud would send
 * an Enterprise token to the wrong server.
 */
export type WorkspaceRef = { kind: 'id'; id: number } | { kind: 'name'; org: string; workspace: string };

export interface EnvCredentials {
  token: string;
  apiUrl: string;
  /** True when the endpoint came from TOWER_API_ENDPOINT, false for the Cloud default. */
  endpointFromEnv: boolean;
  workspace?: WorkspaceRef;
  /** Things set but ignored (an invalid workspace id), for the log and the prompt. */
  warnings: string[];
  /** How messages name the token and the workspace, and where to fix them (default: TOWER_*, the environment). */
  naming?: CredentialNaming;
}

export interface CredentialNaming {
  /** "TOWER_ACCESS_TOKEN", "the token in ~/.nextflow/seqera-auth.config" */
  token: string;
  /** "TOWER_WORKSPACE_ID", "workspaceId of ~/.nextflow/seqera-auth.config" */
  workspace: string;
  /** "Check the token in your environment." */
  fix: string;
}

export type EnvDetection =
  | { status: 'none' }
  | { status: 'invalid'; reason: string }
  | { status: 'found'; credentials: EnvCredentials };

export type Env = Readonly<Record<string, string | undefined>>;

export function detectEnvCredentials(env: Env): EnvDetection {
  const token = env.TOWER_ACCESS_TOKEN?.trim();
  if (!token) return { status: 'none' };
  if (/\s/.test(token)) return { status: 'invalid', reason: 'TOWER_ACCESS_TOKEN contains spaces or line breaks.' };

  const rawEndpoint = env.TOWER_API_ENDPOINT?.trim();
  let apiUrl = DEFAULT_PLATFORM_URL;
  if (rawEndpoint) {
    try {
      apiUrl = normaliseEndpoint(rawEndpoint, 'TOWER_API_ENDPOINT');
    } catch (e) {
      return { status: 'invalid', reason: e instanceof SeqeraError ? e.message : String(e) };
    }
  }

  const warnings: string[] = [];
  const workspace = parseWorkspaceRef(env.TOWER_WORKSPACE_ID);
  if (env.TOWER_WORKSPACE_ID?.trim() && !workspace) {
    warnings.push(`TOWER_WORKSPACE_ID "${env.TOWER_WORKSPACE_ID.trim()}" is neither a workspace id nor Organization/Workspace; it is ignored.`);
  }
  return {
    status: 'found',
    credentials: { token, apiUrl, endpointFromEnv: !!rawEndpoint, ...(workspace ? { workspace } : {}), warnings },
  };
}

/** A positive integer id (int64 range kept exact in a JS number), or `Org/Workspace`. */
export function parseWorkspaceRef(raw: string | undefined): WorkspaceRef | undefined {
  const value = raw?.trim();
  if (!value) return undefined;
  if (/^\d{1,16}$/.test(value)) {
    const id = Number(value);
    return Number.isSafeInteger(id) && id > 0 ? { kind: 'id', id } : undefined;
  }
  const m = /^([^/\s]+)\/([^/\s]+)$/.exec(value);
  return m ? { kind: 'name', org: m[1]!, workspace: m[2]! } : undefined;
}

/**
 * A fingerprint of the offer (endpoint + a hash of the token), so "don't ask
 * again" is remembered for this token only: a new token in the environment is
 * offered once more. Never stores or logs the token itself.
 */
export function envOfferKey(credentials: Pick<EnvCredentials, 'apiUrl' | 'token'>): string {
  const digest = createHash('sha256').update(credentials.token).digest('hex').slice(0, 16);
  return `${credentials.apiUrl}#${digest}`;
}
