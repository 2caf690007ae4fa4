import * as vscode from 'vscode';
import * as l10n from '@vscode/l10n';

/**
 * Hands the bundle VS Code loaded for the display language (`l10n/bundle.l10n.<locale>.json`) to
 * `@vscode/l10n`, which the vscode-free code (tooltips, session messages) localizes with. Both read the same
 * bundle: `npm run l10n` extracts `vscode.l10n.t` and `l10n.t` calls alike. In English there is no bundle and
 * both return the source strings.
 */
export function shareL10nBundle(): void {
  const bundle = vscode.l10n.bundle;
  if (bundle) l10n.config({ contents: bundle });
}
