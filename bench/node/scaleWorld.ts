import { spawnJsonLineProcess } from '../lib/worldProcess';
import { startEmulator } from '../../test/emulator';
import type { StudioStatus } from '../../test/emulator/model';

/**
 * The emulated account of the scale curves (#18), in a process of its own like the bench World (its work of
 * building and serialising pages is not on the measured client's event loop): one workspace per Studio count
 * (`scale-1000`, `scale-10000`, `scale-50000`), 1 % of each workspace's Studios the main user's, a tenth
 * running, and the oldest one named `needle-<N>` (listed last: past the 10,000 cap at 50,000); and three users
 * who are members of 10, 50 and 200 workspaces. Every answer is delayed by the RTT. Run as a script it prints
 * the ScaleWorldInfo as one JSON line and lives until its stdin closes.
 */
export const SCALE_STUDIOS = [1_000, 10_000, 50_000] as const;
export const SCALE_WORKSPACES = [10, 50, 200] as const;
/** Every MINE_EVERY-th Studio belongs to the main user. */
export const MINE_EVERY = 100;

export interface ScaleWorldInfo {
  platformUrl: string;
  waveUrl: string;
  token: string;
  mainUserId: number;
  rttMs: number;
  studios: { n: number; workspaceId: number; mine: number; running: number; needle: string }[];
  workspaces: { n: number; token: string }[];
}

const STATUSES: StudioStatus[] = ['stopped', 'stopped', 'stopped', 'stopped', 'running', 'stopped', 'errored', 'stopped', 'stopped', 'buildFailed'];

async function main(): Promise<void> {
  const rttMs = Number(process.argv[2] ?? 50);
  // The emulator's own (manual) clock never moves: every Studio stays in its state.
  const emu = await startEmulator({ seed: 18 });
  const { state } = emu;
  const main = state.mainUserId;
  const others = [...state.users.values()].filter((u) => u.id !== main).map((u) => u.id);
  const org = state.addOrg({ name: 'scale-org', fullName: 'Scale curves', type: 'pro' }, [[main, 'owner']]);
  const images = state.templates.slice(0, 4).map((t) => t.repository);
  const studios: ScaleWorldInfo['studios'] = [];
  for (const n of SCALE_STUDIOS) {
    const ws = state.addWorkspace(org.orgId, { name: `scale-${n}`, fullName: `${n} Studios` }, [[main, 'owner']]);
    state.addComputeEnv(ws.id, { name: 'aws-batch', primary: true });
    const needle = `needle-${n}`;
    state.addStudio({ workspaceId: ws.id, name: needle, status: 'stopped', userId: others[0], ageMs: 5_000 * 3_600_000 });
    let mine = 0;
    let running = 0;
    for (let i = 1; i < n; i++) {
      const status = STATUSES[i % STATUSES.length]!;
      const own = i % MINE_EVERY === 0;
      if (own) mine++;
      if (status === 'running') running++;
      state.addStudio({
        workspaceId: ws.id,
        name: `s-${String(i).padStart(5, '0')}`,
        status,
        image: images[i % images.length],
        userId: own ? main : others[i % others.length],
        ageMs: (1 + (i % 4_000)) * 3_600_000,
      });
    }
    studios.push({ n, workspaceId: ws.id, mine, running, needle });
  }
  const many = state.addOrg({ name: 'many-org', fullName: 'Many workspaces', type: 'pro' }, []);
  const max = Math.max(...SCALE_WORKSPACES);
  const users = SCALE_WORKSPACES.map((n) => ({ n, user: state.addUser({ userName: `ws-${n}`, email: `ws-${n}@example.org` }) }));
  for (let i = 0; i < max; i++) {
    const members = users.filter((u) => i < u.n).map((u): [number, 'maintain'] => [u.user.id, 'maintain']);
    state.addWorkspace(many.orgId, { name: `w-${String(i).padStart(3, '0')}`, fullName: `Workspace ${i}` }, members);
  }
  const workspaces = users.map(({ n, user }) => ({ n, token: state.addToken(user.id, 'bench') }));
  if (rttMs > 0) emu.faults.add({ kind: 'latency', ms: rttMs });
  const info: ScaleWorldInfo = { platformUrl: emu.platformUrl, waveUrl: emu.waveUrl, token: emu.token, mainUserId: main, rttMs, studios, workspaces };
  process.stdout.write(`${JSON.stringify(info)}\n`);
  process.stdin.resume();
  process.stdin.once('end', () => {
    void emu.stop().finally(() => process.exit(0));
  });
}

export interface ScaleWorld {
  info: ScaleWorldInfo;
  stop(): Promise<void>;
}

/** Starts the scale world's process; resolves with its info once it is listening. */
export async function spawnScaleWorld(rttMs: number): Promise<ScaleWorld> {
  const { first, stop } = await spawnJsonLineProcess<ScaleWorldInfo>(__filename, [String(rttMs)], 'the scale emulator');
  return { info: first, stop };
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
