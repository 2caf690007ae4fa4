import { HttpClient } from '../../src/net/http';
import { undiciTransport } from '../../src/net/undiciTransport';
import type { Transport } from '../../src/net/transport';
import { StudiosApi } from '../../src/platform/studios';
import { realTimers } from '../../src/schedule/timers';
import { StudioStore, type StudioQuery } from '../../src/studios/studioStore';
import { WorkspaceStore } from '../../src/workspaces/workspaceStore';
import { check, type TargetCheck } from '../lib/targets';
import { MapMemento, signedInSession } from '../lib/fakes';
import { exposeGc, memorySample } from '../lib/gc';
import { nowMs, round, summarise, type Summary } from '../lib/stats';
import { spawnScaleWorld } from './scaleWorld';

/**
 * Scale curves of #18 (`scaleCurves` in latest.json): time, requests and memory against N, through the
 * extension's own stores in plain Node, against the scale emulator (bench/node/scaleWorld.ts, its own
 * process, the same injected RTT):
 *
 * - Studios: 1,000 / 10,000 / 50,000 in one workspace. `all` is the view's list (StudioStore.ensureLoaded):
 *   past 10,000 it stops at the cap and says so (the view then offers the search); `mine` is My Studios
 *   (`userId:` search, 1 % of N), `search` a Platform search for `status:running` (a tenth of N, also capped),
 *   `needle` the search for the one Studio listed last, which `all` cuts off at 50,000.
 * - Workspaces: WorkspaceStore.load for users of 10 / 50 / 200 workspaces, from a session that does not know its
 *   user yet (GET /user-info, then GET /user/{id}/workspaces).
 *
 * Requests are counted by the client's transport. Memory is the heap growth (after two forced GCs) while the
 * store holds the list. `msPerItem` is time / items listed: flat or falling means linear or better.
 */
export interface ScaleLoad {
  ms: Summary;
  requests: number;
  listed: number;
  /** The list stopped at the paging cap: how many the Platform holds. */
  cut: { kept: number; total?: number } | null;
  msPerItem: number;
}

export interface StudiosScalePoint {
  n: number;
  all: ScaleLoad & { heapMiB: number; kibPerStudio: number };
  mine: ScaleLoad;
  search: ScaleLoad;
  needle: ScaleLoad;
}

export interface WorkspacesScalePoint extends ScaleLoad {
  n: number;
  heapMiB: number;
}

export interface ScaleCurves {
  rttMs: number;
  repeats: number;
  studios: StudiosScalePoint[];
  workspaces: WorkspacesScalePoint[];
  /**
   * Where growth is judged: time per listed Studio (or workspace) at the largest uncut N ÷ at the smallest
   * (≤ 1.25: linear or better, with room for noise), and the same for memory per Studio.
   */
  growth: { studiosTimePerItem: number; studiosHeapPerItem: number; workspacesTimePerItem: number };
}

function countingTransport(inner: Transport): { transport: Transport; count(): number } {
  let n = 0;
  return {
    transport: { name: inner.name, fetch: (...args) => (n++, inner.fetch(...args)), close: () => inner.close?.() ?? Promise.resolve() },
    count: () => n,
  };
}

export async function benchScaleCurves(rttMs: number, repeats = 3, say: (s: string) => void = () => undefined): Promise<ScaleCurves> {
  say('scale curves: starting the scale emulator (61,000 Studios, 200 workspaces)');
  const world = await spawnScaleWorld(rttMs);
  const counter = countingTransport(undiciTransport());
  const http = new HttpClient({ transport: counter.transport });
  const gc = exposeGc();
  try {
    const info = world.info;
    const session = await signedInSession(http, info.platformUrl, info.waveUrl, info.token);
    const client = session.requireClient();
    let run = 0;
    const load = async (workspaceId: number, query: StudioQuery, expected: number, cap = 10_000): Promise<ScaleLoad & { heapMiB: number }> => {
      const samples: number[] = [];
      let last = { requests: 0, listed: 0, cut: null as ScaleLoad['cut'] };
      let heapMiB = 0;
      for (let i = 0; i < repeats; i++) {
        const before = memorySample(gc);
        const store = new StudioStore({ timers: realTimers });
        store.setContext({ api: new StudiosApi(client, workspaceId), key: `scale-${++run}`, workspaceLabel: 'scale', userId: info.mainUserId });
        // After the context: a search belongs to the workspace it is set in.
        store.setQuery(query);
        const sent = counter.count();
        const t0 = nowMs();
        await store.ensureLoaded();
        samples.push(nowMs() - t0);
        if (store.state !== 'loaded') throw new Error(`scale list ended ${store.state}: ${String(store.lastError)}`);
        const after = memorySample(gc);
        last = { requests: counter.count() - sent, listed: store.studios.length, cut: store.truncation ?? null };
        // A disposed store is collected only a little later, so a later repeat's "before" still holds the
        // previous list: the heap is taken from the first repeat, after small loads.
        if (i === 0) heapMiB = round(after.heapUsedMiB - before.heapUsedMiB, 1);
        store.dispose();
      }
      if (last.listed !== Math.min(expected, cap)) throw new Error(`listed ${last.listed} Studios, expected ${Math.min(expected, cap)} of ${expected}`);
      const ms = summarise(samples);
      return { ms, ...last, heapMiB, msPerItem: round(ms.median / Math.max(1, last.listed), 4) };
    };
    const studios: StudiosScalePoint[] = [];
    for (const p of info.studios) {
      say(`scale curves: ${p.n.toLocaleString('en-US')} Studios`);
      const all = await load(p.workspaceId, { mine: false, search: '' }, p.n);
      const mine = await load(p.workspaceId, { mine: true, search: '' }, p.mine);
      const search = await load(p.workspaceId, { mine: false, search: 'status:running' }, p.running);
      const needle = await load(p.workspaceId, { mine: false, search: p.needle }, 1);
      const { heapMiB, ...allLoad } = all;
      studios.push({
        n: p.n,
        all: { ...allLoad, heapMiB, kibPerStudio: round((heapMiB * 1024) / all.listed, 2) },
        mine: strip(mine),
        search: strip(search),
        needle: strip(needle),
      });
    }
    session.dispose();

    const workspaces: WorkspacesScalePoint[] = [];
    for (const w of info.workspaces) {
      say(`scale curves: ${w.n} workspaces`);
      const samples: number[] = [];
      let last = { requests: 0, listed: 0 };
      let heapMiB = 0;
      for (let i = 0; i < repeats; i++) {
        const s = await signedInSession(http, info.platformUrl, info.waveUrl, w.token);
        const before = memorySample(gc);
        const store = new WorkspaceStore(s, new MapMemento());
        const sent = counter.count();
        const t0 = nowMs();
        await store.load();
        samples.push(nowMs() - t0);
        if (store.list.kind !== 'loaded') throw new Error(`workspace list ended ${store.list.kind}`);
        const after = memorySample(gc);
        last = { requests: counter.count() - sent, listed: store.all().length - 1 };
        if (i === 0) heapMiB = round(after.heapUsedMiB - before.heapUsedMiB, 2);
        store.dispose();
        s.dispose();
      }
      if (last.listed !== w.n) throw new Error(`listed ${last.listed} workspaces, expected ${w.n}`);
      const ms = summarise(samples);
      workspaces.push({ n: w.n, ms, requests: last.requests, listed: last.listed, cut: null, msPerItem: round(ms.median / w.n, 4), heapMiB });
    }
    return { rttMs, repeats, studios, workspaces, growth: growth(studios, workspaces) };
  } finally {
    await http.close();
    await world.stop();
  }
}

function strip(l: ScaleLoad & { heapMiB: number }): ScaleLoad {
  const { heapMiB: _heap, ...rest } = l;
  return rest;
}

function growth(studios: StudiosScalePoint[], workspaces: WorkspacesScalePoint[]): ScaleCurves['growth'] {
  const uncut = studios.filter((p) => p.all.cut === null);
  const small = uncut[0];
  const large = uncut.at(-1);
  const w0 = workspaces[0];
  const w1 = workspaces.at(-1);
  return {
    studiosTimePerItem: small && large ? round(large.all.msPerItem / small.all.msPerItem, 2) : NaN,
    studiosHeapPerItem: small && large ? round(large.all.kibPerStudio / small.all.kibPerStudio, 2) : NaN,
    workspacesTimePerItem: w0 && w1 ? round(w1.msPerItem / w0.msPerItem, 2) : NaN,
  };
}

/** The targets: growth linear or better (time and memory per item, largest over smallest N, ≤ 1.25). */
export function scaleTargets(c: ScaleCurves | undefined): TargetCheck[] {
  const n = (p: StudiosScalePoint[] | undefined): string => (p ? p.filter((x) => x.all.cut === null).map((x) => x.n.toLocaleString('en-US')).join(' → ') : '?');
  return [
    check('scaleStudiosTimePerStudio', c?.growth.studiosTimePerItem, '<=', 1.25, '×', `Studios list time per Studio, ${n(c?.studios)} (uncut sizes), largest / smallest`),
    check('scaleStudiosHeapPerStudio', c?.growth.studiosHeapPerItem, '<=', 1.25, '×', 'heap per Studio held, the same sizes'),
    check('scaleWorkspacesTimePerWorkspace', c?.growth.workspacesTimePerItem, '<=', 1.25, '×', `workspaces list time per workspace, ${c?.workspaces.map((w) => w.n).join(' → ') ?? '?'}`),
  ];
}

/** Rows of the bench table (benchmark, median, p90, notes, target id). */
export function scaleRows(c: ScaleCurves | undefined): [string, string, string, string, string][] {
  if (!c) return [['Scale curves (Studios, workspaces)', 'not measured', '', '', '']];
  const ms = (x: number): string => `${Math.round(x).toLocaleString('en-US')} ms`;
  const cut = (l: ScaleLoad): string => (l.cut ? `, cut at ${l.cut.kept.toLocaleString('en-US')} of ${l.cut.total?.toLocaleString('en-US') ?? '?'}` : '');
  const rows: [string, string, string, string, string][] = [];
  // Growth is judged on the sizes the list holds whole; past the cap it holds 10,000 whatever N is.
  const lastUncut = c.studios.filter((p) => p.all.cut === null).at(-1);
  for (const p of c.studios) {
    const N = p.n.toLocaleString('en-US');
    rows.push([`Scale: ${N} Studios, the list`, ms(p.all.ms.median), ms(p.all.ms.p90), `${p.all.listed.toLocaleString('en-US')} listed${cut(p.all)}; ${p.all.requests} requests; +${p.all.heapMiB} MiB heap (${p.all.kibPerStudio} KiB/Studio); ${p.all.msPerItem} ms/Studio`, p === lastUncut ? 'scaleStudiosTimePerStudio' : '']);
    rows.push([`Scale: ${N} Studios, My Studios`, ms(p.mine.ms.median), ms(p.mine.ms.p90), `${p.mine.listed} listed; ${p.mine.requests} requests`, '']);
    rows.push([`Scale: ${N} Studios, search status:running`, ms(p.search.ms.median), ms(p.search.ms.p90), `${p.search.listed.toLocaleString('en-US')} listed${cut(p.search)}; ${p.search.requests} requests`, '']);
    rows.push([`Scale: ${N} Studios, search for the last one`, ms(p.needle.ms.median), ms(p.needle.ms.p90), `${p.needle.listed} listed; ${p.needle.requests} request${p.needle.requests === 1 ? '' : 's'}`, '']);
  }
  for (const w of c.workspaces) {
    rows.push([`Scale: ${w.n} workspaces`, ms(w.ms.median), ms(w.ms.p90), `${w.listed} listed; ${w.requests} requests; +${w.heapMiB} MiB heap; ${w.msPerItem} ms/workspace`, w === c.workspaces[c.workspaces.length - 1] ? 'scaleWorkspacesTimePerWorkspace' : '']);
  }
  return rows;
}
