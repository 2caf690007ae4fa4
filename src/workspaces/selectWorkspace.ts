import * as vscode from 'vscode';
import { inputError } from '../net/errors';
import { isSameWorkspace, workspaceLabel, type WorkspaceInfo, type WorkspaceRef } from './orgsAndWorkspaces';
import type { WorkspaceStore } from './workspaceStore';
import type { Services } from '../services';

/**
 * Seqera: Select Workspace. From the tree (a workspace node), from automation
 * (a workspaceId number, or 'personal'), or from a quick pick with fuzzy
 * search over "Org / Workspace". The choice becomes the active workspace.
 */
export async function selectWorkspace(services: Pick<Services, 'session' | 'workspaces'>, arg?: unknown): Promise<WorkspaceRef | undefined> {
  const { session, workspaces } = services;
  session.requireClient();
  const fromArg = refFromArg(arg);
  if (fromArg !== undefined) {
    const chosen = await resolve(workspaces, fromArg);
    await workspaces.setActive(chosen);
    return chosen;
  }
  const picked = await pickWorkspace(workspaces);
  if (picked) await workspaces.setActive(picked);
  return picked;
}

type ArgRef = { workspaceId: number | undefined; full?: WorkspaceRef };

function refFromArg(arg: unknown): ArgRef | undefined {
  if (arg === 'personal') return { workspaceId: undefined };
  if (typeof arg === 'number') return { workspaceId: arg };
  if (arg && typeof arg === 'object') {
    // A tree node ({ kind: 'workspace', workspace }) or a WorkspaceRef.
    const o = arg as { workspace?: unknown; workspaceId?: unknown; workspaceName?: unknown };
    const ref = (o.workspace && typeof o.workspace === 'object' ? o.workspace : o) as Partial<WorkspaceRef>;
    if (typeof ref.workspaceName === 'string' && (ref.workspaceId === undefined || typeof ref.workspaceId === 'number')) {
      return { workspaceId: ref.workspaceId, full: ref as WorkspaceRef };
    }
  }
  return undefined;
}

async function resolve(workspaces: WorkspaceStore, ref: ArgRef): Promise<WorkspaceRef> {
  const known = workspaces.all().find((w) => w.workspaceId === ref.workspaceId);
  if (known) return known;
  if (ref.full) return ref.full; // a node of the tree: the list it came from is current
  await workspaces.load(workspaces.list.kind === 'error');
  const loaded = workspaces.all().find((w) => w.workspaceId === ref.workspaceId);
  if (loaded) return loaded;
  if (workspaces.list.kind === 'error') throw workspaces.list.error;
  throw inputError(vscode.l10n.t('Workspace {0} is not one of your workspaces.', String(ref.workspaceId)));
}

interface WorkspaceItem extends vscode.QuickPickItem {
  workspace: WorkspaceInfo;
}

function toItem(w: WorkspaceInfo, active: WorkspaceRef | undefined): WorkspaceItem {
  const isActive = isSameWorkspace(w, active);
  const description = [w.workspaceId === undefined ? w.description : w.description !== w.workspaceName ? w.description : undefined, w.visibility?.toLowerCase()]
    .filter(Boolean)
    .join(' · ');
  return {
    label: workspaceLabel(w),
    description: isActive ? `${description}${description ? ' · ' : ''}${vscode.l10n.t('active')}` : description,
    detail: w.roles.length > 0 ? vscode.l10n.t('Roles: {0}', w.roles.join(', ')) : undefined,
    iconPath: new vscode.ThemeIcon(isActive ? 'check' : w.workspaceId === undefined ? 'account' : 'folder'),
    workspace: w,
  };
}

async function pickWorkspace(workspaces: WorkspaceStore): Promise<WorkspaceInfo | undefined> {
  const pick = vscode.window.createQuickPick<WorkspaceItem>();
  pick.title = vscode.l10n.t('Select a Seqera workspace');
  pick.placeholder = vscode.l10n.t('Type to search Organization / Workspace');
  pick.matchOnDescription = true;
  const fill = (): void => {
    const items = workspaces.all().map((w) => toItem(w, workspaces.active));
    pick.items = items;
    const active = items.find((i) => isSameWorkspace(i.workspace, workspaces.active));
    if (active) pick.activeItems = [active];
  };
  fill();
  pick.busy = workspaces.list.kind !== 'loaded';
  try {
    return await new Promise<WorkspaceInfo | undefined>((resolvePick, reject) => {
      pick.onDidAccept(() => resolvePick(pick.selectedItems[0]?.workspace ?? pick.activeItems[0]?.workspace));
      pick.onDidHide(() => resolvePick(undefined));
      pick.show();
      workspaces.load(workspaces.list.kind === 'error').then(() => {
        pick.busy = false;
        if (workspaces.list.kind === 'error') {
          reject(workspaces.list.error);
          return;
        }
        fill();
      }, reject);
    });
  } finally {
    pick.dispose();
  }
}
