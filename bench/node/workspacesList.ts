import { HttpClient } from '../../src/net/http';
import { WorkspaceStore } from '../../src/model/workspaceStore';
import { bodyBytes, bound, measureTransferMs, type Bound } from '../lib/bound';
import { MapMemento, signedInSession } from '../lib/fakes';
import { nowMs, round, summarise, type Summary } from '../lib/stats';
import type { World } from '../lib/world';

/**
 * Time until the Workspaces tree has every workspace of an account with 40
 * organization workspaces, through the extension's SessionStore and
 * WorkspaceStore, from a session that does not know its user yet (as after
 * start-up): GET /user-info, then GET /user/{id}/workspaces. Two requests that
 * must follow each other: the bound is 2 × RTT + transfer.
 */
export interface WorkspacesResult {
  workspaces: number;
  requests: number;
  ms: Summary;
  rtt0Ms: Summary;
  bound: Bound;
  ratio: Summary;
}

export async function benchWorkspaces(world: World, repeats: number): Promise<WorkspacesResult> {
  const { emu } = world;
  const http = new HttpClient();
  const once = async (): Promise<{ ms: number; count: number; requests: number }> => {
    const session = await signedInSession(http, emu.platformUrl, emu.waveUrl, emu.token);
    const store = new WorkspaceStore(session, new MapMemento());
    const before = emu.requests.length;
    const t0 = nowMs();
    await store.load();
    const ms = nowMs() - t0;
    if (store.list.kind !== 'loaded') throw new Error(`workspace list ended ${store.list.kind}`);
    const count = store.all().length - 1; // without the personal workspace
    store.dispose();
    session.dispose();
    return { ms, count, requests: emu.requests.length - before };
  };
  try {
    await once(); // warm-up: connections, JIT
    const samples: number[] = [];
    let last = { count: 0, requests: 0 };
    for (let i = 0; i < repeats; i++) {
      const r = await once();
      samples.push(r.ms);
      last = r;
    }
    if (last.count !== world.orgWorkspaceCount) throw new Error(`listed ${last.count} workspaces, expected ${world.orgWorkspaceCount}`);

    world.setRtt(0);
    const rtt0: number[] = [];
    for (let i = 0; i < repeats; i++) rtt0.push((await once()).ms);
    world.setRtt(world.rttMs);

    const user = emu.state.mainUser;
    const headers = { authorization: `Bearer ${emu.token}` };
    const bytes = await bodyBytes([`${emu.platformUrl}/user-info`, `${emu.platformUrl}/user/${user.id}/workspaces`], headers);
    const b = bound(2, world.rttMs, bytes, await measureTransferMs(bytes));
    return {
      workspaces: last.count,
      requests: last.requests,
      ms: summarise(samples),
      rtt0Ms: summarise(rtt0),
      bound: { ...b, transferMs: round(b.transferMs), boundMs: round(b.boundMs) },
      ratio: summarise(samples.map((s) => s / b.boundMs)),
    };
  } finally {
    await http.close();
  }
}
