import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { errorReply, HttpError, json, type Reply, type Req } from './http';
import { Faults, HTML_PAGE, malform } from './faults';
import type { EmulatorClock } from './clock';
import type { RequestLogEntry, ServerName } from './types';

export interface ServerSpec {
  name: ServerName;
  /** Path prefix every route lives under ('' for none, '/api' for Platform). */
  base: string;
  handle(req: Req): Promise<Reply>;
  /** Whether the request carried a token and whether it is valid. */
  tokenOf(req: Req): { present: boolean; valid: boolean };
  /** Serves paths outside `base` (e.g. web pages); without it they are 404. */
  outside?(req: Req): Reply | Promise<Reply>;
  /** Largest request body accepted (413 past it). */
  maxBody?: number;
  /** What a body that is not JSON raises (default: 400 "Invalid JSON request body"). */
  invalidJson?(): Error;
  /** How an error becomes an answer (default: `{message}` with the error's status, 500 for others). */
  errorReply?(e: unknown, path: string): Reply;
}

export interface ServerDeps {
  faults: Faults;
  clock: EmulatorClock;
  log: RequestLogEntry[];
}


/** Starts one HTTP (or, with `tls`, HTTPS) server: parses, logs, applies faults, then calls the spec's handler. */
export async function listen(
  spec: ServerSpec,
  deps: ServerDeps,
  host: string,
  port: number,
  tls?: { key: string; cert: string },
): Promise<http.Server> {
  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    void serve(spec, deps, req, res);
  };
  const server: http.Server = tls ? https.createServer(tls, handler) : http.createServer(handler);
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}

export function portOf(server: http.Server): number {
  return (server.address() as AddressInfo).port;
}

export function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

async function readBody(req: http.IncomingMessage, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > max) throw new HttpError(413, `The content length [${size}] exceeds the maximum allowed content length [${max}]`);
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

function redactBody(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactBody);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = /^(towerAccessToken|towerRefreshToken|password|accessToken)$/.test(k) && typeof v === 'string' ? '***' : redactBody(v);
    }
    return out;
  }
  return value;
}

function headersOf(req: http.IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue;
    out[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

async function serve(spec: ServerSpec, deps: ServerDeps, nreq: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(nreq.url ?? '/', 'http://emulator.invalid');
  const method = (nreq.method ?? 'GET').toUpperCase();
  const headers = headersOf(nreq);
  const entry: RequestLogEntry = {
    time: deps.clock.now(),
    server: spec.name,
    method,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    status: 0,
    headers: { ...headers },
    tokenPresent: false,
    tokenValid: false,
  };
  if (entry.headers.authorization) entry.headers.authorization = entry.headers.authorization.replace(/^(\w+\s+).*$/, '$1***');
  let logged = false;
  const record = (status: number): void => {
    if (logged) return;
    logged = true;
    entry.status = status;
    deps.log.push(entry);
  };

  let reply: Reply;
  let rel = url.pathname;
  let req: Req | undefined;
  let outside = false;
  try {
    const raw = await readBody(nreq, spec.maxBody ?? 20 * 1024 * 1024);
    let body: unknown;
    if (raw.length > 0 && /json/i.test(headers['content-type'] ?? 'application/json')) {
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        body = undefined;
        entry.body = raw.toString('utf8').slice(0, 2000);
        throw spec.invalidJson ? spec.invalidJson() : new HttpError(400, 'Invalid JSON request body');
      }
      entry.body = redactBody(body);
    }
    const inBase = !spec.base || rel === spec.base || rel.startsWith(spec.base + '/');
    if (!inBase && !spec.outside) throw new HttpError(404, `Page Not Found`);
    if (inBase) rel = rel.slice(spec.base.length) || '/';
    outside = !inBase;
    req = { method, path: rel, query: url.searchParams, headers, body, rawBody: raw, params: {} };
    const token = spec.tokenOf(req);
    entry.tokenPresent = token.present;
    entry.tokenValid = token.valid;
  } catch (e) {
    reply = spec.errorReply ? spec.errorReply(e, url.pathname) : e instanceof HttpError ? errorReply(e) : json(500, { message: String(e) });
    return finish(res, reply, record, deps.clock);
  }

  const decision = deps.faults.decide(spec.name, method, rel, url.searchParams);
  if (decision.applied.length) entry.faults = decision.applied;
  if (decision.latencyMs > 0) await new Promise((r) => setTimeout(r, decision.latencyMs));
  const fault = decision.terminal;

  if (fault?.kind === 'hold') await deps.faults.hold();
  if (fault?.kind === 'reset') {
    record(0);
    nreq.socket.destroy();
    return;
  }
  if (fault?.kind === 'status') {
    const status = fault.status ?? 503;
    const extra: Record<string, string> = fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {};
    return finish(res, json(status, { message: http.STATUS_CODES[status] ?? 'Error' }, extra), record, deps.clock);
  }
  if (fault?.kind === 'html') {
    return finish(res, { status: fault.status ?? 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: HTML_PAGE }, record, deps.clock);
  }

  try {
    reply = outside && spec.outside ? await spec.outside(req) : await spec.handle(req);
  } catch (e) {
    if (spec.errorReply) {
      reply = spec.errorReply(e, url.pathname);
    } else if (e instanceof HttpError) reply = errorReply(e);
    else {
      const id = Math.random().toString(16).slice(2, 10);
      reply = json(500, { message: `Oops... Unable to process request - Error ID: ${id}` });
      console.error(`[emulator ${spec.name}] ${method} ${rel} failed:`, e);
    }
  }

  if (fault?.kind === 'lostReply') {
    record(0);
    nreq.socket.destroy();
    return;
  }
  if (fault?.kind === 'malformed') {
    const body = reply.body === undefined ? '{"message":' : reply.body.toString();
    reply = { status: reply.status === 204 ? 200 : reply.status, headers: { ...reply.headers, 'content-type': 'application/json' }, body: malform(body) };
  }
  if (fault?.kind === 'truncated') {
    const body = Buffer.from(reply.body === undefined ? '{"message":"truncated"}' : reply.body);
    record(reply.status);
    res.writeHead(reply.status, { ...reply.headers, date: httpDate(deps.clock), 'content-length': String(body.length) });
    res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.destroy());
    return;
  }
  if (fault?.kind === 'slowBody') {
    const body = Buffer.from(reply.body ?? '');
    record(reply.status);
    res.writeHead(reply.status, { ...reply.headers, date: httpDate(deps.clock), 'content-length': String(body.length) });
    const pieces = 10;
    const step = Math.ceil(body.length / pieces) || 1;
    const delay = (fault.ms ?? 2000) / pieces;
    for (let i = 0; i < body.length; i += step) {
      if (res.destroyed) return;
      res.write(body.subarray(i, i + step));
      await new Promise((r) => setTimeout(r, delay));
    }
    res.end();
    return;
  }
  finish(res, reply, record, deps.clock);
}

/**
 * The `Date` header of every answer, from the emulator's clock (as the real Platform's comes from its own):
 * with a manual or sped-up clock it differs from the client's, which is what lifespans must cope with (#17.9).
 */
function httpDate(clock: EmulatorClock): string {
  return new Date(clock.now()).toUTCString();
}

function finish(res: http.ServerResponse, reply: Reply, record: (status: number) => void, clock: EmulatorClock): void {
  record(reply.status);
  const body = reply.body === undefined ? undefined : Buffer.from(reply.body);
  const headers: Record<string, string> = { date: httpDate(clock), ...reply.headers };
  if (body) headers['content-length'] = String(body.length);
  else if (reply.status !== 204 && reply.status !== 304) headers['content-length'] = '0';
  res.writeHead(reply.status, headers);
  res.end(body);
}
