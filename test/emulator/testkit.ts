/** Small helpers for the emulator's own tests (and anyone who wants raw HTTP against it). */
import type { Emulator } from './index';

export interface Res<T = unknown> {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed JSON body (undefined when empty or not JSON). */
  body: T;
}

export interface CallOptions {
  token?: string | null;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
}

async function call<T>(base: string, method: string, path: string, defaults: { token?: string }, opts: CallOptions = {}): Promise<Res<T>> {
  const url = new URL(base + path);
  for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = opts.token === undefined ? defaults.token : opts.token;
  if (token) headers.authorization = `Bearer ${token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, text, body: body as T };
}

/** Platform client with the main user's token by default. */
export function platform(emu: Emulator) {
  const d = { token: emu.token };
  return {
    get: <T = any>(p: string, o?: CallOptions) => call<T>(emu.platformUrl, 'GET', p, d, o), // eslint-disable-line @typescript-eslint/no-explicit-any
    post: <T = any>(p: string, o?: CallOptions) => call<T>(emu.platformUrl, 'POST', p, d, o), // eslint-disable-line @typescript-eslint/no-explicit-any
    put: <T = any>(p: string, o?: CallOptions) => call<T>(emu.platformUrl, 'PUT', p, d, o), // eslint-disable-line @typescript-eslint/no-explicit-any
    del: <T = any>(p: string, o?: CallOptions) => call<T>(emu.platformUrl, 'DELETE', p, d, o), // eslint-disable-line @typescript-eslint/no-explicit-any
  };
}

/** Wave client (no Authorization header: Wave reads `towerAccessToken` from the body). */
export function wave(emu: Emulator) {
  const d = {};
  return {
    get: <T = any>(p: string, o?: CallOptions) => call<T>(emu.waveUrl, 'GET', p, d, o), // eslint-disable-line @typescript-eslint/no-explicit-any
    post: <T = any>(p: string, o?: CallOptions) => call<T>(emu.waveUrl, 'POST', p, d, o), // eslint-disable-line @typescript-eslint/no-explicit-any
  };
}

export const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

export const MINUTE = 60_000;
