import { createHash } from 'node:crypto';
import type { EmulatorClock } from './clock';
import type { Rng } from './rng';
import type {
  CheckpointRec, ComputeEnvRec, CredentialRec, DataLinkRec, LabelRec, LaunchRec, OrgRec, OrgRole, StudioConfiguration,
  StudioRec, StudioScenario, StudioStatus, SshKeyRec, TemplateRec, TokenRec, UserRec, WorkspaceRec, WorkspaceRole,
} from './model';
import { Lifecycle } from './platform/lifecycle';
import { WaveStore } from './wave/store';
import type { WaveLimits } from './types';

export * from './model';

export interface AddStudioInput {
  workspaceId: number;
  name: string;
  description?: string;
  userId?: number;
  /** Template repository (one of state.templates) or a custom image. */
  image?: string;
  computeEnvId?: string;
  configuration?: Partial<StudioConfiguration>;
  isPrivate?: boolean;
  /** Initial status; transitional ones (starting, stopping, building) carry on with the clock. */
  status?: StudioStatus;
  statusMessage?: string;
  stopReason?: StudioRec['stopReason'];
  scenario?: StudioScenario;
  /** How long ago (ms) it was created; default 3 days. */
  ageMs?: number;
  activeConnectionUserIds?: number[];
}

/**
 * Everything the emulator knows: users, tokens, orgs, workspaces, Studios,
 * Wave builds. Tests read it and use the helpers to set up cases.
 */
export class EmulatorState {
  readonly users = new Map<number, UserRec>();
  readonly tokens = new Map<string, TokenRec>();
  /** SSH public keys of users' profiles, by user id. */
  readonly sshKeys = new Map<number, SshKeyRec[]>();
  readonly orgs = new Map<number, OrgRec>();
  readonly workspaces = new Map<number, WorkspaceRec>();
  readonly computeEnvs = new Map<string, ComputeEnvRec>();
  readonly credentials = new Map<string, CredentialRec>();
  readonly dataLinks = new Map<string, DataLinkRec>();
  readonly studios = new Map<string, StudioRec>();
  readonly launches = new Map<string, LaunchRec>();
  readonly labels = new Map<number, LabelRec>();
  readonly templates: TemplateRec[] = [];
  readonly lifecycle: Lifecycle;
  readonly wave: WaveStore;
  /** The seeded main user and its token (what `emulator.token` is). */
  mainUserId = 0;
  mainToken = '';
  /** Fields merged over the Platform's GET /service-info answer (e.g. `{ waveEnabled: false }`). */
  serviceInfoOverrides: Record<string, unknown> = {};
  /** Origins filled in once the servers listen. */
  platformUrl = '';
  waveUrl = '';
  /** The web UI origin (platformUrl without /api): logos, avatars, Studio pages. */
  get webUrl(): string {
    return this.platformUrl.replace(/\/api$/, '');
  }

  private nextIds = { user: 1000, token: 1, org: 0, workspace: 0, checkpoint: 5000, label: 100, sshKey: 700 };

  constructor(
    readonly clock: EmulatorClock,
    readonly rng: Rng,
    waveLimits: WaveLimits = {},
  ) {
    this.lifecycle = new Lifecycle(this);
    this.wave = new WaveStore(this, waveLimits);
  }

  // ---- lookups -------------------------------------------------------------

  get mainUser(): UserRec {
    return this.users.get(this.mainUserId)!;
  }

  userByToken(token: string | undefined): UserRec | undefined {
    if (!token) return undefined;
    const rec = this.tokens.get(token);
    return rec ? this.users.get(rec.userId) : undefined;
  }

  personalWorkspace(userId: number): WorkspaceRec {
    for (const ws of this.workspaces.values()) if (ws.personalOf === userId) return ws;
    throw new Error(`user ${userId} has no personal workspace`);
  }

  /** A workspace by org and workspace name, e.g. `workspace('genomics-core', 'rnaseq')`. */
  workspace(orgName: string, workspaceName: string): WorkspaceRec {
    const org = [...this.orgs.values()].find((o) => o.name === orgName);
    const ws = org && [...this.workspaces.values()].find((w) => w.orgId === org.orgId && w.name === workspaceName);
    if (!ws) throw new Error(`no workspace ${orgName}/${workspaceName}`);
    return ws;
  }

  org(name: string): OrgRec {
    const org = [...this.orgs.values()].find((o) => o.name === name);
    if (!org) throw new Error(`no org ${name}`);
    return org;
  }

  studio(sessionId: string): StudioRec {
    const s = this.studios.get(sessionId);
    if (!s) throw new Error(`no studio ${sessionId}`);
    return s;
  }

  studioByName(name: string, workspaceId?: number): StudioRec {
    const s = [...this.studios.values()].find((x) => x.name === name && (workspaceId === undefined || x.workspaceId === workspaceId));
    if (!s) throw new Error(`no studio named ${name}`);
    return s;
  }

  studiosIn(workspaceId: number): StudioRec[] {
    return [...this.studios.values()].filter((s) => s.workspaceId === workspaceId);
  }

  /** Bumped by addStudio; with the map's size (a delete changes it) it keys the cached list order below. */
  private studioAdds = 0;
  private listOrder: { key: string; byWorkspace: Map<number, StudioRec[]> } | undefined;

  /**
   * A workspace's Studios in the list's order (newest first, then by id), kept between requests until a
   * Studio is added or removed (creation date, id and workspace never change). Sorting 50,000 Studios for
   * every page made the emulator, not the client, the bottleneck of the scale benchmark. Do not mutate.
   */
  studiosNewestFirst(workspaceId: number): readonly StudioRec[] {
    const key = `${this.studioAdds}:${this.studios.size}`;
    if (this.listOrder?.key !== key) this.listOrder = { key, byWorkspace: new Map() };
    let list = this.listOrder.byWorkspace.get(workspaceId);
    if (!list) {
      list = this.studiosIn(workspaceId).sort((a, b) => b.dateCreated - a.dateCreated || a.sessionId.localeCompare(b.sessionId));
      this.listOrder.byWorkspace.set(workspaceId, list);
    }
    return list;
  }

  computeEnvsIn(workspaceId: number): ComputeEnvRec[] {
    return [...this.computeEnvs.values()].filter((c) => c.workspaceId === workspaceId);
  }

  labelsIn(workspaceId: number): LabelRec[] {
    return [...this.labels.values()].filter((l) => l.workspaceId === workspaceId);
  }

  /** An org member's id (GET /orgs/{id}/members `memberId`, which workspace participants name too). */
  memberId(orgId: number, userId: number): number {
    return orgId * 100_000 + userId;
  }

  /** A label of a workspace; the same name and value give the same label, as POST /labels does. */
  addLabel(workspaceId: number, input: { name: string; value?: string; resource?: boolean; isDefault?: boolean }): LabelRec {
    const resource = input.resource ?? input.value !== undefined;
    const found = this.labelsIn(workspaceId).find((l) => l.name === input.name && l.resource === resource && (l.value ?? '') === (input.value ?? ''));
    if (found) return found;
    const label: LabelRec = {
      id: this.newLabelId(), workspaceId, name: input.name, value: resource ? input.value : undefined, resource,
      isDefault: input.isDefault ?? false, dateCreated: this.clock.now(),
    };
    this.labels.set(label.id, label);
    return label;
  }

  dataLinksIn(workspaceId: number): DataLinkRec[] {
    return [...this.dataLinks.values()].filter((d) => d.workspaceId === workspaceId);
  }

  role(userId: number, ws: WorkspaceRec): WorkspaceRole | undefined {
    if (ws.personalOf !== undefined) return ws.personalOf === userId ? 'owner' : undefined;
    const direct = ws.participants.get(userId);
    if (direct) return direct;
    const orgRole = ws.orgId !== undefined ? this.orgs.get(ws.orgId)?.members.get(userId) : undefined;
    return orgRole === 'owner' ? 'owner' : undefined;
  }

  // ---- helpers to set up cases ----------------------------------------------

  addUser(input: { userName: string; email?: string; firstName?: string; lastName?: string; organization?: string }): UserRec {
    const id = this.nextIds.user++;
    const [first, last] = input.userName.split(/[._-]/);
    const user: UserRec = {
      id,
      userName: input.userName,
      email: input.email ?? `${input.userName}@example.org`,
      firstName: input.firstName ?? cap(first ?? input.userName),
      lastName: input.lastName ?? cap(last ?? ''),
      organization: input.organization,
      avatar: `${this.webUrl}/avatars/user-${id}.svg`,
      dateCreated: this.clock.now() - 400 * DAY,
    };
    this.users.set(id, user);
    this.workspaces.set(-id, {
      id: -id, personalOf: id, name: input.userName, fullName: `${user.firstName} ${user.lastName}`.trim(), description: 'Personal workspace',
      visibility: 'PRIVATE', participants: new Map(), lifespanHours: 8, dateCreated: user.dateCreated,
    });
    return user;
  }

  /** A new personal access token for the user, in the format Platform uses (base64 of {"tid","secret"}). */
  addToken(userId: number, name = `token-${this.nextIds.token}`): string {
    const id = this.nextIds.token++;
    const secret = this.rng.hex(40);
    const token = Buffer.from(JSON.stringify({ tid: id, secret })).toString('base64');
    this.tokens.set(token, { id, name, token, userId, dateCreated: this.clock.now() - 30 * DAY + id * HOUR });
    return token;
  }

  /** Registers an SSH public key in the user's profile (what GET /ssh-keys lists). */
  addSshKey(userId: number, name: string, publicKey: string, dateCreated = this.clock.now() - 10 * DAY): SshKeyRec {
    const list = this.sshKeys.get(userId) ?? [];
    const key: SshKeyRec = { id: this.nextIds.sshKey++, name, publicKey, userId, dateCreated };
    this.sshKeys.set(userId, [...list, key]);
    return key;
  }

  revokeToken(token: string): void {
    this.tokens.delete(token);
  }

  addOrg(input: { name: string; fullName?: string; type?: OrgRec['type']; description?: string; location?: string; website?: string; logo?: boolean | 'svg' | 'png' }, members: [number, OrgRole][] = []): OrgRec {
    const orgId = 100_000_000_000 + 7_919 * ++this.nextIds.org * 1_000_003;
    const org: OrgRec = {
      orgId, name: input.name, fullName: input.fullName ?? input.name, description: input.description ?? '',
      location: input.location ?? '', website: input.website ?? '', type: input.type ?? 'pro', members: new Map(members),
      logoUrl: input.logo ? `${this.webUrl}/avatars/org-${orgId}.${input.logo === 'png' ? 'png' : 'svg'}` : undefined,
    };
    this.orgs.set(orgId, org);
    return org;
  }

  addWorkspace(
    orgId: number,
    input: { name: string; fullName?: string; description?: string; visibility?: 'PRIVATE' | 'SHARED'; lifespanHours?: number },
    participants: [number, WorkspaceRole][] = [],
  ): WorkspaceRec {
    const id = 200_000_000_000_000 + 104_729 * ++this.nextIds.workspace * 1_000_033;
    const ws: WorkspaceRec = {
      id, orgId, name: input.name, fullName: input.fullName ?? input.name, description: input.description ?? '',
      visibility: input.visibility ?? 'PRIVATE', participants: new Map(participants), lifespanHours: input.lifespanHours ?? 8,
      dateCreated: this.clock.now() - 200 * DAY,
    };
    this.workspaces.set(id, ws);
    return ws;
  }

  addMember(workspaceId: number, userId: number, role: WorkspaceRole = 'maintain'): void {
    const ws = this.workspaces.get(workspaceId);
    if (!ws) throw new Error(`no workspace ${workspaceId}`);
    ws.participants.set(userId, role);
    if (ws.orgId !== undefined) {
      const org = this.orgs.get(ws.orgId)!;
      if (!org.members.has(userId)) org.members.set(userId, 'member');
    }
  }

  addComputeEnv(workspaceId: number, input: Partial<ComputeEnvRec> & { name: string }): ComputeEnvRec {
    const ce: ComputeEnvRec = {
      id: this.rng.alnum(22), workspaceId, platform: 'aws-batch', region: 'eu-west-1', status: 'AVAILABLE',
      credentialsId: this.rng.alnum(22), workDir: `s3://${input.name}-work/scratch`, primary: false, description: null,
      cpus: 256, memory: 1_048_576, gpus: 0, instanceType: 'm6i.2xlarge', lastUsed: this.clock.now() - 2 * DAY, ...input,
    };
    this.computeEnvs.set(ce.id, ce);
    return ce;
  }

  addDataLink(workspaceId: number, input: Partial<DataLinkRec> & { name: string }): DataLinkRec {
    const id = `v1-cloud-${createHash('sha1').update(`${workspaceId}/${input.name}`).digest('hex').slice(0, 24)}`;
    const dl: DataLinkRec = {
      id, workspaceId, description: '', resourceRef: `s3://${input.name}`, provider: 'aws', region: 'eu-west-1',
      credentialsId: 'x', credentialsName: 'aws-readonly', publicAccessible: false, ...input,
    };
    this.dataLinks.set(dl.id, dl);
    return dl;
  }

  /** Adds a Studio in any status; checkpoints, connections and timers follow the status. */
  addStudio(input: AddStudioInput): StudioRec {
    const ws = this.workspaces.get(input.workspaceId);
    if (!ws) throw new Error(`no workspace ${input.workspaceId}`);
    const ce = input.computeEnvId ? this.computeEnvs.get(input.computeEnvId) : this.computeEnvsIn(ws.id).find((c) => c.status === 'AVAILABLE');
    if (!ce) throw new Error(`workspace ${ws.fullName} has no compute environment`);
    const image = input.image ?? this.templates[0].repository;
    const template = this.templates.find((t) => t.repository === image);
    const now = this.clock.now();
    const created = now - (input.ageMs ?? 3 * DAY);
    const studio: StudioRec = {
      sessionId: this.newSessionId(),
      workspaceId: ws.id,
      name: input.name,
      description: input.description ?? '',
      userId: input.userId ?? this.mainUserId,
      template: template ?? { repository: image, icon: 'custom', tool: 'custom', status: 'recommended' },
      customImage: !template,
      computeEnvId: ce.id,
      configuration: { cpu: 2, gpu: 0, memory: 8192, environment: null, mountData: [], sshEnabled: null, ...input.configuration },
      isPrivate: input.isPrivate ?? false,
      allowedUserIds: [],
      labels: [],
      status: 'stopped',
      statusMessage: input.statusMessage ?? '',
      stopReason: input.stopReason,
      statusTime: now - HOUR,
      progress: [],
      dateCreated: created,
      lastUpdated: now - HOUR,
      extendedHours: 0,
      activeConnections: [],
      checkpoints: [],
      dataLinksReadyAt: 0,
      scenario: input.scenario ?? 'normal',
      timers: [],
    };
    this.studios.set(studio.sessionId, studio);
    this.studioAdds++;
    this.lifecycle.place(studio, input.status ?? 'stopped', input.activeConnectionUserIds ?? []);
    return studio;
  }

  addCheckpoint(sessionId: string, input: { name?: string; authorId?: number; ageMs?: number; status?: CheckpointRec['status'] } = {}): CheckpointRec {
    const studio = this.studio(sessionId);
    const id = this.nextIds.checkpoint++;
    const created = this.clock.now() - (input.ageMs ?? DAY);
    const ce = this.computeEnvs.get(studio.computeEnvId);
    const cp: CheckpointRec = {
      id, sessionId, name: input.name ?? `${studio.name}_${studio.checkpoints.length + 1}`,
      path: `${ce?.workDir ?? 's3://work'}/.studios/checkpoints/${sessionId}/${id}`,
      authorId: input.authorId ?? studio.userId, dateCreated: created, dateSaved: created + 2 * HOUR, status: input.status ?? 'finalized',
    };
    studio.checkpoints.push(cp);
    return cp;
  }

  setStudioScenario(sessionId: string, scenario: StudioScenario): void {
    this.studio(sessionId).scenario = scenario;
  }

  /** Adds a user to the running Studio's active connections. */
  connect(sessionId: string, userId: number): void {
    const s = this.studio(sessionId);
    s.activeConnections = s.activeConnections.filter((c) => c.userId !== userId);
    s.activeConnections.push({ userId, lastActive: this.clock.now() });
  }

  /** GET /data-links of that workspace answers 202 (cache filling) for the next `ms` emulated ms. */
  setDataLinksLoading(workspaceId: number, ms: number): void {
    const ws = this.workspaces.get(workspaceId);
    if (!ws) throw new Error(`no workspace ${workspaceId}`);
    ws.dataLinksLoadingUntil = this.clock.now() + ms;
  }

  setWaveLimits(limits: WaveLimits): void {
    this.wave.setLimits(limits);
  }

  newLabelId(): number {
    return this.nextIds.label++;
  }

  newCheckpointId(): number {
    return this.nextIds.checkpoint++;
  }

  private newSessionId(): string {
    for (;;) {
      const id = this.rng.hex(8);
      if (!this.studios.has(id)) return id;
    }
  }
}

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

function cap(s: string): string {
  return s ? s[0].toUpperCase() + s.slice(1) : s;
}
