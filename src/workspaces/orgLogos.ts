import * as vscode from 'vscode';
import type { HttpClient } from '../net/http';

/**
 * Organization logos, checked before the tree shows them (#17.10). A tree
 * item's remote icon that does not load is drawn as nothing at all, and VS
 * Code says nothing about it; so each logo URL is fetched once (no token: the
 * web UI's logos are public) and used only when it answers 200 with an image.
 * Until then, and for good when it fails (404, a host that cannot be reached,
 * an HTML error page, over 1 MiB), the organization gets the `organization`
 * codicon. Only https URLs (or a loopback emulator) are ever asked.
 */
type LogoState = 'checking' | 'ok' | 'failed';

export class OrgLogos implements vscode.Disposable {
  private readonly states = new Map<string, LogoState>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when a logo's check ended (the tree redraws its organizations). */
  readonly onDidChange = this.changed.event;
  private readonly abort = new AbortController();

  constructor(private readonly http: HttpClient) {}

  /** The logo to show for `url`: its Uri once it is known to load, else the codicon (and the check starts). */
  icon(url: string | undefined): vscode.Uri | vscode.ThemeIcon {
    const fallback = new vscode.ThemeIcon('organization');
    const uri = allowedLogo(url);
    if (!uri || !url) return fallback;
    const state = this.states.get(url);
    if (state === 'ok') return uri;
    if (state === undefined) this.check(url);
    return fallback;
  }

  /** What is known of `url` (for tests). */
  state(url: string): LogoState | undefined {
    return this.states.get(url);
  }

  private check(url: string): void {
    this.states.set(url, 'checking');
    this.http
      .request({ url, signal: this.abort.signal, timeoutMs: 10_000, maxBodyBytes: 1024 * 1024, retry: { maxAttempts: 1 } })
      .then(
        (res) => {
          const type = String(res.headers['content-type'] ?? '');
          return res.status === 200 && /^image\//i.test(type);
        },
        () => false,
      )
      .then((ok) => {
        if (this.abort.signal.aborted) return;
        this.states.set(url, ok ? 'ok' : 'failed');
        this.changed.fire();
      });
  }

  dispose(): void {
    this.abort.abort();
    this.changed.dispose();
  }
}

/** Remote logos are used only over https (or a loopback emulator), never plain http to elsewhere. */
export function allowedLogo(url: string | undefined): vscode.Uri | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    if (u.protocol === 'https:' || (u.protocol === 'http:' && /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/.test(u.hostname))) return vscode.Uri.parse(url);
  } catch {
    // not a URL: the codicon
  }
  return undefined;
}
