import { startEmulator, type Emulator } from '../../test/emulator';
import type { StudioStatus } from '../../test/emulator/model';

/**
 * The emulated account every benchmark runs against: the emulator's seed data
 * plus an org `bench-org` that brings the main user to exactly
 * ORG_WORKSPACES organization workspaces, two of which hold the big Studio
 * lists (`studios-1k`, `studios-5k`). Real clock (Studios and builds move on
 * their own), and every request of both servers answers after `rttMs`.
 */
export const ORG_WORKSPACES = 40;
export const STUDIOS_1K = 1_000;
export const STUDIOS_5K = 5_000;
export const DEFAULT_RTT_MS = 50;

export interface World {
  emu: Emulator;
  rttMs: number;
  /** Organization workspaces the main user is a member of (the personal one not counted). */
  orgWorkspaceCount: number;
  ws1k: { workspaceId: number; orgId: number; orgName: string; workspaceName: string };
  ws5k: { workspaceId: number; orgId: number; orgName: string; workspaceName: string };
  /** A small seeded workspace (genomics-core / rnaseq). */
  small: { workspaceId: number; orgId: number; orgName: string; workspaceName: string };
  setRtt(ms: number): void;
}

const STATUSES: StudioStatus[] = ['stopped', 'stopped', 'stopped', 'running', 'running', 'running', 'errored', 'starting', 'stopping', 'buildFailed'];

export async function startWorld(options: { rttMs?: number; speed?: number; seed?: number } = {}): Promise<World> {
  const rttMs = options.rttMs ?? DEFAULT_RTT_MS;
  const emu = await startEmulator({ clock: 'real', speed: options.speed ?? 1, seed: options.seed ?? 7 });
  const { state } = emu;
  const main = state.mainUserId;
  const others = [...state.users.values()].filter((u) => u.id !== main).map((u) => u.id);
  const memberOf = (): number => [...state.workspaces.values()].filter((w) => w.orgId !== undefined && w.participants.has(main)).length;

  const org = state.addOrg({ name: 'bench-org', fullName: 'Benchmark Organization', type: 'pro' }, [[main, 'owner']]);
  const addWs = (name: string): { workspaceId: number; orgId: number; orgName: string; workspaceName: string } => {
    const ws = state.addWorkspace(org.orgId, { name, fullName: name }, [[main, 'owner']]);
    state.addComputeEnv(ws.id, { name: 'aws-batch', primary: true });
    return { workspaceId: ws.id, orgId: org.orgId, orgName: org.name, workspaceName: ws.name };
  };
  const ws1k = addWs('studios-1k');
  const ws5k = addWs('studios-5k');
  for (let i = 1; memberOf() < ORG_WORKSPACES; i++) addWs(`project-${String(i).padStart(3, '0')}`);

  const images = state.templates.slice(0, 4).map((t) => t.repository);
  const fill = (workspaceId: number, count: number, prefix: string): void => {
    for (let i = 1; i <= count; i++) {
      state.addStudio({
        workspaceId,
        name: `${prefix}-${String(i).padStart(5, '0')}`,
        status: state.rng.pick(STATUSES),
        image: state.rng.pick(images),
        userId: state.rng.next() < 0.6 ? main : state.rng.pick(others),
        ageMs: state.rng.int(1, 400) * 3_600_000,
        configuration: { sshEnabled: state.rng.next() < 0.2 ? true : null },
      });
    }
  };
  fill(ws1k.workspaceId, STUDIOS_1K, 'studio');
  fill(ws5k.workspaceId, STUDIOS_5K, 'lab');

  const rnaseq = state.workspace('genomics-core', 'rnaseq');
  const small = { workspaceId: rnaseq.id, orgId: rnaseq.orgId as number, orgName: 'genomics-core', workspaceName: rnaseq.name };

  const setRtt = (ms: number): void => {
    emu.faults.clear();
    if (ms > 0) emu.faults.add({ kind: 'latency', ms });
  };
  setRtt(rttMs);
  return { emu, rttMs, orgWorkspaceCount: memberOf(), ws1k, ws5k, small, setRtt };
}
