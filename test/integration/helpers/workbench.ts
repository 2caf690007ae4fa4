import * as vscode from 'vscode';

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

/** How a row of a sidebar tree shows its icon. */
export type RowIcon =
  | { kind: 'codicon'; name: string }
  | { kind: 'image'; scheme: string; width: number }
  | { kind: 'broken'; url: string }
  | { kind: 'blank' }
  | { kind: 'noRow' };

/**
 * In the page: the icon of the sidebar row labelled `label`. An image counts only once the browser
 * decoded it under the page's own policy (a blocked or broken one is 'broken').
 */
const ROW_ICON = `async ({ label, want }) => {
  const row = [...document.querySelectorAll('.part.sidebar .monaco-list-row')].find((r) => r.querySelector('.label-name')?.textContent === label);
  const icon = row?.querySelector('.custom-view-tree-node-item-icon');
  let found;
  if (!icon) found = { kind: 'noRow' };
  else if ([...icon.classList].some((c) => c.startsWith('codicon-'))) found = { kind: 'codicon', name: [...icon.classList].find((c) => c.startsWith('codicon-')).slice(8) };
  else {
    const url = /^url\\("?(.*?)"?\\)$/.exec(getComputedStyle(icon).backgroundImage)?.[1];
    if (!url) found = { kind: 'blank' };
    else {
      const img = new Image();
      img.src = url;
      try {
        await img.decode();
        found = img.naturalWidth > 0 ? { kind: 'image', scheme: url.split(':')[0], width: img.naturalWidth } : { kind: 'broken', url: url.slice(0, 80) };
      } catch {
        found = { kind: 'broken', url: url.slice(0, 80) };
      }
    }
  }
  return want === undefined || found.kind === want ? found : false;
}`;

/** The icon VS Code drew on that row now. */
export function rowIcon(label: string): Promise<RowIcon> {
  return inWorkbench<RowIcon>(`(${ROW_ICON})(${JSON.stringify({ label })})`);
}

/** Waits until that row's icon is of kind `want`; on timeout, fails saying what the row shows instead. */
export async function waitForRowIcon(label: string, want: RowIcon['kind'], timeoutMs = 20_000): Promise<RowIcon> {
  try {
    return await inWorkbench<RowIcon>(`(${ROW_ICON})(${JSON.stringify({ label, want })})`, timeoutMs);
  } catch (e) {
    throw new Error(`the row ${label} never showed a ${want} icon: it shows ${JSON.stringify(await rowIcon(label))} (${e instanceof Error ? e.message : String(e)})`);
  }
}
