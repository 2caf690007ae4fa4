import * as vscode from 'vscode';

/** "1 critical, 2 high" (worst first), or "no vulnerabilities": a scan's counts in a build's message and tooltip. */
export function severityText(counts: Record<string, number>): string {
  const order = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'];
  const keys = [...order.filter((k) => counts[k]), ...Object.keys(counts).filter((k) => counts[k] && !order.includes(k))];
  return keys.length ? keys.map((k) => `${counts[k]} ${k.toLowerCase()}`).join(', ') : vscode.l10n.t('no vulnerabilities');
}
