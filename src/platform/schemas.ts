import { arrayOf, bool, lenientArrayOf, num, object, optional, str, type Check, type LenientList } from '../net/validate';
import type {
  DescribeUserResponse,
  ListOrganizationsResponse,
  ListWorkspacesAndOrgResponse,
  ListWorkspacesResponse,
  OrgAndWorkspaceDto,
  OrganizationDbDto,
  ServiceInfo,
  ServiceInfoResponse,
  UserResponseDto,
  WorkspaceDbDto,
} from './types';

/** Checks for the DTOs in types.ts; `object<T>` makes the compiler keep each one in step with its interface. */
const ostr = optional(str);
const onum = optional(num);
const obool = optional(bool);

export const userResponseDto: Check<UserResponseDto> = object<UserResponseDto>({
  id: onum,
  userName: ostr,
  email: ostr,
  firstName: ostr,
  lastName: ostr,
  organization: ostr,
  avatar: ostr,
});

export const describeUserResponse: Check<DescribeUserResponse> = object<DescribeUserResponse>({
  user: optional(userResponseDto),
  needConsent: obool,
  defaultWorkspaceId: onum,
});

export const orgAndWorkspaceDto: Check<OrgAndWorkspaceDto> = object<OrgAndWorkspaceDto>({
  orgId: onum,
  orgName: ostr,
  orgLogoUrl: ostr,
  orgType: ostr,
  workspaceId: onum,
  workspaceName: ostr,
  workspaceFullName: ostr,
  visibility: ostr,
  roles: optional(arrayOf(str)),
});

export const listWorkspacesAndOrgResponse: Check<ListWorkspacesAndOrgResponse> = object<ListWorkspacesAndOrgResponse>({
  // One row with a mistyped field is left out (and reported), not the whole list.
  orgsAndWorkspaces: optional(lenientArrayOf(orgAndWorkspaceDto)),
});

export const organizationDbDto: Check<OrganizationDbDto> = object<OrganizationDbDto>({
  orgId: onum,
  name: ostr,
  fullName: ostr,
  description: ostr,
  logoUrl: ostr,
  memberRole: ostr,
  type: ostr,
});

export const listOrganizationsResponse: Check<ListOrganizationsResponse> = object<ListOrganizationsResponse>({
  organizations: optional(arrayOf(organizationDbDto)),
  totalSize: onum,
});

export const workspaceDbDto: Check<WorkspaceDbDto> = object<WorkspaceDbDto>({
  id: onum,
  name: ostr,
  fullName: ostr,
  description: ostr,
  visibility: ostr,
});

export const listWorkspacesResponse: Check<ListWorkspacesResponse> = object<ListWorkspacesResponse>({
  workspaces: optional(arrayOf(workspaceDbDto)),
});

export const serviceInfo: Check<ServiceInfo> = object<ServiceInfo>({
  version: ostr,
  apiVersion: ostr,
  waveEnabled: obool,
  seqeraCloud: obool,
  loginPath: ostr,
  landingUrl: ostr,
  userWorkspaceEnabled: obool,
});

export const serviceInfoResponse: Check<ServiceInfoResponse> = object<ServiceInfoResponse>({
  serviceInfo: optional(serviceInfo),
});

/** UserSshPublicKeyDto: a public key in the user's profile (GET/POST /ssh-keys). */
export interface UserSshPublicKeyDto {
  id: number;
  name?: string;
  publicKey?: string;
  dateCreated?: string;
  lastUsed?: string;
}

export const userSshPublicKeyDto: Check<UserSshPublicKeyDto> = object<UserSshPublicKeyDto>({
  id: num,
  name: ostr,
  publicKey: ostr,
  dateCreated: ostr,
  lastUsed: ostr,
});

/** GET /ssh-keys (ListSshKeysResponse): a key row the extension cannot read is dropped and counted, not fatal. */
export interface ListSshKeysResponse {
  sshKeys?: LenientList<UserSshPublicKeyDto>;
}

export const listSshKeysResponse: Check<ListSshKeysResponse> = object<ListSshKeysResponse>({
  sshKeys: optional(lenientArrayOf(userSshPublicKeyDto)),
});

/** POST /ssh-keys (CreateSshKeyResponse). */
export interface CreateSshKeyResponse {
  sshKey: UserSshPublicKeyDto;
}

export const createSshKeyResponse: Check<CreateSshKeyResponse> = object<CreateSshKeyResponse>({
  sshKey: userSshPublicKeyDto,
});
