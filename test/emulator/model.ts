/** Internal records of the emulated Platform (not the wire DTOs: see platform/dto.ts). */

export type OrgType = 'academic' | 'evaluating' | 'pro' | 'basic' | 'internal';
export type OrgRole = 'owner' | 'member' | 'collaborator';
export type WorkspaceRole = 'owner' | 'admin' | 'maintain' | 'launch' | 'connect' | 'view';
export type StudioStatus = 'starting' | 'running' | 'stopping' | 'stopped' | 'errored' | 'building' | 'buildFailed';
export type StopReason = 'CREDITS_RUN_OUT' | 'LIFESPAN_EXPIRED' | 'SPOT_RECLAMATION' | 'NO_STATS_AVAIL';
export type CheckpointStatus = 'empty' | 'interim' | 'finalized' | 'invalid';

/**
 * Scenarios a Studio can be put in (state.setStudioScenario):
 * - normal: starts and stops like a healthy Studio;
 * - errorOnStart: the next start fails while provisioning → `errored`;
 * - buildFailed: the next start's Wave image build fails → `buildFailed`;
 * - errorWhileRunning: once running, it crashes after 2 emulated minutes → `errored`;
 * - spotReclaim: once running, the spot instance is reclaimed after 2 minutes → `stopped` with SPOT_RECLAMATION;
 * - stuckStarting: a start gets through its first step, then the next one stays `in-progress` for ever (no
 *   capacity, a hung mount): the Studio stays `starting` until it is stopped, which works (the scenario then ends);
 * - stuckStopping: a stop never completes: the Studio stays `stopping`; another PUT /stop answers jobSubmitted false.
 */
export type StudioScenario = 'normal' | 'errorOnStart' | 'buildFailed' | 'errorWhileRunning' | 'spotReclaim' | 'stuckStarting' | 'stuckStopping';

export interface UserRec {
  id: number;
  userName: string;
  email: string;
  firstName: string;
  lastName: string;
  organization?: string;
  avatar: string;
  dateCreated: number;
}

/** A public key registered in a user's profile (GET /ssh-keys); the Studios SSH proxy lets these in. */
export interface SshKeyRec {
  id: number;
  name: string;
  publicKey: string;
  userId: number;
  dateCreated: number;
  /** When the Studios SSH proxy last let this key in (UserSshPublicKeyDto.lastUsed). */
  lastUsed?: number;
}

export interface TokenRec {
  id: number;
  name: string;
  token: string;
  userId: number;
  dateCreated: number;
  lastUsed?: number;
}

export interface OrgRec {
  orgId: number;
  name: string;
  fullName: string;
  description: string;
  location: string;
  website: string;
  type: OrgType;
  members: Map<number, OrgRole>;
  /** Served by the emulator (no auth), like the web UI's logo URLs; undefined = no logo. */
  logoUrl?: string;
  /** What logoUrl answers instead of the generated image (tests: an HTML page, a scripted SVG, a huge file). */
  logo?: { contentType: string; body: Buffer };
}

export interface WorkspaceRec {
  /** Fields laid over this workspace's row in GET /user/{id}/workspaces (tests make a malformed row: `{ orgName: 42 }`). */
  rowOverride?: Record<string, unknown>;
  id: number;
  /** undefined for a user's personal workspace. */
  orgId?: number;
  /** For personal workspaces: the owner. */
  personalOf?: number;
  name: string;
  fullName: string;
  description: string;
  visibility: 'PRIVATE' | 'SHARED';
  participants: Map<number, WorkspaceRole>;
  /** Default Studio lifespan in hours (0 = unlimited). */
  lifespanHours: number;
  /** Studios settings: new Studios are private unless asked otherwise (GET …/settings/studios). */
  privateStudioByDefault?: boolean;
  /** Studios settings: where Wave pushes images it builds for Studios (a Dockerfile from a repository); null = none set. */
  studioContainerRepository?: string | null;
  /** While the emulated time is before this, GET /data-links answers 202 with a partial list. */
  dataLinksLoadingUntil?: number;
  dateCreated: number;
}

export interface ComputeEnvRec {
  id: string;
  workspaceId: number;
  name: string;
  platform: string;
  region: string;
  status: 'CREATING' | 'AVAILABLE' | 'DISABLED' | 'DELETING' | 'ERRORED' | 'INVALID' | 'DELETED';
  message?: string;
  credentialsId: string;
  workDir: string;
  primary: boolean;
  description: string | null;
  cpus: number;
  memory: number;
  gpus: number;
  instanceType: string;
  lastUsed: number;
}

export interface CredentialRec {
  id: string;
  workspaceId: number;
  name: string;
  provider: string;
  registry?: string;
  userName?: string;
  dateCreated: number;
}

export interface DataLinkRec {
  id: string;
  workspaceId: number;
  name: string;
  description: string;
  resourceRef: string;
  provider: 'aws' | 'google' | 'azure';
  region: string;
  credentialsId: string;
  credentialsName: string;
  publicAccessible: boolean;
}

/** A label of a workspace (or of a user's personal context): `name=value` resource labels and simple ones. */
export interface LabelRec {
  id: number;
  workspaceId: number;
  name: string;
  value?: string;
  resource: boolean;
  isDefault: boolean;
  dateCreated: number;
}

export interface TemplateRec {
  repository: string;
  icon: string;
  tool: string;
  status: 'recommended' | 'deprecated' | 'experimental' | 'unsupported';
}

export interface StudioConfiguration {
  cpu: number;
  gpu: number;
  memory: number;
  lifespanHours?: number;
  condaEnvironment?: string;
  environment: Record<string, string> | null;
  mountData: string[];
  sshEnabled: boolean | null;
}

export interface ProgressStep {
  status: 'pending' | 'in-progress' | 'succeeded' | 'errored';
  message: string;
  warnings?: string[];
}

export interface CheckpointRec {
  id: number;
  sessionId: string;
  name: string;
  path: string;
  authorId: number;
  dateCreated: number;
  dateSaved: number;
  status: CheckpointStatus;
}

export interface StudioRec {
  sessionId: string;
  workspaceId: number;
  name: string;
  description: string;
  userId: number;
  template: TemplateRec;
  customImage: boolean;
  computeEnvId: string;
  configuration: StudioConfiguration;
  isPrivate: boolean;
  /** Users besides the owner who may connect to a private Studio (`allowedUserIds` of the create request). */
  allowedUserIds: number[];
  /** Asked to run on a spot instance (`spot` of the create/start request). */
  spot?: boolean;
  labels: { id: number; name: string; value: string }[];
  remoteConfig?: { repository: string; revision?: string | null; commitId?: string | null };
  parentCheckpoint?: { checkpointId: number; checkpointName: string; sessionId: string; studioName: string };
  status: StudioStatus;
  /**
   * A status the emulator reports instead of `status` until the lifecycle next changes it: one it does not
   * model, as a newer Platform may send (e.g. `suspended`), or a stale one (`running` just after a stop).
   */
  reportedStatus?: string;
  /** Fields laid over this Studio's DTO as served (tests make a malformed item: `{ sessionId: undefined }`). */
  dtoOverride?: Record<string, unknown>;
  statusMessage: string;
  stopReason?: StopReason;
  statusTime: number;
  progress: ProgressStep[];
  dateCreated: number;
  lastUpdated: number;
  lastStarted?: number;
  /** When the current session reached `running`. */
  runningSince?: number;
  /** Extra hours added by POST /lifespan in the current session. */
  extendedHours: number;
  activeConnections: { userId: number; lastActive: number }[];
  checkpoints: CheckpointRec[];
  /** GET /studios/{id} answers 202 until this emulated time (data links still loading). */
  dataLinksReadyAt: number;
  waveBuildUrl?: string;
  scenario: StudioScenario;
  /** Cancels the pending lifecycle timers. */
  timers: (() => void)[];
}

export interface LaunchRec {
  id: string;
  workspaceId: number;
  pipeline: string;
  revision: string;
  computeEnvId: string;
  workDir: string;
  configProfiles: string[];
  paramsText: string;
  dateCreated: number;
}
