import type { Check, DroppedItem } from '../net/validate';
import type { PlatformClient } from './client';
import type { Truncation } from './paginate';
import {
  parseCheckpoint,
  parseCheckpointPage,
  parseComputeEnvs,
  parseCreateResponse,
  parseDataLinkPage,
  parseStartStop,
  parseStudio,
  parseStudioPage,
  parseTemplatePage,
} from './studioParse';
import type {
  Checkpoint,
  CheckpointPage,
  ComputeEnvSummary,
  DataLink,
  StartStopResponse,
  Studio,
  StudioCreateRequest,
  StudioStartRequest,
  StudioTemplate,
  StudioUpdateRequest,
} from './studioTypes';

/**
 * The Studios and checkpoints endpoints (API v1.187) as typed calls over a
 * PlatformClient, bound to one workspace (`workspaceId` undefined = the
 * user's personal workspace). Lists fetch every page: the first, then the rest
 * in parallel from totalSize (PlatformClient.paginate). No vscode import.
 */
export interface ListOptions {
  search?: string;
  signal?: AbortSignal;
  /** Called when the list stopped at the paging cap (the workspace holds more Studios). */
  onTruncated?: (truncation: Truncation) => void;
  /** Called with the Studios of each page that could not be read (they are left out of the list). */
  onDropped?: (dropped: DroppedItem[]) => void;
  /** false: page the careful way (first page, then the rest), so an abort after the first page stops the others. */
  oneRoundTrip?: boolean;
}

const startStop =
  (sessionId: string): Check<StartStopResponse> =>
  (v, path) =>
    parseStartStop(v, sessionId, path);

function sid(sessionId: string): string {
  return encodeURIComponent(sessionId);
}

export class StudiosApi {
  constructor(
    readonly client: PlatformClient,
    readonly workspaceId: number | undefined,
  ) {}

  /** GET /studios, every page. */
  listStudios(options: ListOptions = {}): Promise<Studio[]> {
    return this.client.paginate(
      '/studios',
      (body) => {
        const page = parseStudioPage(body, 'GET /studios');
        if (page.dropped.length > 0) options.onDropped?.(page.dropped);
        return { items: page.studios, totalSize: page.totalSize, received: page.received };
      },
      {
        workspaceId: this.workspaceId,
        signal: options.signal,
        query: { search: options.search || undefined },
        onTruncated: options.onTruncated,
        oneRoundTrip: options.oneRoundTrip,
      },
    );
  }

  /** GET /studios/{id}. 202 (data links still being fetched) carries a usable Studio too. */
  getStudio(sessionId: string, signal?: AbortSignal): Promise<Studio> {
    return this.client.get(`/studios/${sid(sessionId)}`, parseStudio, { workspaceId: this.workspaceId, signal });
  }

  /** POST /studios?autoStart=… (the server starts it by default; we always say which). */
  createStudio(request: StudioCreateRequest, autoStart: boolean, signal?: AbortSignal): Promise<Studio> {
    return this.client.sendJson('POST', '/studios', parseCreateResponse, {
      workspaceId: this.workspaceId,
      query: { autoStart },
      body: request,
      signal,
    });
  }

  /** PUT /studios/{id}/start, optionally overriding the configuration for this run. */
  startStudio(sessionId: string, request: StudioStartRequest = {}, signal?: AbortSignal): Promise<StartStopResponse> {
    return this.client.sendJson('PUT', `/studios/${sid(sessionId)}/start`, startStop(sessionId), {
      workspaceId: this.workspaceId,
      body: request,
      signal,
    });
  }

  /** PUT /studios/{id}/stop */
  stopStudio(sessionId: string, signal?: AbortSignal): Promise<StartStopResponse> {
    return this.client.sendJson('PUT', `/studios/${sid(sessionId)}/stop`, startStop(sessionId), {
      workspaceId: this.workspaceId,
      signal,
    });
  }

  /** PUT /studios/{id} (only for a Studio that is not running). */
  updateStudio(sessionId: string, request: StudioUpdateRequest, signal?: AbortSignal): Promise<Studio> {
    return this.client.sendJson('PUT', `/studios/${sid(sessionId)}`, parseStudio, {
      workspaceId: this.workspaceId,
      body: request,
      signal,
    });
  }

  /** DELETE /studios/{id} → 204 */
  async deleteStudio(sessionId: string, signal?: AbortSignal): Promise<void> {
    await this.client.send('DELETE', `/studios/${sid(sessionId)}`, { workspaceId: this.workspaceId, signal });
  }

  /** POST /studios/{id}/lifespan: extends the lifespan by the workspace's default and returns the Studio. */
  extendLifespan(sessionId: string, signal?: AbortSignal): Promise<Studio> {
    return this.client.sendJson('POST', `/studios/${sid(sessionId)}/lifespan`, parseStudio, {
      workspaceId: this.workspaceId,
      signal,
    });
  }

  /**
   * GET /studios/validate?name=… → 204 when free. Rejects with the server's
   * SeqeraError: kind 'conflict' (409) for a taken name, 'badRequest' for an invalid one.
   */
  async validateName(name: string, signal?: AbortSignal): Promise<void> {
    await this.client.send('GET', '/studios/validate', { workspaceId: this.workspaceId, query: { name }, signal });
  }

  /** GET /studios/templates, every page. */
  listTemplates(signal?: AbortSignal): Promise<StudioTemplate[]> {
    return this.client.paginate(
      '/studios/templates',
      (body) => {
        const page = parseTemplatePage(body, 'GET /studios/templates');
        return { items: page.templates, totalSize: page.totalSize };
      },
      { workspaceId: this.workspaceId, signal },
    );
  }

  /** GET /studios/{id}/checkpoints: one page, newest first (the server sorts by creation date, descending). */
  listCheckpoints(sessionId: string, offset: number, max: number, signal?: AbortSignal): Promise<CheckpointPage> {
    return this.client.get(`/studios/${sid(sessionId)}/checkpoints`, parseCheckpointPage, {
      workspaceId: this.workspaceId,
      query: { offset, max },
      signal,
    });
  }

  /** GET /studios/{id}/checkpoints/{checkpointId} */
  getCheckpoint(sessionId: string, checkpointId: number, signal?: AbortSignal): Promise<Checkpoint> {
    return this.client.get(`/studios/${sid(sessionId)}/checkpoints/${checkpointId}`, parseCheckpoint, {
      workspaceId: this.workspaceId,
      signal,
    });
  }

  /** PUT /studios/{id}/checkpoints/{checkpointId} {name}; 409 when another checkpoint of the Studio has that name. */
  renameCheckpoint(sessionId: string, checkpointId: number, name: string, signal?: AbortSignal): Promise<Checkpoint> {
    return this.client.sendJson('PUT', `/studios/${sid(sessionId)}/checkpoints/${checkpointId}`, parseCheckpoint, {
      workspaceId: this.workspaceId,
      body: { name },
      signal,
    });
  }

  /** GET /compute-envs?status=AVAILABLE (with resources, to offer sensible defaults). */
  listComputeEnvs(signal?: AbortSignal): Promise<ComputeEnvSummary[]> {
    return this.client.get('/compute-envs', parseComputeEnvs, {
      workspaceId: this.workspaceId,
      query: { status: 'AVAILABLE', attributes: ['resources'] },
      signal,
    });
  }

  /**
   * GET /studios/{id}/compatible-ce (with resources): the compute environments of the workspace a stopped
   * Studio may be moved to with PUT /studios/{id} `computeEnvId`. 404 when the Studio has no compute environment.
   */
  listCompatibleComputeEnvs(sessionId: string, signal?: AbortSignal): Promise<ComputeEnvSummary[]> {
    return this.client.get(`/studios/${sid(sessionId)}/compatible-ce`, parseComputeEnvs, {
      workspaceId: this.workspaceId,
      query: { attributes: ['resources'] },
      signal,
    });
  }

  /** GET /data-links, every page. A 202 (the server's cache is still filling) may hold a partial list. */
  listDataLinks(signal?: AbortSignal): Promise<DataLink[]> {
    return this.client.paginate(
      '/data-links',
      (body) => {
        const page = parseDataLinkPage(body, 'GET /data-links');
        return { items: page.dataLinks, totalSize: page.totalSize };
      },
      { workspaceId: this.workspaceId, signal },
    );
  }
}
