/** Public types of the emulator: tests and the CLI code against these. */

export type ServerName = 'platform' | 'wave';

/**
 * `reset` drops the connection before the request is handled; `lostReply` handles it (the change is made)
 * and then drops the connection, so the client never learns it succeeded. `hold` parks the request until
 * the test calls `emu.faults.release()`, then answers it normally.
 */
export type FaultKind = 'latency' | 'status' | 'reset' | 'lostReply' | 'hold' | 'malformed' | 'truncated' | 'slowBody' | 'html';

/**
 * One fault. A rule matches a request when every field it sets matches:
 * `server`, `method` (case-insensitive), `path` (the path below the server's
 * base, e.g. `/studios` or `/v1alpha2/container/abc/status`; a string matches
 * exactly, or as a prefix when it ends with `*`; a RegExp is tested). `rate`
 * (0..1, default 1) draws from the emulator's seeded random source; `count`
 * caps how often the rule fires. Latency rules add up and then the request
 * goes on; of the other kinds the first matching rule decides the answer.
 */
export interface FaultRule {
  server?: ServerName;
  method?: string;
  path?: string | RegExp;
  /** Query parameters the request must carry with these values (e.g. `{ workspaceId: '12' }`). */
  query?: Record<string, string>;
  rate?: number;
  count?: number;
  kind: FaultKind;
  /** latency: delay in real ms (default 100); slowBody: how long the body takes (default 2000). */
  ms?: number;
  /** status: the status to answer (default 503); html: the status of the HTML page (default 200). */
  status?: number;
  retryAfterSeconds?: number;
}

export interface RequestLogEntry {
  /** Emulated clock time (ms since epoch) when the request arrived. */
  time: number;
  server: ServerName;
  method: string;
  /** Path as received, base path included (e.g. `/api/studios`). */
  path: string;
  query: Record<string, string>;
  /** Status sent, or 0 when the connection was reset. */
  status: number;
  /** Request headers, lower-case names; `authorization` redacted to `Bearer ***`. */
  headers: Record<string, string>;
  /** Parsed JSON body with `towerAccessToken`/`towerRefreshToken` replaced by `***`. */
  body?: unknown;
  /** Whether a token was sent (Authorization header on Platform, `towerAccessToken` on Wave) and whether it is valid. */
  tokenPresent: boolean;
  tokenValid: boolean;
  /** The fault kinds applied to this request, if any. */
  faults?: FaultKind[];
}

export interface WaveLimits {
  /** New (uncached) builds allowed per window for one token (or anonymous); past it 429. */
  buildsPerWindow?: number;
  buildWindowMs?: number;
  /** Requests allowed per window on the Wave server; past it 503 + Retry-After. */
  requestsPerWindow?: number;
  requestWindowMs?: number;
}

export interface EmulatorOptions {
  /** Deterministic data and fault randomness (default 1). */
  seed?: number;
  /** 0 = ephemeral (default). */
  platformPort?: number;
  wavePort?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** 'manual' (default): only `clock.advance` moves time. 'real': time runs by itself. */
  clock?: 'manual' | 'real';
  /** Real-clock multiplier (default 1). */
  speed?: number;
  /** Big generated accounts for benchmarks. */
  scale?: { studios?: number; workspaces?: number };
  faults?: FaultRule[];
  /** Wave quotas/throttling; off by default. */
  waveLimits?: WaveLimits;
  /** Serve both APIs over HTTPS with this key and certificate (PEM); the URLs then start with https://. */
  tls?: { key: string; cert: string };
}
