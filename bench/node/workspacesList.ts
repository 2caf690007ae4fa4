import { HttpClient } from '../../src/net/http';
import { WorkspaceStore } from '../../src/workspaces/workspaceStore';
import { undiciTransport } from '../../src/net/undiciTransport';
import { bodyBytes, bound, measureTransferMs, type Bound } from '../lib/bound';
import { MapMemento, signedInSession } from '../lib/fakes';
import { nowMs, round, summarise, type Summary, warmRepeats } from '../lib/stats';
import type { ControlApi, WorldInfo } from '../lib/protocol';

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

/** One measured load through `http`: the same code for plain Node (undici) and the real VS Code (its fetch). */
export function workspacesLoad(http: HttpClient, control: ControlApi, info: WorldInfo): () => Promise<ListLoad> {
  return async () => {
    const session = await signedInSession(http, info.platformUrl, info.waveUrl, info.token);
    const store = new WorkspaceStore(session, new MapMemento());
    const mark = await control.mark();
    const t0 = nowMs();
    await store.load();
    const ms = nowMs() - t0;
    if (store.list.kind !== 'loaded') throw new Error(`workspace list ended ${store.list.kind}`);
    const count = store.all().length - 1; // without the personal workspace
    store.dispose();
    session.dispose();
    return { ms, count, requests: (await control.requestsSince(mark)).count };
  };
}

export interface ListLoad {
  ms: number;
  count: number;
  requests: number;
}

export async function benchWorkspaces(control: ControlApi, info: WorldInfo, repeats: number): Promise<WorkspacesResult> {
  const http = new HttpClient({ transport: undiciTransport() });
  const once = workspacesLoad(http, control, info);
  try {
    const { samples, last } = await warmRepeats(once, repeats);
    if (last.count !== info.orgWorkspaces) throw new Error(`listed ${last.count} workspaces, expected ${info.orgWorkspaces}`);

    await control.setRtt(0);
    const rtt0: number[] = [];
    try {
      for (let i = 0; i < repeats; i++) rtt0.push((await once()).ms);
    } finally {
      await control.setRtt(info.rttMs);
    }

    const headers = { authorization: `Bearer ${info.token}` };
    const bytes = await bodyBytes([`${info.platformUrl}/user-info`, `${info.platformUrl}/user/${info.mainUserId}/workspaces`], headers);
    const b = bound(2, info.rttMs, bytes, await measureTransferMs(bytes));
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
