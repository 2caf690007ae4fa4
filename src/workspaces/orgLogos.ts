import * as vscode from 'vscode';
import type { HttpClient } from '../net/http';
import { logoDataUri, MAX_LOGO_BYTES } from './logoImage';

/**
 * Organization logos, checked before the tree shows them (#17.10). A tree
 * item's remote icon that does not load is drawn as nothing at all, and VS
 * Code says nothing about it; and the workbench's page refuses plain http
 * images outright (its `img-src` policy), which is what left the demo's logos
 * blank. So each logo URL is fetched once, here in the extension host (no
 * token: the web UI's logos are public), and the tree gets a `data:` URI of
 * those bytes when they are a real image (`logoImage.ts`: PNG, JPEG, GIF,
 * WebP or a clean SVG, at most 64 KiB). Until then, and for good when it fails
 * (404, a host that cannot be reached, an HTML page, not an image, too big),
 * the organization gets the `organization` codicon. Only https URLs (or a
 * loopback emulator) are ever asked.
 */
type LogoState = 'checking' | 'failed' | vscode.Uri;

export class OrgLogos implements vscode.Disposable {
  private readonly states = new Map<string, LogoState>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when a logo's check ended (the tree redraws its organizations). */
  readonly onDidChange = this.changed.event;
  private readonly abort = new AbortController();

  constructor(private readonly http: HttpClient) {}

  /** The logo to show for `url`: its image once it is known to be one, else the codicon (and the check starts). */
  icon(url: string | undefined): vscode.Uri | vscode.ThemeIcon {
    const state = url && allowedLogo(url) ? this.states.get(url) : 'failed';
    if (state instanceof vscode.Uri) return state;
    if (state === undefined && url) this.check(url);
    return new vscode.ThemeIcon('organization');
  }

  /** What is known of `url` (for tests): 'ok' once its image is ready. */
  state(url: string): 'checking' | 'ok' | 'failed' | undefined {
    const state = this.states.get(url);
    return state instanceof vscode.Uri ? 'ok' : state;
  }

  private check(url: string): void {
    this.states.set(url, 'checking');
    this.http
      .request({ url, headers: { accept: 'image/*' }, signal: this.abort.signal, timeoutMs: 10_000, maxBodyBytes: MAX_LOGO_BYTES, binary: true, retry: { maxAttempts: 1 } })
      .then(
        (res) => (res.status === 200 && res.bytes ? logoDataUri(res.bytes) : undefined),
        () => undefined,
      )
      .then((data) => {
        if (this.abort.signal.aborted) return;
        this.states.set(url, data ? vscode.Uri.parse(data) : 'failed');
        this.changed.fire();
      });
  }

  dispose(): void {
    this.abort.abort();
    this.changed.dispose();
  }
}

/** Remote logos are fetched only over https (or from a loopback emulator), never plain http to elsewhere. */
export function allowedLogo(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || (u.protocol === 'http:' && /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/.test(u.hostname));
  } catch {
    return false; // not a URL: the codicon
  }
}
