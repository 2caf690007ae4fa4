/**
 * A git remote as the Platform clones it: an https URL. Studios created from a
 * repository (`remoteConfig.repository`) are cloned by the Platform with the
 * workspace's Git credentials over https, so an SSH remote
 * (`git@github.com:org/repo.git`, `ssh://git@host:2222/org/repo.git`) is
 * turned into its https form, and user names, passwords and tokens written
 * into a URL are dropped: they never leave the machine, and a refusal names
 * the remote without them (`shownRemote`), so they never reach a message or
 * the log either. No vscode import.
 */
export type HttpsRemote = { ok: true; url: string } | { ok: false; reason: string };

const SCP_LIKE = /^(?:[^@/\s]+@)?([^:/\s]+):(?!\/\/)(.+)$/;

function clean(path: string): string {
  return path.replace(/^\/+/, '').replace(/\/+$/, '').replace(/\.git$/, '');
}

/** Azure DevOps serves SSH under `ssh.dev.azure.com:v3/org/project/repo` and https under `dev.azure.com/org/project/_git/repo`. */
function azure(host: string, path: string): string | undefined {
  if (host !== 'ssh.dev.azure.com' && host !== 'vs-ssh.visualstudio.com') return undefined;
  const m = /^v3\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(path);
  return m ? `https://dev.azure.com/${m[1]}/${m[2]}/_git/${m[3]}` : undefined;
}

/**
 * A remote as it may be shown: without what stands before the `@` of its authority (`https://user:TOKEN@host/…`
 * → `https://host/…`), also when the URL does not parse. An SSH-style `git@host:path` keeps its user (no secret).
 */
export function shownRemote(remote: string): string {
  return remote.trim().replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, '$1');
}

export function httpsRemote(remote: string): HttpsRemote {
  const text = remote.trim();
  const shown = shownRemote(text);
  if (text === '') return { ok: false, reason: 'the remote has no URL' };
  if (/^(file:|\/|\.{1,2}\/|[A-Za-z]:[\\/])/.test(text)) {
    return { ok: false, reason: `${shown} is a folder on this machine, which the Platform cannot clone` };
  }
  let host: string;
  let path: string;
  let scheme = 'https';
  const scp = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? null : SCP_LIKE.exec(text);
  if (scp) {
    host = scp[1];
    path = clean(scp[2]);
  } else {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return { ok: false, reason: `${shown} is not a URL git can clone` };
    }
    const protocol = url.protocol.replace(/:$/, '').toLowerCase();
    if (!['https', 'http', 'ssh', 'git', 'git+ssh', 'ssh+git'].includes(protocol)) {
      return { ok: false, reason: `${shown} uses ${protocol}://, which the Platform cannot clone` };
    }
    host = url.hostname;
    path = clean(decodeURIComponent(url.pathname));
    // An http:// remote (a server inside the network) stays http, on its own port; SSH ports are not https ports.
    if (protocol === 'http' || protocol === 'https') {
      scheme = protocol;
      if (url.port) host = `${url.hostname}:${url.port}`;
    }
  }
  if (!host || !path) return { ok: false, reason: `${shown} names no repository` };
  const az = azure(host.toLowerCase(), path);
  if (az) return { ok: true, url: az };
  return { ok: true, url: `${scheme}://${host}/${path.split('/').map(encodeURIComponent).join('/')}` };
}
