/**
 * Reading a tree row's icon in the workbench page, for the integration tests
 * (through the harness's probe) and `npm run screenshots` (through playwright).
 */
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

/**
 * The expression that evaluates to the row's icon; with `want`, to it only when it is of that kind (else
 * false, so a waiting caller tries again).
 */
export function rowIconExpression(label: string, want?: RowIcon['kind']): string {
  return `(${ROW_ICON})(${JSON.stringify({ label, want })})`;
}
