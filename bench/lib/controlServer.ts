import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { STUDIOS_1K, STUDIOS_5K, type World } from './world';
import type { RequestCount, StudioChange, WorldInfo } from './protocol';

/** The runner's side of bench/vscode/protocol.ts, over the bench World's emulator. */
export interface ControlServer {
  url: string;
  close(): Promise<void>;
}

export async function startControlServer(world: World): Promise<ControlServer> {
  const { emu } = world;
  const state = emu.state;
  const logAvailable = new Map<string, number>();
  const armed = new Set<string>();
  // Arms a clock timer at each new build's completion: the emulator serves the
  // log from that emulated instant on, and its clock fires timers as it passes them.
  const arm = setInterval(() => {
    for (const b of state.wave.builds.values()) {
      if (armed.has(b.buildId)) continue;
      armed.add(b.buildId);
      const at = b.startTime + b.plan.durationMs;
      if (state.clock.now() >= at) logAvailable.set(b.buildId, Date.now());
      else state.clock.at(at, () => logAvailable.set(b.buildId, Date.now()));
    }
  }, 5);

  const ops: Record<string, (body: Record<string, unknown>) => Promise<unknown>> = {
    info: async (): Promise<WorldInfo> => ({
      platformUrl: emu.platformUrl,
      waveUrl: emu.waveUrl,
      token: emu.token,
      rttMs: world.rttMs,
      ws1k: world.ws1k,
      ws5k: world.ws5k,
      small: world.small,
      studios1k: STUDIOS_1K,
      studios5k: STUDIOS_5K,
      orgWorkspaces: world.orgWorkspaceCount,
      mainUserId: state.mainUserId,
    }),
    changeStudio: async (body): Promise<StudioChange> => {
      const running = state.studiosIn(Number(body.workspaceId)).filter((s) => s.status === 'running');
      const studio = running[Math.floor(running.length / 2)];
      if (!studio) throw new Error('no running Studio left to stop');
      state.lifecycle.stop(studio);
      return { sessionId: studio.sessionId, status: studio.status, changedAt: Date.now() };
    },
    // A mark is a time on the emulator's clock, and a request counts from when it ARRIVED: the log holds a
    // request only once it is answered, after the injected RTT, so counting by log position put requests sent
    // just before a mark (e.g. the last pages of a refresh sent while the view was still visible) after it.
    mark: async () => ({ mark: emu.clock.now() }),
    requestsSince: async (body): Promise<RequestCount> => {
      const since = emu.requests.filter((r) => r.time >= Number(body.mark));
      const byRoute: Record<string, number> = {};
      for (const r of since) {
        const route = `${r.method} ${r.path.replace(/\/[A-Za-z0-9_-]{16,}(?=\/|$)/g, '/{id}').replace(/\/\d+(?=\/|$)/g, '/{n}')}`;
        byRoute[route] = (byRoute[route] ?? 0) + 1;
      }
      return { count: since.length, byRoute };
    },
    setRtt: async (body) => {
      world.setRtt(Number(body.ms));
      return {};
    },
    setSpeed: async (body) => {
      emu.clock.setSpeed(Number(body.speed));
      return {};
    },
    buildLogAvailableAt: async (body) => {
      const id = String(body.buildId);
      const end = Date.now() + 120_000;
      while (!logAvailable.has(id)) {
        if (Date.now() > end) throw new Error(`build ${id} never finished`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return { at: logAvailable.get(id) };
    },
  };

  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      const op = ops[(req.url ?? '').replace(/^\//, '')];
      const send = (status: number, body: unknown): void => void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (!op) return send(404, { message: `no op ${req.url}` });
      let body: Record<string, unknown> = {};
      try {
        body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      } catch {
        return send(400, { message: 'bad JSON' });
      }
      op(body).then(
        (out) => send(200, out),
        (e: unknown) => send(500, { message: e instanceof Error ? e.message : String(e) }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      clearInterval(arm);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
