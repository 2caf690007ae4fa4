import type { HttpClient, HttpMethod, HttpRequest, HttpResponse } from '../net/http';
import { parse, type Check, type LenientList } from '../net/validate';
import { normaliseEndpoint } from './endpoint';
import { fetchAllPages, type PaginateOptions } from './paginate';
import * as schemas from './schemas';
import type {
  DescribeUserResponse,
  ListOrganizationsResponse,
  ListWorkspacesResponse,
  OrgAndWorkspaceDto,
  OrganizationDbDto,
  Page,
  ServiceInfo,
  WorkspaceDbDto,
} from './types';

/**
 * Seqera Platform REST client bound to one endpoint and one token. Builds URLs
 * under the API base (keeping Enterprise's `/api`), adds the bearer header,
 * narrows every JSON body at the edge. Errors are the HttpClient's SeqeraErrors.
 * Feature clients (studios, compute envs, ...) build on `get`/`send`/`paginate`.
 */
export type QueryValue = string | number | boolean | readonly (string | number)[] | undefined;
export type Query = Readonly<Record<string, QueryValue>>;

export interface CallOptions {
  query?: Query;
  /** The workspace context; undefined means the user's personal workspace (no parameter). */
  workspaceId?: number;
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface SendOptions extends CallOptions {
  /** JSON body. */
  body?: unknown;
  retryPost?: HttpRequest['retryPost'];
}

export interface PlatformClientOptions {
  apiUrl: string;
  /** Omitted for anonymous calls (service-info before sign-in). */
  token?: string;
  http: HttpClient;
}

export class PlatformClient {
  readonly apiUrl: string;
  private readonly token: string | undefined;
  private readonly http: HttpClient;
  private lastDate: number | undefined;
  /** The `totalSize` each list (path and query) last reported, so the next fetch asks every page at once. */
  private readonly listSizes = new Map<string, number>();

  constructor(options: PlatformClientOptions) {
    this.apiUrl = normaliseEndpoint(options.apiUrl, 'The Seqera Platform API URL');
    this.token = options.token;
    this.http = options.http;
  }

  /**
   * The Platform's clock as of its latest answer: the `Date` header (RFC 9110, whole seconds) in ms since the
   * epoch, or undefined before any answer carried one. Lifespans are computed against it, not the local clock.
   */
  get serverDate(): number | undefined {
    return this.lastDate;
  }

  get hasToken(): boolean {
    return this.token !== undefined;
  }

  /** `path` relative to the API base ("/studios" → https://host/api/studios), with the query appended. */
  url(path: string, query: Query = {}): URL {
    const url = new URL(`${this.apiUrl}/${path.replace(/^\/+/, '')}`);
    for (const [key, value] of Object.entries(query)) {
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const v of value) url.searchParams.append(key, String(v));
      else url.searchParams.set(key, String(value));
    }
    return url;
  }

  get<T>(path: string, check: Check<T>, options: CallOptions = {}): Promise<T> {
    return this.sendJson('GET', path, check, options);
  }

  sendJson<T>(method: HttpMethod, path: string, check: Check<T>, options: SendOptions = {}): Promise<T> {
    return this.http.json(this.request(method, path, options), parse(check, `${method} ${path}`));
  }

  /** For calls whose answer has no body worth reading (204s, DELETE). */
  send(method: HttpMethod, path: string, options: SendOptions = {}): Promise<HttpResponse> {
    return this.http.request(this.request(method, path, options));
  }

  /** Every item of a `max`/`offset` list; `pick` takes the items and totalSize out of one page. */
  paginate<T>(
    path: string,
    pick: (body: unknown) => Page<T>,
    options: CallOptions & PaginateOptions = {},
  ): Promise<T[]> {
    // The same list asked again (a refresh, a switch back) asks all its pages at once: one round trip, not two.
    const key = this.url(path, { ...options.query, workspaceId: options.workspaceId }).href;
    return fetchAllPages(
      (offset, max, signal) =>
        this.http.json(this.request('GET', path, { ...options, signal, query: { ...options.query, max, offset } }), pick),
      {
        ...options,
        expectedTotal: options.expectedTotal ?? (options.oneRoundTrip === false ? undefined : this.listSizes.get(key)),
        onTotal: (total) => {
          if (this.listSizes.size >= 256 && !this.listSizes.has(key)) this.listSizes.clear();
          this.listSizes.set(key, total);
          options.onTotal?.(total);
        },
      },
    );
  }

  private request(method: HttpMethod, path: string, options: SendOptions): HttpRequest {
    const query = { ...options.query, ...(options.workspaceId !== undefined ? { workspaceId: options.workspaceId } : {}) };
    return {
      method,
      url: this.url(path, query),
      headers: this.token !== undefined ? { authorization: `Bearer ${this.token}` } : {},
      json: options.body,
      signal: options.signal,
      timeoutMs: options.timeoutMs,
      retryPost: options.retryPost,
      onResponse: (res) => this.noteDate(res.headers.date),
    };
  }

  private noteDate(value: string | string[] | undefined): void {
    const text = Array.isArray(value) ? value[0] : value;
    const ms = text === undefined ? NaN : Date.parse(text);
    if (Number.isFinite(ms)) this.lastDate = ms;
  }

  /** GET /service-info, sent without the token: it is public and may be asked of an endpoint not yet trusted. */
  async serviceInfo(signal?: AbortSignal): Promise<ServiceInfo> {
    const body = await this.http.json(
      { url: this.url('/service-info'), signal },
      parse(schemas.serviceInfoResponse, 'GET /service-info'),
    );
    return body.serviceInfo ?? {};
  }

  /** GET /user-info: who the token belongs to. */
  userInfo(signal?: AbortSignal): Promise<DescribeUserResponse> {
    return this.get('/user-info', schemas.describeUserResponse, { signal });
  }

  /** GET /user/{userId}/workspaces: the orgs (rows without workspaceId) and workspaces of the user; unreadable rows are left out and listed in `dropped`. */
  async userWorkspaces(userId: number, signal?: AbortSignal): Promise<LenientList<OrgAndWorkspaceDto>> {
    const body = await this.get(`/user/${encodeURIComponent(String(userId))}/workspaces`, schemas.listWorkspacesAndOrgResponse, { signal });
    return body.orgsAndWorkspaces ?? { items: [], dropped: [], received: 0 };
  }

  /** GET /orgs */
  async organizations(signal?: AbortSignal): Promise<OrganizationDbDto[]> {
    const body: ListOrganizationsResponse = await this.get('/orgs', schemas.listOrganizationsResponse, { signal });
    return body.organizations ?? [];
  }

  /** GET /orgs/{orgId}/workspaces */
  async orgWorkspaces(orgId: number, signal?: AbortSignal): Promise<WorkspaceDbDto[]> {
    const body: ListWorkspacesResponse = await this.get(`/orgs/${encodeURIComponent(String(orgId))}/workspaces`, schemas.listWorkspacesResponse, { signal });
    return body.workspaces ?? [];
  }
}
