import { SeqeraError } from '../net/errors';
import type { HttpClient } from '../net/http';
import { parse } from '../net/validate';
import { normaliseEndpoint } from '../platform/endpoint';
import {
  buildRecord,
  checkId,
  containerStatusResponse,
  mirrorRecord,
  scanRecord,
  submitResponse,
  type ContainerStatusResponse,
  type SubmitContainerTokenResponse,
  type WaveBuildRecord,
  type WaveMirrorRecord,
  type WaveScanRecord,
} from './responses';
import type { SubmitContainerTokenRequest } from './types';

/**
 * Wave's build API on the shared HttpClient. Wave takes no Authorization header:
 * the Platform token travels in the submit body (see request.ts), and the status,
 * record and log endpoints are public by id.
 *
 * The submit is never retried: a build request the server may have accepted must
 * not be sent twice. The GETs are idempotent and get the transport's retries.
 */
export const MAX_BUILD_LOG_BYTES = 16 * 1024 * 1024;

export class WaveClient {
  readonly waveUrl: string;

  constructor(
    waveUrl: string,
    private readonly http: HttpClient,
  ) {
    this.waveUrl = normaliseEndpoint(waveUrl, 'The Wave URL');
  }

  async submit(request: SubmitContainerTokenRequest, signal?: AbortSignal): Promise<SubmitContainerTokenResponse> {
    try {
      const response = await this.http.json(
        { method: 'POST', url: this.url('/v1alpha2/container'), json: request, signal, retryPost: 'never', retry: { maxAttempts: 1 } },
        parse(submitResponse, 'the Wave build response'),
      );
      checkId(response.requestId, 'request id');
      if (response.buildId) checkId(response.buildId, 'build id');
      if (response.scanId) checkId(response.scanId, 'scan id');
      return response;
    } catch (e) {
      throw rateLimitMessage(e, request.towerAccessToken === undefined);
    }
  }

  containerStatus(requestId: string, signal?: AbortSignal): Promise<ContainerStatusResponse> {
    return this.http.json(
      { url: this.url(`/v1alpha2/container/${checkId(requestId, 'request id')}/status`), signal },
      parse(containerStatusResponse, 'the Wave container status'),
    );
  }

  buildRecord(buildId: string, signal?: AbortSignal): Promise<WaveBuildRecord> {
    return this.http.json({ url: this.url(`/v1alpha1/builds/${checkId(buildId, 'build id')}`), signal }, parse(buildRecord, 'the Wave build record'));
  }

  /** The build log, or undefined while Wave does not serve it yet (it answers 404 until the build completes). */
  buildLog(buildId: string, signal?: AbortSignal): Promise<string | undefined> {
    return this.textOrUndefined(`/v1alpha1/builds/${checkId(buildId, 'build id')}/logs`, signal);
  }

  mirrorRecord(mirrorId: string, signal?: AbortSignal): Promise<WaveMirrorRecord> {
    return this.http.json({ url: this.url(`/v1alpha1/mirrors/${checkId(mirrorId, 'mirror id')}`), signal }, parse(mirrorRecord, 'the Wave mirror record'));
  }

  /** A mirror's log, once it is done. */
  mirrorLog(mirrorId: string, signal?: AbortSignal): Promise<string | undefined> {
    return this.textOrUndefined(`/v1alpha1/mirrors/${checkId(mirrorId, 'mirror id')}/logs`, signal);
  }

  /** The scan's SBOM (SPDX JSON), once the scan succeeded. */
  scanSpdx(scanId: string, signal?: AbortSignal): Promise<string | undefined> {
    return this.textOrUndefined(`/v1alpha1/scans/${checkId(scanId, 'scan id')}/spdx`, signal);
  }

  /** The scanner's log, once the scan is done. */
  scanLog(scanId: string, signal?: AbortSignal): Promise<string | undefined> {
    return this.textOrUndefined(`/v1alpha1/scans/${checkId(scanId, 'scan id')}/logs`, signal);
  }

  private async textOrUndefined(path: string, signal?: AbortSignal): Promise<string | undefined> {
    try {
      const res = await this.http.request({ url: this.url(path), headers: { accept: 'text/plain, application/json, */*' }, signal, maxBodyBytes: MAX_BUILD_LOG_BYTES });
      return res.text;
    } catch (e) {
      if (e instanceof SeqeraError && e.kind === 'notFound') return undefined;
      throw e;
    }
  }

  /**
   * The conda lock Wave stored for a build, or undefined while it has none: Wave
   * stores it some time after the build (404 until then).
   */
  async condaLock(buildId: string, signal?: AbortSignal): Promise<string | undefined> {
    try {
      const res = await this.http.request({
        url: this.url(`/v1alpha1/builds/${checkId(buildId, 'build id')}/condalock`),
        headers: { accept: 'text/plain, */*' },
        signal,
        maxBodyBytes: MAX_BUILD_LOG_BYTES,
      });
      return res.text;
    } catch (e) {
      if (e instanceof SeqeraError && e.kind === 'notFound') return undefined;
      throw e;
    }
  }

  scanRecord(scanId: string, signal?: AbortSignal): Promise<WaveScanRecord> {
    return this.http.json({ url: this.url(`/v1alpha1/scans/${checkId(scanId, 'scan id')}`), signal }, parse(scanRecord, 'the Wave scan record'));
  }

  buildPageUrl(buildId: string): string {
    return `${this.waveUrl}/view/builds/${encodeURIComponent(buildId)}`;
  }

  mirrorPageUrl(mirrorId: string): string {
    return `${this.waveUrl}/view/mirrors/${encodeURIComponent(mirrorId)}`;
  }

  scanPageUrl(scanId: string): string {
    return `${this.waveUrl}/view/scans/${encodeURIComponent(scanId)}`;
  }

  private url(path: string): URL {
    return new URL(`${this.waveUrl}${path}`);
  }
}

/** Wave's limits in words, with the wait when the server gave one. */
function rateLimitMessage(e: unknown, anonymous: boolean): unknown {
  // Wave's BuildTimeoutException is a 408: say so, and that nothing is lost.
  if (e instanceof SeqeraError && e.status === 408) {
    return new SeqeraError('server', `Wave timed out the request (408): ${e.message.replace(/\.?$/, '.')} Submit it again; a build Wave started goes on and is reused.`, { status: 408, detail: e.detail, cause: e });
  }
  if (!(e instanceof SeqeraError) || e.kind !== 'rateLimited') return e;
  const seconds = e.retryAfterMs === undefined ? undefined : Math.max(1, Math.ceil(e.retryAfterMs / 1000));
  const wait = seconds === undefined ? 'Try again later.' : seconds === 1 ? 'Try again in a second.' : `Try again in ${seconds} seconds.`;
  const what = e.status === 503 ? 'Wave is receiving too many requests from this address (503).' : 'Wave refused the build: rate limit reached (429).';
  const hint = anonymous ? ' Anonymous builds have a lower quota: sign in to Seqera Platform for more.' : '';
  return new SeqeraError('rateLimited', `${what} ${wait}${hint}`, { status: e.status, retryAfterMs: e.retryAfterMs, detail: e.detail, cause: e });
}
