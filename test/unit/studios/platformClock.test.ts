import * as assert from 'node:assert/strict';
import { HttpClient } from '../../../src/net/http';
import { undiciTransport } from '../../../src/net/undiciTransport';
import { PlatformClient } from '../../../src/platform/client';
import { StudiosApi } from '../../../src/platform/studios';
import { PlatformClock } from '../../../src/schedule/platformClock';
import { LifespanWarner } from '../../../src/studios/lifespanWarner';
import { lifespanLeftMs, studioTooltip } from '../../../src/studios/studioPresentation';
import { StudioStore } from '../../../src/studios/studioStore';
import { ManualTimers } from '../../../src/testing/manualTimers';
import { startEmulator, type Emulator } from '../../emulator';

const M = 60_000;
const H = 60 * M;

describe('Platform clock (unit)', () => {
  it('#17.9 takes the Platform time from the Date header (mid-second), ignores what the header cannot tell, follows a swapped local clock', () => {
    const c = new PlatformClock();
    assert.equal(c.now(1_000), 1_000, 'no answer yet: the local clock');
    c.observe(Date.UTC(2025, 5, 2, 9, 0, 0), Date.UTC(2025, 5, 2, 8, 38, 0)); // local clock 22 min behind
    assert.equal(c.skewMs, 22 * M + 500);
    assert.equal(c.now(Date.UTC(2025, 5, 2, 8, 40, 0)), Date.UTC(2025, 5, 2, 9, 2, 0, 500));
    c.observe(10_000, 9_000); // 1.5 s ahead: within the header's second plus a round trip
    assert.equal(c.skewMs, 0);
    c.observe(10_000, 12_000); // 1.5 s behind
    assert.equal(c.skewMs, 0);
    c.observe(10_000, 12_600); // 2.1 s behind
    assert.equal(c.skewMs, -2_100);
    c.shift(-100_000); // a new local clock 100 s behind the old one
    assert.equal(c.skewMs, 97_900);
    c.reset();
    assert.equal(c.skewMs, 0);
    c.shift(5_000_000);
    assert.equal(c.skewMs, 0, 'nothing known: a swapped clock does not invent a skew');
  });
});

describe('lifespan on the Platform clock against the emulator (unit)', function () {
  this.timeout(20_000);
  let emu: Emulator;
  let http: HttpClient;
  let timers: ManualTimers;
  let store: StudioStore;
  let wsId: number;

  beforeEach(async () => {
    emu = await startEmulator({ seed: 9 });
    http = new HttpClient({ transport: undiciTransport(), sleep: async () => undefined });
    wsId = emu.state.workspace('genomics-core', 'rnaseq').id;
    const api = new StudiosApi(new PlatformClient({ apiUrl: emu.platformUrl, token: emu.token, http }), wsId);
    // The machine: its clock 22 minutes behind the Platform's.
    timers = new ManualTimers(emu.clock.now() - 22 * M);
    store = new StudioStore({ timers });
    store.setContext({ api, key: 'rnaseq', workspaceLabel: 'genomics-core / rnaseq', userId: emu.state.mainUser.id });
  });
  afterEach(async () => {
    store.dispose();
    await http.close();
    await emu.stop();
  });

  async function step(ms: number): Promise<void> {
    await emu.clock.advance(ms);
    await timers.advance(ms);
  }

  it('#17.9 an 8 h Studio started 2 h ago shows 6 h left, not 6 h 22 min, when the local clock is 22 min behind', async () => {
    const rec = emu.state.addStudio({ workspaceId: wsId, name: 'clock-8h', status: 'running', configuration: { lifespanHours: 8 } });
    assert.equal(rec.lastStarted, emu.clock.now() - 2 * H, 'the emulator places a running Studio as started 2 h ago');
    await store.refresh('all', 'manual');
    const studio = store.get(rec.sessionId);
    assert.ok(studio);
    const viewer = { userId: emu.state.mainUser.id, now: store.platformNow() };
    assert.match(studioTooltip(studio, viewer), /Lifespan left: 6 h(?! 22)/);
    const left = lifespanLeftMs(studio, store.platformNow());
    assert.ok(left !== undefined && left <= 6 * H && left > 6 * H - 1_000, `${left} ms: at most the header's half second off`);
    assert.equal(lifespanLeftMs(studio, timers.now()), 6 * H + 22 * M, 'what the local clock would have said (the bug)');

    await step(3 * H);
    assert.match(studioTooltip(studio, { ...viewer, now: store.platformNow() }), /Lifespan left: 3 h(?! 22)/, 'counted on as the local clock moves');
  });

  it('#17.9 the lifespan warning comes 15 min before the Platform ends the Studio, not 22 min late', async () => {
    const rec = emu.state.addStudio({ workspaceId: wsId, name: 'clock-warn', status: 'running', configuration: { lifespanHours: 3 } });
    assert.equal(rec.lastStarted, emu.clock.now() - 2 * H); // ends in 1 h on the Platform
    const warned: { name: string; msLeft: number; at: number }[] = [];
    const warner = new LifespanWarner({ store, timers, leadMinutes: () => 15, warn: (s, msLeft) => warned.push({ name: s.name, msLeft, at: emu.clock.now() }) });
    try {
      await store.refresh('all', 'manual');
      await step(45 * M - 1_000);
      assert.equal(warned.length, 0, 'not before 45 min on the Platform');
      await step(1_000);
      assert.equal(warned.length, 1);
      assert.equal(warned[0]?.name, 'clock-warn');
      assert.equal(warned[0]?.at, (rec.lastStarted ?? 0) + 3 * H - 15 * M, 'at 45 min on the Platform clock');
      assert.ok(Math.abs((warned[0]?.msLeft ?? 0) - 15 * M) <= 1_000, `${warned[0]?.msLeft} ms left`);
    } finally {
      warner.dispose();
    }
  });
});
