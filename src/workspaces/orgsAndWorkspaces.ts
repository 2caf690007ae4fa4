import * as l10n from '@vscode/l10n';
import type { OrgAndWorkspaceDto } from '../platform/types';
import type { SignedInUser } from '../accounts';

/**
 * Plain data for organizations and workspaces, and the pure function that
 * turns GET /user/{userId}/workspaces rows into an org → workspaces tree.
 */
export interface WorkspaceRef {
  /** undefined = the user's personal workspace (no workspaceId parameter). */
  workspaceId?: number;
  orgId?: number;
  orgName?: string;
  workspaceName: string;
  /** For display: "acme / Lab" or "Personal workspace". */
  fullName: string;
}

export interface WorkspaceInfo extends WorkspaceRef {
  /** The workspace's own long name from the server. */
  description?: string;
  visibility?: string;
  roles: string[];
}

export interface OrgInfo {
  orgId: number;
  orgName: string;
  logoUrl?: string;
  orgType?: string;
  workspaces: WorkspaceInfo[];
}

export function personalWorkspace(user: SignedInUser): WorkspaceInfo {
  return { workspaceName: user.userName, fullName: l10n.t('Personal workspace'), description: `${user.displayName} (${user.userName})`, roles: ['owner'] };
}

export function isSameWorkspace(a: WorkspaceRef | undefined, b: WorkspaceRef | undefined): boolean {
  if (!a || !b) return a === b;
  return a.workspaceId === b.workspaceId;
}

/** "acme / lab" or "Personal" — what the quick pick and the status bar show. */
export function workspaceLabel(ref: WorkspaceRef): string {
  return ref.workspaceId === undefined ? l10n.t('Personal') : `${ref.orgName ?? '?'} / ${ref.workspaceName}`;
}

const byName = (a: string, b: string): number => a.localeCompare(b, undefined, { sensitivity: 'base' });

/** Groups the rows by org (rows without workspaceId describe the org itself), sorted by name. */
export function buildOrgTree(rows: readonly OrgAndWorkspaceDto[]): OrgInfo[] {
  const orgs = new Map<number, OrgInfo>();
  const orgOf = (row: OrgAndWorkspaceDto): OrgInfo | undefined => {
    if (row.orgId === undefined) return undefined;
    let org = orgs.get(row.orgId);
    if (!org) {
      org = { orgId: row.orgId, orgName: row.orgName ?? String(row.orgId), workspaces: [] };
      orgs.set(row.orgId, org);
    }
    if (row.orgName) org.orgName = row.orgName;
    if (row.orgLogoUrl) org.logoUrl = row.orgLogoUrl;
    if (row.orgType) org.orgType = row.orgType;
    return org;
  };
  for (const row of rows) {
    const org = orgOf(row);
    if (!org || row.workspaceId === undefined) continue;
    if (org.workspaces.some((w) => w.workspaceId === row.workspaceId)) continue;
    const workspaceName = row.workspaceName ?? String(row.workspaceId);
    org.workspaces.push({
      workspaceId: row.workspaceId,
      orgId: org.orgId,
      orgName: org.orgName,
      workspaceName,
      fullName: `${org.orgName} / ${workspaceName}`,
      description: row.workspaceFullName,
      visibility: row.visibility,
      roles: row.roles ?? [],
    });
  }
  const list = [...orgs.values()].sort((a, b) => byName(a.orgName, b.orgName));
  for (const org of list) {
    org.workspaces.sort((a, b) => byName(a.workspaceName, b.workspaceName));
    for (const w of org.workspaces) w.orgName = org.orgName;
  }
  return list;
}
