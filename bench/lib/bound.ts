import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { nowMs, summarise } from './stats';

/**
 * The critical-path bound a list load is compared with:
 *
 *   bound = sequentialRoundTrips × RTT + transfer
 *
 * `sequentialRoundTrips` are the requests no client can overlap, because each
 * needs an answer of the one before (the first page says how many pages there
 * are; /user-info says whose workspaces to ask for). Every other request of the
 * load could be in flight at the same time, so it adds no round trip.
 * `transfer` is what moving the answers' bytes costs on this machine's loopback
 * with the same HTTP library (undici), measured on a static body of the same
 * total size: no JSON, no server work, no injected latency.
 */
export interface Bound {
  sequentialRoundTrips: number;
  rttMs: number;
  /** Total response body bytes of the load. */
  bytes: number;
  transferMs: number;
  boundMs: number;
}

export function bound(sequentialRoundTrips: number, rttMs: number, bytes: number, transferMs: number): Bound {
  return { sequentialRoundTrips, rttMs, bytes, transferMs, boundMs: sequentialRoundTrips * rttMs + transferMs };
}

/** Median time to GET a static body of `bytes` over loopback (keep-alive, after a warm-up). */
export async function measureTransferMs(bytes: number, repeats = 7): Promise<number> {
  const body = Buffer.alloc(bytes, 0x61);
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(body.length) });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const get = async (): Promise<void> => {
    const res = await request(url);
    await res.body.text();
  };
  try {
    await get();
    const samples: number[] = [];
    for (let i = 0; i < repeats; i++) {
      const t0 = nowMs();
      await get();
      samples.push(nowMs() - t0);
    }
    return summarise(samples).median;
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** The bodies of GET requests, raw (no parsing), fetched one after the other. */
export async function rawBodies(urls: readonly (string | URL)[], headers: Record<string, string>): Promise<Buffer[]> {
  const bodies: Buffer[] = [];
  for (const url of urls) {
    const res = await request(url, { headers });
    const buf = Buffer.from(await res.body.arrayBuffer());
    if (res.statusCode !== 200) throw new Error(`GET ${String(url)} answered ${res.statusCode}`);
    bodies.push(buf);
  }
  return bodies;
}

/** Body bytes of GET requests, summed. */
export async function bodyBytes(urls: readonly (string | URL)[], headers: Record<string, string>): Promise<number> {
  return (await rawBodies(urls, headers)).reduce((n, b) => n + b.length, 0);
}
