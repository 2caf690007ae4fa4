import * as vscode from 'vscode';
import { rowIconExpression, type RowIcon } from '../../shared/rowIcon';

export type { RowIcon };

/**
 * What the workbench drew, read from its page through the harness's probe
 * (test/harness/probe.ts): the extension API cannot tell whether VS Code
 * really drew an icon. Only the web harness has the probe; the desktop route
 * (SEQERA_TEST_ELECTRON=1) has no page to read.
 */
const PROBE = process.env.SEQERA_TEST_WORKBENCH_PROBE;

export function canReadWorkbench(): boolean {
  return PROBE !== undefined && vscode.env.uiKind === vscode.UIKind.Web;
}

/** Evaluates `expression` in the workbench page until it is truthy (a Promise is awaited); its JSON value. */
export async function inWorkbench<T>(expression: string, timeoutMs = 20_000): Promise<T> {
  if (!PROBE) throw new Error('no workbench probe: run the suite with npm run test:integration (the web harness)');
  const res = await fetch(PROBE, { method: 'POST', body: JSON.stringify({ expression, timeoutMs }) });
  const body = (await res.json()) as { value?: T; error?: string };
  if (!res.ok) throw new Error(`the workbench probe answered ${res.status}: ${body.error ?? '?'}`);
  return body.value as T;
}

/** The icon VS Code drew on that row now. */
export function rowIcon(label: string): Promise<RowIcon> {
  return inWorkbench<RowIcon>(rowIconExpression(label));
}

/** Waits until that row's icon is of kind `want`; on timeout, fails saying what the row shows instead. */
export async function waitForRowIcon(label: string, want: RowIcon['kind'], timeoutMs = 20_000): Promise<RowIcon> {
  try {
    return await inWorkbench<RowIcon>(rowIconExpression(label, want), timeoutMs);
  } catch (e) {
    throw new Error(`the row ${label} never showed a ${want} icon: it shows ${JSON.stringify(await rowIcon(label))} (${e instanceof Error ? e.message : String(e)})`);
  }
}

/** The messages in VS Code's notification centre (opened to read it, then closed again). */
export async function notificationTexts(): Promise<string[]> {
  await vscode.commands.executeCommand('notifications.showList');
  try {
    return await inWorkbench<string[]>(
      `(() => document.querySelector('.notifications-center.visible') && [...document.querySelectorAll('.notifications-center .notification-list-item-message')].map((m) => m.textContent))()`,
    );
  } finally {
    await vscode.commands.executeCommand('notifications.hideList');
  }
}
