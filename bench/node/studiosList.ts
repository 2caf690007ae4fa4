import { HttpClient } from '../../src/net/http';
import { StudioStore } from '../../src/studios/studioStore';
import { realTimers } from '../../src/schedule/timers';
import { undiciTransport } from '../../src/net/undiciTransport';
import { StudiosApi } from '../../src/platform/studios';
import { parseStudioPage } from '../../src/platform/studioParse';
import { bound, measureTransferMs, rawBodies, type Bound } from '../lib/bound';
import { signedInSession } from '../lib/fakes';
import { exposeGc, memorySample, type MemorySample } from '../lib/gc';
import { nowMs, round, summarise, type Summary, warmRepeats } from '../lib/stats';
import type { ControlApi, WorldInfo } from '../lib/protocol';
import { PlatformClient } from '../../src/platform/client';
import type { ListLoad } from './workspacesList';

/**
 * Time until the StudioStore holds every Studio of a workspace with 1,000
 * Studios, through the extension's own path (StudiosApi.listStudios →
 * PlatformClient.paginate over the shared HttpClient), as after switching
 * workspace: the user is known, connections are warm. Pages of 100.
 *
 * A first (cold) load: the first page says how many there are, the other nine
 * could all be in flight at once, so the bound is 2 × RTT + transfer. A
 * repeated (warm) load: the client remembers the list's size and asks every
 * page at once, so no client can beat 1 × RTT + transfer (`warm`).
 */
export interface StudiosListResult {
  studios: number;
  requests: number;
  pageSize: number;
  /** Cold loads: a client that has not listed this workspace before. */
  ms: Summary;
  rtt0Ms: Summary;
  bound: Bound;
  ratio: Summary;
  /** Repeated loads through one client (it asks all pages at once), against the 1-round-trip bound. */
  warm: { requests: number; ms: Summary; bound: Bound; ratio: Summary };
  /** Without injected RTT: the emulator answering the pages one after the other, raw (its own work plus transfer). */
  serverSequentialRtt0Ms: Summary;
  /** JSON.parse and the extension's narrowing (parseStudioPage) of those pages, in this Node. */
  clientParseMs: Summary;
  /** The StudioStore alone holding the 5,000-Studio workspace (no tree), in this Node. */
  store5k: { studios: number; before: MemorySample; after: MemorySample; deltaHeapMiB: number };
}

export const PAGE_SIZE = 100;

let run = 0;

/**
 * One measured load of the 1,000-Studio workspace through the HTTP layer of the client `clientFor` gives
 * (plain Node or the real VS Code): the same client each time for warm loads, a new one for cold loads.
 */
export function studiosLoad(clientFor: () => PlatformClient, control: ControlApi, workspaceId: number): () => Promise<ListLoad> {
  return async () => {
    const store = new StudioStore({ timers: realTimers });
    store.setContext({ api: new StudiosApi(clientFor(), workspaceId), key: `bench-${++run}`, workspaceLabel: 'bench-org / studios-1k' });
    const mark = await control.mark();
    const t0 = nowMs();
    await store.ensureLoaded();
    const ms = nowMs() - t0;
    if (store.state !== 'loaded') throw new Error(`Studios list ended ${store.state}: ${String(store.lastError)}`);
    const count = store.studios.length;
    store.dispose();
    return { ms, count, requests: (await control.requestsSince(mark)).count };
  };
}

export async function benchStudiosList(control: ControlApi, info: WorldInfo, repeats: number): Promise<StudiosListResult> {
  const http = new HttpClient({ transport: undiciTransport() });
  const session = await signedInSession(http, info.platformUrl, info.waveUrl, info.token);
  const client = session.requireClient();
  const workspaceId = info.ws1k.workspaceId;
  const expected = info.studios1k;
  // Cold: a new PlatformClient over the same HttpClient (warm connections), so it has no list size yet.
  const once = studiosLoad(freshClient(client, http, info.token), control, workspaceId);
  const again = studiosLoad(() => client, control, workspaceId);
  try {
    const { samples, last } = await warmRepeats(once, repeats);
    if (last.count !== expected) throw new Error(`listed ${last.count} Studios, expected ${expected}`);
    const warm = await warmRepeats(again, repeats);
    if (warm.last.count !== expected) throw new Error(`listed ${warm.last.count} Studios again, expected ${expected}`);

    const urls: URL[] = [];
    for (let offset = 0; offset < expected; offset += PAGE_SIZE) urls.push(client.url('/studios', { workspaceId, max: PAGE_SIZE, offset }));
    const headers = { authorization: `Bearer ${info.token}` };
    await control.setRtt(0);
    const rtt0: number[] = [];
    const server: number[] = [];
    let bodies: Buffer[] = [];
    try {
      for (let i = 0; i < repeats; i++) rtt0.push((await once()).ms);
      for (let i = 0; i < repeats; i++) {
        const t0 = nowMs();
        bodies = await rawBodies(urls, headers);
        server.push(nowMs() - t0);
      }
    } finally {
      await control.setRtt(info.rttMs);
    }
    const parse: number[] = [];
    for (let i = 0; i < repeats; i++) {
      const t0 = nowMs();
      let n = 0;
      for (const body of bodies) n += parseStudioPage(JSON.parse(body.toString('utf8'))).studios.length;
      parse.push(nowMs() - t0);
      if (n !== expected) throw new Error(`parsed ${n} Studios`);
    }
    const bytes = bodies.reduce((n, body) => n + body.length, 0);
    const transferMs = await measureTransferMs(bytes);
    const b = rounded(bound(2, info.rttMs, bytes, transferMs));
    const wb = rounded(bound(1, info.rttMs, bytes, transferMs));

    const gc = exposeGc();
    const before = memorySample(gc);
    const big = new StudioStore({ timers: realTimers });
    big.setContext({ api: new StudiosApi(client, info.ws5k.workspaceId), key: 'bench-5k', workspaceLabel: 'bench-org / studios-5k' });
    await big.ensureLoaded();
    const after = memorySample(gc);
    const held = big.studios.length;
    big.dispose();
    if (held !== info.studios5k) throw new Error(`the 5k store holds ${held} Studios`);
    return {
      studios: last.count,
      requests: last.requests,
      pageSize: PAGE_SIZE,
      ms: summarise(samples),
      rtt0Ms: summarise(rtt0),
      bound: b,
      ratio: summarise(samples.map((s) => s / b.boundMs)),
      warm: { requests: warm.last.requests, ms: summarise(warm.samples), bound: wb, ratio: summarise(warm.samples.map((s) => s / wb.boundMs)) },
      serverSequentialRtt0Ms: summarise(server),
      clientParseMs: summarise(parse),
      store5k: { studios: held, before, after, deltaHeapMiB: round(after.heapUsedMiB - before.heapUsedMiB, 1) },
    };
  } finally {
    session.dispose();
    await http.close();
  }
}

/** A new PlatformClient for the same endpoint and token over `http` each call: it has listed nothing yet (a cold load). */
export function freshClient(like: PlatformClient, http: HttpClient, token: string): () => PlatformClient {
  return () => new PlatformClient({ apiUrl: like.apiUrl, token, http });
}

function rounded(b: Bound): Bound {
  return { ...b, transferMs: round(b.transferMs), boundMs: round(b.boundMs) };
}
