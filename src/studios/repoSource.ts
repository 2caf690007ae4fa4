import * as vscode from 'vscode';
import { httpsRemote } from '../git/remoteUrl';
import { chooseRemote, readRepoWithGit, type RepoInfo } from '../git/repoInfo';
import { inputError } from '../net/errors';
import { parseStudioConfig, STUDIO_CONFIG_PATH, type StudioConfigFile } from '../platform/studioConfig';
import { condaForStudio, type CondaChoice } from './createCondaStep';

/**
 * "From this Git repository" in Create Studio: the repository of the active
 * editor's file (else of a workspace folder), read from the vscode.git
 * extension when it has the repository open, else with the `git` command; its
 * remote turned into the https URL the Platform clones; and its
 * `.seqera/studio-config.yaml`, read as the Platform documents it.
 */
export interface RepoReader {
  read(folder: vscode.Uri): Promise<RepoInfo | undefined>;
}

interface GitApiRepository {
  rootUri: vscode.Uri;
  state: {
    HEAD?: { name?: string; commit?: string; upstream?: { remote: string; name: string }; ahead?: number };
    remotes: { name: string; fetchUrl?: string; pushUrl?: string }[];
  };
}

interface GitApi {
  state: string;
  getRepository(uri: vscode.Uri): GitApiRepository | null;
}

function isGitApi(v: unknown): v is GitApi {
  return typeof v === 'object' && v !== null && typeof (v as GitApi).getRepository === 'function' && typeof (v as GitApi).state === 'string';
}

/** The vscode.git extension's view of the repository, when it is enabled and has the repository open. */
async function fromGitExtension(folder: vscode.Uri): Promise<RepoInfo | undefined> {
  // Only when it already runs (it starts with VS Code): activating another extension here would be a side effect.
  const ext = vscode.extensions.getExtension('vscode.git');
  if (!ext?.isActive) return undefined;
  const exports: unknown = ext.exports;
  const getAPI = typeof exports === 'object' && exports !== null ? (exports as { getAPI?: unknown }).getAPI : undefined;
  if (typeof getAPI !== 'function') return undefined;
  let api: unknown;
  try {
    api = (getAPI as (version: number) => unknown).call(exports, 1);
  } catch {
    return undefined; // git disabled (git.enabled: false)
  }
  if (!isGitApi(api) || api.state !== 'initialized') return undefined;
  const repo = api.getRepository(folder);
  if (!repo) return undefined;
  const head = repo.state.HEAD;
  // Right after it opens a repository the extension may not have read HEAD yet: the git command knows.
  if (!head?.commit) return undefined;
  const remote = chooseRemote(repo.state.remotes.map((r) => ({ name: r.name, url: r.fetchUrl ?? r.pushUrl })), head?.upstream?.remote);
  if (!remote?.url) return undefined;
  return {
    root: repo.rootUri.fsPath,
    remoteName: remote.name,
    remoteUrl: remote.url,
    branch: head?.name,
    commit: head?.commit,
    upstream: head?.upstream ? `${head.upstream.remote}/${head.upstream.name}` : undefined,
    ahead: head?.upstream ? head.ahead : undefined,
  };
}

export const defaultRepoReader: RepoReader = {
  async read(folder) {
    return (await fromGitExtension(folder)) ?? (folder.scheme === 'file' ? readRepoWithGit(folder.fsPath) : undefined);
  },
};

/** The repository of the active editor's file, else of the first workspace folder in one. */
export async function findRepository(reader: RepoReader): Promise<RepoInfo | undefined> {
  const candidates: vscode.Uri[] = [];
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active?.scheme === 'file') candidates.push(vscode.Uri.joinPath(active, '..'));
  candidates.push(...(vscode.workspace.workspaceFolders ?? []).map((f) => f.uri));
  for (const c of candidates) {
    const info = await reader.read(c).catch(() => undefined);
    if (info) return info;
  }
  return undefined;
}

export interface RepoPlan {
  info: RepoInfo;
  /** The https URL the Platform clones. */
  repository: string;
  /** The branch, else the commit checked out. */
  revision?: string;
  config?: StudioConfigFile;
  /** The conda environment the configuration names (not for a Dockerfile template). */
  conda?: CondaChoice;
  /** Things to tell the user in the summary: not pushed, unknown keys, … */
  notes: string[];
}

/** `github.com/lab/analysis` for the pick. */
export function shortRepository(url: string): string {
  return url.replace(/^https?:\/\//, '');
}

/** Where the repository stands: the https URL and revision, or why it cannot be used. */
export function repositoryOf(info: RepoInfo): { repository: string; revision?: string } {
  const remote = httpsRemote(info.remoteUrl);
  if (!remote.ok) {
    throw inputError(vscode.l10n.t('The remote {0} of {1} cannot be cloned by the Platform: {2}.', info.remoteName, info.root, remote.reason));
  }
  return { repository: remote.url, revision: info.branch ?? info.commit };
}

async function readIfThere(uri: vscode.Uri): Promise<Uint8Array | undefined> {
  try {
    return await vscode.workspace.fs.readFile(uri);
  } catch (e) {
    if (e instanceof vscode.FileSystemError && e.code === 'FileNotFound') return undefined;
    throw e;
  }
}

function utf8(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw inputError(vscode.l10n.t('{0} is not UTF-8 text.', file));
  }
}

/** Reads what the Platform will read from the repository, checked here first. Throws with file and line. */
export async function loadRepoPlan(info: RepoInfo): Promise<RepoPlan> {
  const { repository, revision } = repositoryOf(info);
  const root = vscode.Uri.file(info.root);
  const notes: string[] = [];
  const where = info.branch ?? info.commit?.slice(0, 12) ?? '';
  if (info.branch && !info.upstream) {
    notes.push(vscode.l10n.t('Branch {0} was never pushed: the Platform clones what {1} has, so push it first.', info.branch, info.remoteName));
  } else if (info.ahead) {
    notes.push(
      info.ahead === 1
        ? vscode.l10n.t('1 commit on {0} is not pushed: the Platform clones {1} as {2} has it.', where, where, info.remoteName)
        : vscode.l10n.t('{0} commits on {1} are not pushed: the Platform clones {2} as {3} has it.', info.ahead, where, where, info.remoteName),
    );
  }
  const configBytes = await readIfThere(vscode.Uri.joinPath(root, STUDIO_CONFIG_PATH));
  if (!configBytes) return { info, repository, revision, notes };
  const config = parseStudioConfig(utf8(configBytes, STUDIO_CONFIG_PATH), STUDIO_CONFIG_PATH);
  notes.push(...config.warnings);
  let conda: CondaChoice | undefined;
  if (config.template.kind === 'dockerfile') {
    const rel = `.seqera/${config.template.dockerfile ?? 'Dockerfile'}`;
    if (!(await readIfThere(vscode.Uri.joinPath(root, rel)))) {
      throw inputError(vscode.l10n.t('{0} names the Dockerfile {1}, which is not in the repository.', STUDIO_CONFIG_PATH, rel));
    }
  } else if (config.condaEnvironmentFile) {
    const rel = `.seqera/${config.condaEnvironmentFile}`;
    const bytes = await readIfThere(vscode.Uri.joinPath(root, rel));
    if (!bytes) throw inputError(vscode.l10n.t('{0} names the conda environment file {1}, which is not in the repository.', STUDIO_CONFIG_PATH, rel));
    conda = condaForStudio(rel, bytes);
  }
  return { info, repository, revision, config, conda, notes };
}
