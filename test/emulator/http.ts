/** Tiny HTTP toolkit shared by both servers: answers, errors, routing. */

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  /** Serialised body; undefined = no body. */
  body?: string | Buffer;
}

/** The request as handlers see it. */
export interface Req {
  method: string;
  /** Path below the server's base path (e.g. `/studios/abc`). */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  /** Parsed JSON body (undefined when there was none). */
  body: unknown;
  rawBody: Buffer;
  params: Record<string, string>;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
    /** false: answer with no body (e.g. 401/403 as the real Platform does). */
    readonly withBody = true,
  ) {
    super(message);
  }
}

export function json(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(value) };
}

export function ok(value: unknown): Reply {
  return json(200, value);
}

export function noContent(): Reply {
  return { status: 204 };
}

export function text(status: number, body: string, contentType = 'text/plain; charset=utf-8'): Reply {
  return { status, headers: { 'content-type': contentType }, body };
}

export function errorReply(e: HttpError): Reply {
  if (!e.withBody) return { status: e.status, headers: e.headers };
  return json(e.status, { message: e.message }, e.headers);
}

export const badRequest = (message: string): HttpError => new HttpError(400, message);
export const notFound = (message: string): HttpError => new HttpError(404, message);
export const conflict = (message: string): HttpError => new HttpError(409, message);

export type Handler = (req: Req) => Reply | Promise<Reply>;

interface Route {
  method: string;
  parts: string[];
  handler: Handler;
}

/** Routes like `/studios/:sessionId/checkpoints/:checkpointId`; literal segments win over params. */
export class Router {
  private routes: Route[] = [];

  add(method: string, pattern: string, handler: Handler): this {
    this.routes.push({ method: method.toUpperCase(), parts: pattern.split('/').filter(Boolean), handler });
    return this;
  }

  get(p: string, h: Handler): this {
    return this.add('GET', p, h);
  }
  post(p: string, h: Handler): this {
    return this.add('POST', p, h);
  }
  put(p: string, h: Handler): this {
    return this.add('PUT', p, h);
  }
  delete(p: string, h: Handler): this {
    return this.add('DELETE', p, h);
  }

  /** The handler and path params, `'method'` when only the method is wrong, or undefined. */
  match(method: string, path: string): { handler: Handler; params: Record<string, string> } | 'method' | undefined {
    const segs = path.split('/').filter(Boolean).map(safeDecode);
    let best: { handler: Handler; params: Record<string, string>; literals: number } | undefined;
    let pathMatched = false;
    for (const r of this.routes) {
      if (r.parts.length !== segs.length) continue;
      const params: Record<string, string> = {};
      let literals = 0;
      let okay = true;
      for (let i = 0; i < segs.length; i++) {
        const p = r.parts[i];
        if (p.startsWith(':')) params[p.slice(1)] = segs[i];
        else if (p === segs[i]) literals++;
        else {
          okay = false;
          break;
        }
      }
      if (!okay) continue;
      pathMatched = true;
      if (r.method !== method) continue;
      if (!best || literals > best.literals) best = { handler: r.handler, params, literals };
    }
    if (best) return { handler: best.handler, params: best.params };
    return pathMatched ? 'method' : undefined;
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Integer query parameter, `undefined` when absent; 400 when not a valid integer >= min. */
export function intParam(q: URLSearchParams, name: string, min = 0): number | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  if (!/^-?\d+$/.test(v)) throw badRequest(`Invalid '${name}' parameter: ${v}`);
  const n = Number(v);
  if (n < min) throw badRequest(`Invalid '${name}' parameter: ${v}`);
  return n;
}

/** `max`/`offset` pagination as Platform does it (max default 100, offset default 0). */
export function paginate<T>(items: T[], q: URLSearchParams, defaultMax = 100): T[] {
  const max = intParam(q, 'max', 0) ?? defaultMax;
  const offset = intParam(q, 'offset', 0) ?? 0;
  return items.slice(offset, offset + max);
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The body as an object, or 400. */
export function objectBody(req: Req, optional = false): Record<string, unknown> {
  if (req.body === undefined && optional) return {};
  if (!isRecord(req.body)) throw badRequest('Request body must be a JSON object');
  return req.body;
}
