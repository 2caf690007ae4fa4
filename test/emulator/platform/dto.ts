import type { EmulatorState } from '../state';
import type { CheckpointRec, ComputeEnvRec, DataLinkRec, StudioRec, UserRec, WorkspaceRec } from '../model';

/** Wire shapes of the Platform API, built from the internal records. */

export function userInfo(u: UserRec | undefined): Record<string, unknown> {
  if (!u) return {};
  return { id: u.id, userName: u.userName, email: u.email, avatar: u.avatar };
}

export function dataLinkDto(d: DataLinkRec): Record<string, unknown> {
  return {
    id: d.id, name: d.name, description: d.description, resourceRef: d.resourceRef, type: 'bucket', provider: d.provider,
    region: d.region, credentials: [{ id: d.credentialsId, name: d.credentialsName, provider: d.provider }],
    publicAccessible: d.publicAccessible, hidden: false, status: 'VALID',
  };
}

export function computeEnvEntry(state: EmulatorState, c: ComputeEnvRec, attributes: string[]): Record<string, unknown> {
  const ws = state.workspaces.get(c.workspaceId);
  return {
    id: c.id, name: c.name, platform: c.platform, region: c.region, status: c.status, message: c.message, primary: c.primary,
    credentialsId: c.credentialsId, workDir: c.workDir, workspaceName: ws?.name, visibility: ws?.visibility ?? 'PRIVATE',
    lastUsed: state.clock.iso(c.lastUsed), description: c.description,
    labels: attributes.includes('labels') ? [] : null, waveEnabled: true, fusion2Enabled: true, schedEnabled: false,
    resources: attributes.includes('resources')
      ? { cpus: c.cpus, memory: c.memory, gpus: c.gpus, gpuEnabled: c.gpus > 0, diskSize: 200, instanceType: c.instanceType, estimatedPrice: 0.384 }
      : null,
  };
}

export function checkpointDto(state: EmulatorState, c: CheckpointRec): Record<string, unknown> {
  return {
    id: c.id, name: c.name, path: c.path, author: userInfo(state.users.get(c.authorId)),
    dateCreated: state.clock.iso(c.dateCreated), dateSaved: state.clock.iso(c.dateSaved), status: c.status,
  };
}

export function studioUrl(state: EmulatorState, s: StudioRec): string {
  return `${state.platformUrl.replace(/\/api$/, '')}/studio/${s.sessionId}/`;
}

/** Web UI link of a Studio, as tw works it out. */
export function connectUrl(state: EmulatorState, s: StudioRec): string {
  const web = state.platformUrl.replace(/\/api$/, '');
  const ws = state.workspaces.get(s.workspaceId)!;
  if (ws.personalOf !== undefined) return `${web}/user/${ws.name}/studios/${s.sessionId}/connect`;
  const org = state.orgs.get(ws.orgId!)!;
  return `${web}/orgs/${org.name}/workspaces/${ws.name}/studios/${s.sessionId}/connect`;
}

export function sshDetails(state: EmulatorState, s: StudioRec): Record<string, unknown> | null {
  if (!s.configuration.sshEnabled) return null;
  const user = state.users.get(s.userId);
  const host = new URL(state.platformUrl).hostname;
  const sshUser = `${user?.userName ?? 'user'}@${s.sessionId}`;
  return { host, port: 2222, user: sshUser, command: `ssh ${sshUser}@${host} -p 2222` };
}

export function studioDto(state: EmulatorState, s: StudioRec, opts: { labels?: boolean; loadingLinks?: boolean } = {}): Record<string, unknown> {
  const ws: WorkspaceRec | undefined = state.workspaces.get(s.workspaceId);
  const ce = state.computeEnvs.get(s.computeEnvId);
  const running = s.status === 'running';
  const cfg = s.configuration;
  const dto: Record<string, unknown> = {
    sessionId: s.sessionId,
    workspaceId: ws?.personalOf === undefined ? s.workspaceId : undefined,
    name: s.name,
    description: s.description,
    user: userInfo(state.users.get(s.userId)),
    isPrivate: s.isPrivate,
    allowedUsers: s.allowedUserIds.map((id) => userInfo(state.users.get(id))),
    studioUrl: studioUrl(state, s),
    template: { ...s.template },
    baseImage: s.template.repository,
    customImage: s.customImage,
    waveBuildUrl: s.waveBuildUrl,
    computeEnv: ce ? { id: ce.id, name: ce.name, platform: ce.platform, region: ce.region, credentialsId: ce.credentialsId, workDir: ce.workDir } : undefined,
    configuration: {
      cpu: cfg.cpu, gpu: cfg.gpu, memory: cfg.memory, lifespanHours: cfg.lifespanHours, condaEnvironment: cfg.condaEnvironment,
      environment: cfg.environment, mountData: cfg.mountData, mountDataV2: cfg.mountData.map((id) => ({ dataLinkId: id, path: null })),
      sshEnabled: cfg.sshEnabled,
    },
    remoteConfig: s.remoteConfig,
    mountedDataLinks: opts.loadingLinks ? [] : cfg.mountData.map((id) => state.dataLinks.get(id)).filter((d) => d !== undefined).map(dataLinkDto),
    labels: opts.labels ? s.labels.map((l) => ({ id: l.id, name: l.name, value: l.value, resource: true, isDefault: false })) : null,
    statusInfo: state.lifecycle.statusInfo(s),
    progress: s.progress.map((p) => ({ ...p })),
    activeConnections: running
      ? s.activeConnections.map((c) => ({ ...userInfo(state.users.get(c.userId)), lastActive: state.clock.iso(c.lastActive) }))
      : [],
    parentCheckpoint: s.parentCheckpoint,
    sshDetails: sshDetails(state, s),
    effectiveLifespanHours: state.lifecycle.effectiveLifespanHours(s),
    dateCreated: state.clock.iso(s.dateCreated),
    lastUpdated: state.clock.iso(s.lastUpdated),
    lastStarted: s.lastStarted !== undefined ? state.clock.iso(s.lastStarted) : undefined,
  };
  return s.dtoOverride ? { ...dto, ...s.dtoOverride } : dto;
}
