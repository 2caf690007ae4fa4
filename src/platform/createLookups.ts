import { bool, lenientArrayOf, num, object, optional, str, type LenientList } from '../net/validate';
import type { PlatformClient } from './client';

/**
 * What Create Studio looks up beside the Studio endpoints (API v1.187): the
 * workspace's labels (GET/POST /labels), who is in the workspace
 * (GET /orgs/{orgId}/workspaces/{workspaceId}/participants, by memberId) and
 * the user ids behind those members (GET /orgs/{orgId}/members), and the
 * workspace's Studios settings (private by default, container repository).
 * No vscode import.
 */
export interface Label {
  id: number;
  name: string;
  value?: string;
  resource?: boolean;
  isDefault?: boolean;
}

export interface WorkspacePerson {
  userId: number;
  userName: string;
  email?: string;
  role?: string;
}

export interface StudioWorkspaceSettings {
  privateStudioByDefault?: boolean;
  containerRepository?: string;
  lifespanHours?: number;
}

const label = object<Label>({ id: num, name: str, value: optional(str), resource: optional(bool), isDefault: optional(bool) });
const labelPage = object({ labels: lenientArrayOf(label) });
const participant = object({ memberId: optional(num), userName: optional(str), email: optional(str), type: optional(str), wspRole: optional(str) });
const participantPage = object({ participants: lenientArrayOf(participant) });
const member = object({ memberId: num, userId: num, userName: str, email: optional(str) });
const memberPage = object({ members: lenientArrayOf(member) });
const settings = object<StudioWorkspaceSettings>({ privateStudioByDefault: optional(bool), containerRepository: optional(str), lifespanHours: optional(num) });

export class CreateLookups {
  constructor(
    readonly client: PlatformClient,
    readonly workspaceId: number | undefined,
    readonly orgId: number | undefined,
  ) {}

  /** GET /labels?type=resource, every page: the `name=value` labels a Studio takes (the web app's "Resource labels"). */
  listResourceLabels(signal?: AbortSignal): Promise<Label[]> {
    return this.pages('/labels', (b) => labelPage(b, 'GET /labels').labels, { workspaceId: this.workspaceId, query: { type: 'resource' }, signal });
  }

  /** Every page of a list whose items `pick` reads leniently. */
  private pages<T>(path: string, pick: (body: unknown) => LenientList<T>, options: { workspaceId?: number; query?: Record<string, string>; signal?: AbortSignal }): Promise<T[]> {
    return this.client.paginate(path, (body) => {
      const list = pick(body);
      const total = (body as { totalSize?: unknown }).totalSize;
      return { items: list.items, totalSize: typeof total === 'number' ? total : list.received, received: list.received };
    }, options);
  }

  /** POST /labels: creates the resource label `name=value`, or returns the one that exists. */
  createResourceLabel(name: string, value: string, signal?: AbortSignal): Promise<Label> {
    return this.client.sendJson('POST', '/labels', label, { workspaceId: this.workspaceId, body: { name, value, resource: true }, signal });
  }

  /** GET /orgs/{orgId}/workspaces/{workspaceId}/participants joined with GET /orgs/{orgId}/members: the users of the workspace, with their user ids. */
  async listWorkspaceUsers(signal?: AbortSignal): Promise<WorkspacePerson[]> {
    if (this.orgId === undefined || this.workspaceId === undefined) return [];
    const org = encodeURIComponent(String(this.orgId));
    const [participants, members] = await Promise.all([
      this.pages(`/orgs/${org}/workspaces/${encodeURIComponent(String(this.workspaceId))}/participants`, (b) => participantPage(b, 'GET participants').participants, { signal }),
      this.pages(`/orgs/${org}/members`, (b) => memberPage(b, 'GET members').members, { signal }),
    ]);
    const byMember = new Map(members.map((m) => [m.memberId, m]));
    const out: WorkspacePerson[] = [];
    for (const p of participants) {
      if (p.type !== undefined && p.type !== 'MEMBER') continue;
      const m = p.memberId !== undefined ? byMember.get(p.memberId) : undefined;
      if (m && !out.some((o) => o.userId === m.userId)) out.push({ userId: m.userId, userName: m.userName, email: m.email ?? p.email, role: p.wspRole });
    }
    return out;
  }

  /** GET /orgs/{orgId}/workspaces/{workspaceId}/settings/studios; the personal workspace has none. */
  async studioSettings(signal?: AbortSignal): Promise<StudioWorkspaceSettings | undefined> {
    if (this.orgId === undefined || this.workspaceId === undefined) return undefined;
    return this.client.get(`/orgs/${encodeURIComponent(String(this.orgId))}/workspaces/${encodeURIComponent(String(this.workspaceId))}/settings/studios`, settings, { signal });
  }
}
