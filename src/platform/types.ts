import type { LenientList } from '../net/validate';
/**
 * The Seqera Platform DTOs the extension reads, from the OpenAPI spec v1.187.0.
 * Every field the spec does not mark required is optional; enum-like fields
 * are plain strings so a new server value never breaks parsing.
 */

export type Visibility = 'PRIVATE' | 'SHARED' | (string & {});

export interface UserResponseDto {
  id?: number;
  userName?: string;
  email?: string;
  firstName?: string;
  lastName?: string;
  organization?: string;
  avatar?: string;
}

/** GET /user-info */
export interface DescribeUserResponse {
  user?: UserResponseDto;
  needConsent?: boolean;
  defaultWorkspaceId?: number;
}

/** One row of GET /user/{userId}/workspaces: an org (workspaceId absent) or a workspace of an org. */
export interface OrgAndWorkspaceDto {
  orgId?: number;
  orgName?: string;
  orgLogoUrl?: string;
  orgType?: string;
  workspaceId?: number;
  workspaceName?: string;
  workspaceFullName?: string;
  visibility?: Visibility;
  roles?: string[];
}

/** GET /user/{userId}/workspaces */
/** As read: the rows that passed their check, and the ones left out (see lenientArrayOf). */
export interface ListWorkspacesAndOrgResponse {
  orgsAndWorkspaces?: LenientList<OrgAndWorkspaceDto>;
}

export interface OrganizationDbDto {
  orgId?: number;
  name?: string;
  fullName?: string;
  description?: string;
  logoUrl?: string;
  memberRole?: string;
  type?: string;
}

/** GET /orgs */
export interface ListOrganizationsResponse {
  organizations?: OrganizationDbDto[];
  totalSize?: number;
}

export interface WorkspaceDbDto {
  id?: number;
  name?: string;
  fullName?: string;
  description?: string;
  visibility?: Visibility;
}

/** GET /orgs/{orgId}/workspaces */
export interface ListWorkspacesResponse {
  workspaces?: WorkspaceDbDto[];
}

export interface ServiceInfo {
  version?: string;
  apiVersion?: string;
  waveEnabled?: boolean;
  seqeraCloud?: boolean;
  loginPath?: string;
  landingUrl?: string;
  userWorkspaceEnabled?: boolean;
}

/** GET /service-info (no authentication) */
export interface ServiceInfoResponse {
  serviceInfo?: ServiceInfo;
}

/** One page of a `max`/`offset` list, reduced to what the paginator needs. */
export interface Page<T> {
  items: T[];
  totalSize?: number;
  /** How many items the server sent when some were left out as unreadable (paging counts these). */
  received?: number;
}
