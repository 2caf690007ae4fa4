import type { DroppedItem } from '../net/validate';
/**
 * The Studio shapes the extension works with: the parts of the Platform's
 * DataStudio DTOs (API v1.187) that it reads. Parsing is in `studioParse.ts`;
 * every field the server may omit is optional here too.
 */

/** Order as in the API enum. */
export const STUDIO_STATUSES = ['starting', 'running', 'stopping', 'stopped', 'errored', 'building', 'buildFailed'] as const;
export type KnownStudioStatus = (typeof STUDIO_STATUSES)[number];
/** A status this version does not know yet is kept as `unknown` rather than rejected. */
export type StudioStatus = KnownStudioStatus | 'unknown';

export type StopReason = 'CREDITS_RUN_OUT' | 'LIFESPAN_EXPIRED' | 'SPOT_RECLAMATION' | 'NO_STATS_AVAIL' | string;
export type ProgressStepStatus = 'pending' | 'in-progress' | 'succeeded' | 'errored';
export type CheckpointStatus = 'empty' | 'interim' | 'finalized' | 'invalid';

export interface UserInfo {
  id?: number;
  userName?: string;
  email?: string;
}

export interface StudioStatusInfo {
  status: StudioStatus;
  /** The raw status string when `status` is `unknown`. */
  rawStatus?: string;
  message?: string;
  lastUpdate?: string;
  stopReason?: StopReason;
}

export interface ProgressStep {
  status: ProgressStepStatus;
  message: string;
  warnings: string[];
}

export interface StudioTemplate {
  repository?: string;
  icon?: string;
  tool?: string;
  status?: string;
}

export interface StudioComputeEnv {
  id?: string;
  name?: string;
  platform?: string;
  region?: string;
}

export interface MountData {
  dataLinkId?: string;
  path?: string | null;
}

export interface StudioConfiguration {
  cpu?: number;
  gpu?: number;
  /** MiB */
  memory?: number;
  lifespanHours?: number;
  condaEnvironment?: string;
  environment?: Record<string, string> | null;
  mountData?: string[] | null;
  mountDataV2?: MountData[] | null;
  sshEnabled?: boolean | null;
}

export interface DataLink {
  id?: string;
  name?: string;
  resourceRef?: string;
  provider?: string;
  region?: string;
  status?: string;
}

export interface SshDetails {
  host: string;
  port: number;
  user: string;
  command: string;
}

export interface ParentCheckpoint {
  checkpointId?: number;
  checkpointName?: string;
  sessionId?: string;
  studioName?: string;
}

export interface ActiveConnection extends UserInfo {
  lastActive?: string;
}

export interface Studio {
  sessionId: string;
  workspaceId?: number;
  name: string;
  description?: string;
  user?: UserInfo;
  isPrivate?: boolean;
  studioUrl?: string;
  template?: StudioTemplate;
  baseImage?: string;
  customImage?: boolean;
  computeEnv?: StudioComputeEnv;
  configuration?: StudioConfiguration;
  mountedDataLinks?: DataLink[];
  statusInfo: StudioStatusInfo;
  progress: ProgressStep[];
  activeConnections: ActiveConnection[];
  parentCheckpoint?: ParentCheckpoint;
  sshDetails?: SshDetails;
  effectiveLifespanHours?: number;
  dateCreated?: string;
  lastUpdated?: string;
  lastStarted?: string;
  /** The Wave build page of the Studio's image (`…/view/builds/<buildId>`), while building or after a failed build. */
  waveBuildUrl?: string;
}

export interface StudioPage {
  studios: Studio[];
  totalSize: number;
  /** Studios of the page that failed their check and were left out. */
  dropped: DroppedItem[];
  /** How many Studios the page held, readable or not. */
  received: number;
}

export interface Checkpoint {
  id: number;
  name: string;
  path?: string;
  author?: UserInfo;
  dateCreated?: string;
  dateSaved?: string;
  status: CheckpointStatus | 'unknown';
}

export interface CheckpointPage {
  checkpoints: Checkpoint[];
  totalSize: number;
}

export interface StudioTemplatePage {
  templates: StudioTemplate[];
  totalSize: number;
}

export interface StartStopResponse {
  jobSubmitted: boolean;
  sessionId: string;
  statusInfo: StudioStatusInfo;
}

export interface ComputeEnvSummary {
  id: string;
  name: string;
  platform?: string;
  region?: string;
  status?: string;
  primary?: boolean;
  resources?: { cpus?: number; memory?: number; gpus?: number };
}

export interface DataLinkPage {
  dataLinks: DataLink[];
  totalSize: number;
}

export interface StudioCreateRequest {
  name: string;
  computeEnvId: string;
  description?: string;
  dataStudioToolUrl?: string;
  configuration?: StudioConfiguration;
  initialCheckpointId?: number;
  isPrivate?: boolean;
  /** Users besides the owner who may connect to a private Studio. */
  allowedUserIds?: number[] | null;
  labelIds?: number[] | null;
  /** The repository the Platform clones into the Studio (and reads .seqera/studio-config.yaml from). */
  remoteConfig?: { repository: string; revision?: string | null; commitId?: string | null } | null;
  spot?: boolean | null;
}

export interface StudioStartRequest {
  configuration?: StudioConfiguration | null;
  description?: string | null;
  name?: string | null;
  spot?: boolean | null;
}

export interface StudioUpdateRequest {
  name?: string | null;
  description?: string | null;
  computeEnvId?: string | null;
  configuration?: StudioConfiguration | null;
}
