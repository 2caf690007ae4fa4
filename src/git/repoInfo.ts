import { execFile } from 'node:child_process';

/**
 * What Create Studio needs to know about the git repository a folder is in:
 * where it is, its remote and the branch (or commit) checked out, and whether
 * that branch is pushed. Read from the vscode.git extension when it has the
 * repository open (src/studios/repoSource.ts), else with the `git` command
 * here. No vscode import.
 */
export interface RepoInfo {
  /** The repository's top folder (a file system path). */
  root: string;
  /** The remote the branch tracks, else `origin`, else the only remote. */
  remoteName: string;
  remoteUrl: string;
  /** The branch checked out; undefined on a detached HEAD. */
  branch?: string;
  /** The commit checked out. */
  commit?: string;
  /** `origin/main` when the branch tracks one; undefined when it was never pushed. */
  upstream?: string;
  /** Commits on the branch that its upstream does not have (not yet pushed). */
  ahead?: number;
}

export interface RemoteEntry {
  name: string;
  url?: string;
}

/** Which remote a branch is pushed to: its upstream's, else `origin`, else the only one. */
export function chooseRemote(remotes: readonly RemoteEntry[], upstreamRemote: string | undefined): RemoteEntry | undefined {
  const withUrl = remotes.filter((r) => r.url);
  return (
    withUrl.find((r) => r.name === upstreamRemote) ??
    withUrl.find((r) => r.name === 'origin') ??
    (withUrl.length === 1 ? withUrl[0] : undefined)
  );
}

export type RunGit = (args: string[], cwd: string) => Promise<string | undefined>;

/** Runs `git` (2 s at most); undefined when git fails or is missing. */
export const runGit: RunGit = (args, cwd) =>
  new Promise((resolve) => {
    execFile('git', args, { cwd, timeout: 2_000, windowsHide: true, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } }, (error, stdout) => {
      resolve(error ? undefined : stdout.trim());
    });
  });

/**
 * The repository `folder` is in, read with the git command line, or undefined
 * when the folder is in no repository or the repository has no remote.
 */
export async function readRepoWithGit(folder: string, git: RunGit = runGit): Promise<RepoInfo | undefined> {
  const root = await git(['rev-parse', '--show-toplevel'], folder);
  if (!root) return undefined;
  const [branch, commit, upstream, remoteList] = await Promise.all([
    git(['symbolic-ref', '--quiet', '--short', 'HEAD'], root),
    git(['rev-parse', '--verify', '--quiet', 'HEAD'], root),
    git(['rev-parse', '--abbrev-ref', '--symbolic-full-name', '@{upstream}'], root),
    git(['remote'], root),
  ]);
  const names = (remoteList ?? '').split('\n').map((s) => s.trim()).filter(Boolean);
  const remotes = await Promise.all(names.map(async (name) => ({ name, url: await git(['remote', 'get-url', name], root) })));
  const upstreamRemote = upstream ? names.find((n) => upstream.startsWith(`${n}/`)) : undefined;
  const remote = chooseRemote(remotes, upstreamRemote);
  if (!remote?.url) return undefined;
  const aheadText = upstream ? await git(['rev-list', '--count', '@{upstream}..HEAD'], root) : undefined;
  const ahead = aheadText !== undefined && /^\d+$/.test(aheadText) ? Number(aheadText) : undefined;
  return { root, remoteName: remote.name, remoteUrl: remote.url, branch: branch || undefined, commit: commit || undefined, upstream: upstream || undefined, ahead };
}
