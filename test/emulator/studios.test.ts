import * as assert from 'node:assert/strict';
import { startEmulator, STUDIO_TIMINGS, type Emulator } from './index';
import { MINUTE, platform } from './testkit';

const HOUR = 60 * MINUTE;

describe('emulator Platform: Studios (unit)', () => {
  let emu: Emulator;
  let api: ReturnType<typeof platform>;
  let wsId: number;
  let ceId: string;
  const VSCODE = 'public.cr.seqera.io/platform/data-studio-vscode:1.93.1-0.8';
  const q = (extra: Record<string, string | number | boolean> = {}) => ({ workspaceId: wsId, ...extra });

  beforeEach(async () => {
    emu = await startEmulator();
    api = platform(emu);
    wsId = emu.state.workspace('genomics-core', 'rnaseq').id;
    ceId = emu.state.computeEnvsIn(wsId)[0].id;
  });
  afterEach(() => emu.stop());

  it('seeds Studios in every status, with SSH details on some', async () => {
    const r = await api.get('/studios', { query: q() });
    const statuses = new Set(r.body.studios.map((s: { statusInfo: { status: string } }) => s.statusInfo.status));
    for (const st of ['starting', 'running', 'stopping', 'stopped', 'errored', 'building', 'buildFailed']) assert.ok(statuses.has(st), st);
    const ssh = r.body.studios.find((s: { name: string }) => s.name === 'rnaseq-explore');
    assert.equal(ssh.configuration.sshEnabled, true);
    assert.match(ssh.sshDetails.command, /^ssh jsmith@[0-9a-f]{8}@127\.0\.0\.1 -p 2222$/);
    assert.equal(ssh.activeConnections.length, 2);
    const expired = r.body.studios.find((s: { name: string }) => s.name === 'long-running-notebook');
    assert.equal(expired.statusInfo.stopReason, 'LIFESPAN_EXPIRED');
  });

  it('#17.9 answers with a Date header from its own clock (a manual clock at 2025-06-02 09:00, moved 8 h 22 min), on the Platform, Wave and errors', async () => {
    const first = await api.get('/studios', { query: q() });
    assert.equal(first.headers.get('date'), 'Mon, 02 Jun 2025 09:00:00 GMT', 'the manual epoch, not the machine clock');
    await emu.clock.advance(8 * HOUR + 22 * MINUTE + 1_500);
    const later = await api.get('/studios', { query: q() });
    assert.equal(later.headers.get('date'), 'Mon, 02 Jun 2025 17:22:01 GMT', 'whole seconds, as RFC 9110 writes it');
    const missing = await api.get('/studios/nope', { query: q() });
    assert.equal(missing.status, 404);
    assert.equal(missing.headers.get('date'), 'Mon, 02 Jun 2025 17:22:01 GMT');
    const wave = await fetch(`${emu.waveUrl}/service-info`);
    assert.equal(wave.headers.get('date'), 'Mon, 02 Jun 2025 17:22:01 GMT');
  });

  it('reports a status it does not model (reportedStatus) until the lifecycle next moves the Studio', async () => {
    const rec = emu.state.addStudio({ workspaceId: wsId, name: 'future', status: 'running' });
    rec.reportedStatus = 'suspended';
    const r = await api.get(`/studios/${rec.sessionId}`, { query: q() });
    assert.equal(r.body.statusInfo.status, 'suspended');
    await api.put(`/studios/${rec.sessionId}/stop`, { query: q() });
    assert.equal((await api.get(`/studios/${rec.sessionId}`, { query: q() })).body.statusInfo.status, 'stopping');
  });

  it('serves a malformed Studio or workspace row when a test lays fields over it (dtoOverride, rowOverride)', async () => {
    const rec = emu.state.addStudio({ workspaceId: wsId, name: 'no-id', status: 'stopped' });
    rec.dtoOverride = { sessionId: undefined };
    const list = await api.get('/studios', { query: q({ search: 'no-id' }) });
    assert.equal(list.body.studios.length, 1);
    assert.equal('sessionId' in list.body.studios[0], false);
    emu.state.workspaces.get(wsId)!.rowOverride = { orgName: 42 };
    const rows = await api.get(`/user/${emu.state.mainUser.id}/workspaces`);
    assert.ok(rows.body.orgsAndWorkspaces.some((r: { workspaceId?: number; orgName: unknown }) => r.workspaceId === wsId && r.orgName === 42));
  });

  it('paginates with max/offset and reports totalSize', async () => {
    const all = await api.get('/studios', { query: q() });
    const total = all.body.totalSize;
    assert.equal(all.body.studios.length, total);
    const p1 = await api.get('/studios', { query: q({ max: 3, offset: 0 }) });
    const p2 = await api.get('/studios', { query: q({ max: 3, offset: 3 }) });
    assert.equal(p1.body.studios.length, 3);
    assert.equal(p1.body.totalSize, total);
    assert.notEqual(p1.body.studios[0].sessionId, p2.body.studios[0].sessionId);
    assert.deepEqual([...p1.body.studios, ...p2.body.studios].map((s: { sessionId: string }) => s.sessionId), all.body.studios.slice(0, 6).map((s: { sessionId: string }) => s.sessionId));
    assert.equal((await api.get('/studios', { query: q({ max: -1 }) })).status, 400);
  });

  it('hides private Studios of other users from the list', async () => {
    const variants = emu.state.workspace('genomics-core', 'variant-calling').id;
    const r = await api.get('/studios', { query: { workspaceId: variants } });
    assert.ok(r.body.studios.length > 0);
    assert.ok(!r.body.studios.some((s: { name: string }) => s.name === 'private-scratch'));
    const hidden = emu.state.studioByName('private-scratch');
    assert.equal((await api.get(`/studios/${hidden.sessionId}`, { query: { workspaceId: variants } })).status, 403);
    const asOwner = await api.get('/studios', { query: { workspaceId: variants }, token: emu.state.addToken(hidden.userId) });
    assert.ok(asOwner.body.studios.some((s: { name: string }) => s.name === 'private-scratch'));
  });

  it('defaults max to 100', async () => {
    const big = await startEmulator({ scale: { studios: 150, workspaces: 1 } });
    try {
      const ws = big.state.workspace('bench-org', 'project-001');
      const r = await platform(big).get('/studios', { query: { workspaceId: ws.id } });
      assert.equal(r.body.studios.length, 100);
      assert.equal(r.body.totalSize, 150);
    } finally {
      await big.stop();
    }
  });

  it('searches by free text and status keyword', async () => {
    const r = await api.get('/studios', { query: q({ search: 'status:running' }) });
    assert.ok(r.body.studios.length >= 1);
    assert.ok(r.body.studios.every((s: { statusInfo: { status: string } }) => s.statusInfo.status === 'running'));
    const t = await api.get('/studios', { query: q({ search: 'salmon' }) });
    assert.deepEqual(t.body.studios.map((s: { name: string }) => s.name), ['salmon-benchmark']);
    const both = await api.get('/studios', { query: q({ search: 'notebook status:stopped' }) });
    assert.deepEqual(both.body.studios.map((s: { name: string }) => s.name).sort(), ['long-running-notebook', 'qc-notebook']);
  });

  it('searches with the Platform keywords of the spec (userId, computeEnvId, status) and of tw (userName, computeEnvName), case-insensitive (#16.5)', async () => {
    const names = async (search: string): Promise<string[]> => {
      const r = await api.get('/studios', { query: q({ search }) });
      assert.equal(r.status, 200, search);
      assert.equal(r.body.totalSize, r.body.studios.length, `${search}: totalSize counts the matches`);
      return r.body.studios.map((s: { name: string }) => s.name).sort();
    };
    const rsanchez = [...emu.state.users.values()].find((u) => u.userName === 'rsanchez')!;
    assert.deepEqual(await names('userName:rsanchez'), ['qc-notebook']);
    assert.deepEqual(await names('USERNAME:RSanchez'), ['qc-notebook']);
    assert.deepEqual(await names(`userId:${rsanchez.id}`), ['qc-notebook']);
    assert.deepEqual(await names('username:mkowalski status:STOPPING'), ['salmon-benchmark']);
    assert.deepEqual(await names('username:mkowalski status:running'), []);
    // A keyword given twice matches either value.
    assert.deepEqual(await names('status:starting status:stopping'), ['deseq2-analysis', 'salmon-benchmark']);
    // Every rnaseq Studio runs on the primary compute environment; another one has none.
    const all = await names('');
    assert.deepEqual(await names('computeEnvName:aws-batch-eu-west-1'), all);
    assert.deepEqual(await names('computeEnvName:gcp-batch-us-central1'), []);
    const primary = emu.state.computeEnvsIn(wsId).find((c) => c.name === 'aws-batch-eu-west-1')!;
    assert.deepEqual(await names(`computeEnvId:${primary.id}`), all);
    // Keyword values match whole values, not parts.
    assert.deepEqual(await names('userName:rsan'), []);
  });

  it('keeps the list order (newest first) across requests, and a Studio added or deleted changes it at once', async () => {
    const first = async (): Promise<string[]> => (await api.get('/studios', { query: q({ max: 2 }) })).body.studios.map((s: { name: string }) => s.name);
    const before = await first();
    const added = emu.state.addStudio({ workspaceId: wsId, name: 'brand-new', status: 'stopped', ageMs: 0 });
    assert.deepEqual(await first(), ['brand-new', before[0]]);
    assert.equal((await api.del(`/studios/${added.sessionId}`, { query: q() })).status, 204);
    assert.deepEqual(await first(), before);
  });

  it('searches free text in the name and the template URL only (not the description); an unknown key:value is free text', async () => {
    const names = async (search: string): Promise<string[]> =>
      (await api.get('/studios', { query: q({ search }) })).body.studios.map((s: { name: string }) => s.name).sort();
    assert.deepEqual(await names('SALMON'), ['salmon-benchmark']);
    // "liver" is only in rnaseq-explore's description.
    assert.deepEqual(await names('liver'), []);
    // Template URL: the RStudio image, with its tag written as key:value.
    const rstudio = emu.state.studioByName('deseq2-analysis', wsId).template.repository;
    const tool = rstudio.split('/').pop()!;
    assert.match(tool, /:/);
    assert.deepEqual(await names(tool), ['deseq2-analysis']);
    assert.deepEqual(await names('notebook qc'), ['qc-notebook']);
  });

  it('lists personal Studios without workspaceId; 403 for a non-member workspace; 404 for an unknown one', async () => {
    const mine = await api.get('/studios');
    assert.deepEqual(mine.body.studios.map((s: { name: string }) => s.name).sort(), ['my-sandbox', 'scratch']);
    const acme = emu.state.workspace('acme-pharma', 'oncology');
    const forbidden = await api.get('/studios', { query: { workspaceId: acme.id } });
    assert.equal(forbidden.status, 403);
    const missing = await api.get('/studios', { query: { workspaceId: 123 } });
    assert.equal(missing.status, 404);
    assert.match(missing.body.message, /Workspace/);
  });

  it('gets one Studio; 404 with a message for an unknown id or the wrong workspace', async () => {
    const s = emu.state.studioByName('qc-notebook');
    const r = await api.get(`/studios/${s.sessionId}`, { query: q() });
    assert.equal(r.status, 200);
    assert.equal(r.body.name, 'qc-notebook');
    const nf = await api.get('/studios/deadbeef', { query: q() });
    assert.equal(nf.status, 404);
    assert.match(nf.body.message, /deadbeef/);
    assert.equal((await api.get(`/studios/${s.sessionId}`)).status, 404);
  });

  it('creates and auto-starts: starting with progress steps → running with studioUrl and an open checkpoint', async () => {
    const r = await api.post('/studios', { query: q(), body: { name: 'new-one', computeEnvId: ceId, dataStudioToolUrl: VSCODE, configuration: { cpu: 4 } } });
    assert.equal(r.status, 200);
    const id = r.body.studio.sessionId;
    assert.equal(r.body.studio.statusInfo.status, 'starting');
    assert.equal(r.body.studio.configuration.cpu, 4);
    let s = (await api.get(`/studios/${id}`, { query: q() })).body;
    assert.deepEqual(s.progress.map((p: { status: string }) => p.status), ['in-progress', 'pending', 'pending']);
    await emu.clock.advance(STUDIO_TIMINGS.provisioning);
    s = (await api.get(`/studios/${id}`, { query: q() })).body;
    assert.deepEqual(s.progress.map((p: { status: string }) => p.status), ['succeeded', 'in-progress', 'pending']);
    assert.equal(s.statusInfo.status, 'starting');
    await emu.clock.advance(MINUTE);
    s = (await api.get(`/studios/${id}`, { query: q() })).body;
    assert.equal(s.statusInfo.status, 'running');
    assert.match(s.studioUrl, /^http:\/\/127\.0\.0\.1:\d+\/studio\/[0-9a-f]{8}\/$/);
    assert.deepEqual(s.activeConnections, []);
    const page = await fetch(s.studioUrl);
    assert.equal(page.status, 200);
    const cps = (await api.get(`/studios/${id}/checkpoints`, { query: q() })).body;
    assert.equal(cps.totalSize, 1);
    assert.equal(cps.checkpoints[0].status, 'empty');
    await emu.clock.advance(STUDIO_TIMINGS.firstSave);
    const saved = (await api.get(`/studios/${id}/checkpoints`, { query: q() })).body;
    assert.equal(saved.checkpoints[0].status, 'interim');
  });

  it('stop → stopping → stopped, which finalizes the checkpoint; start again makes a new one', async () => {
    const s = emu.state.studioByName('rnaseq-explore');
    const r = await api.put(`/studios/${s.sessionId}/stop`, { query: q() });
    assert.deepEqual([r.body.jobSubmitted, r.body.statusInfo.status], [true, 'stopping']);
    await emu.clock.advance(STUDIO_TIMINGS.stopping);
    const after = (await api.get(`/studios/${s.sessionId}`, { query: q() })).body;
    assert.equal(after.statusInfo.status, 'stopped');
    assert.deepEqual(after.activeConnections, []);
    const cps = (await api.get(`/studios/${s.sessionId}/checkpoints`, { query: q() })).body.checkpoints;
    assert.equal(cps[0].status, 'finalized');
    assert.equal(cps[0].dateSaved, new Date(emu.clock.now()).toISOString());
    const start = await api.put(`/studios/${s.sessionId}/start`, { query: q(), body: {} });
    assert.deepEqual([start.body.jobSubmitted, start.body.statusInfo.status], [true, 'starting']);
    await emu.clock.advance(5 * MINUTE);
    const cps2 = (await api.get(`/studios/${s.sessionId}/checkpoints`, { query: q() })).body;
    assert.equal(cps2.totalSize, cps.length + 1);
  });

  it('start on a running Studio and stop on a stopped one answer 200 with jobSubmitted false and the current status', async () => {
    const running = emu.state.studioByName('rnaseq-explore');
    const a = await api.put(`/studios/${running.sessionId}/start`, { query: q(), body: {} });
    assert.equal(a.status, 200);
    assert.deepEqual([a.body.jobSubmitted, a.body.statusInfo.status], [false, 'running']);
    const stopped = emu.state.studioByName('qc-notebook');
    const b = await api.put(`/studios/${stopped.sessionId}/stop`, { query: q() });
    assert.equal(b.status, 200);
    assert.deepEqual([b.body.jobSubmitted, b.body.statusInfo.status], [false, 'stopped']);
  });

  it('start applies a configuration override', async () => {
    const s = emu.state.studioByName('qc-notebook');
    const r = await api.put(`/studios/${s.sessionId}/start`, { query: q(), body: { configuration: { cpu: 8, memory: 32768, sshEnabled: true } } });
    assert.equal(r.body.jobSubmitted, true);
    const got = (await api.get(`/studios/${s.sessionId}`, { query: q() })).body;
    assert.deepEqual([got.configuration.cpu, got.configuration.memory, got.configuration.sshEnabled], [8, 32768, true]);
    assert.ok(got.sshDetails);
  });

  it('seeded transitional Studios carry on with the clock', async () => {
    await emu.clock.advance(10 * MINUTE);
    const status = (name: string) => emu.state.studioByName(name).status;
    assert.equal(status('deseq2-analysis'), 'running');
    assert.equal(status('salmon-benchmark'), 'stopped');
    assert.equal(status('pydeseq2-env'), 'running');
  });

  it('answers 202 while mounted data links load, then 200', async () => {
    const s = emu.state.studioByName('qc-notebook');
    const dl = emu.state.dataLinksIn(wsId)[0].id;
    await api.put(`/studios/${s.sessionId}/start`, { query: q(), body: { configuration: { mountData: [dl] } } });
    const r = await api.get(`/studios/${s.sessionId}`, { query: q() });
    assert.equal(r.status, 202);
    assert.deepEqual(r.body.mountedDataLinks, []);
    await emu.clock.advance(STUDIO_TIMINGS.dataLinksLoading);
    const ok = await api.get(`/studios/${s.sessionId}`, { query: q() });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.mountedDataLinks[0].id, dl);
  });

  it('stops a running Studio with LIFESPAN_EXPIRED past its lifespan; POST /lifespan extends it', async () => {
    const a = (await api.post('/studios', { query: q(), body: { name: 'short', computeEnvId: ceId, dataStudioToolUrl: VSCODE, configuration: { lifespanHours: 1 } } })).body.studio.sessionId;
    await emu.clock.advance(MINUTE);
    assert.equal(emu.state.studio(a).status, 'running');
    const ext = await api.post(`/studios/${a}/lifespan`, { query: q() });
    assert.equal(ext.status, 200);
    assert.equal(ext.body.effectiveLifespanHours, 2);
    await emu.clock.advance(90 * MINUTE);
    assert.equal(emu.state.studio(a).status, 'running');
    await emu.clock.advance(HOUR);
    const got = (await api.get(`/studios/${a}`, { query: q() })).body;
    assert.equal(got.statusInfo.status, 'stopped');
    assert.equal(got.statusInfo.stopReason, 'LIFESPAN_EXPIRED');
    assert.equal((await api.post(`/studios/${a}/lifespan`, { query: q() })).status, 400);
  });

  it('reaches errored by the errorOnStart scenario, with an errored progress step', async () => {
    const s = emu.state.studioByName('qc-notebook');
    emu.state.setStudioScenario(s.sessionId, 'errorOnStart');
    await api.put(`/studios/${s.sessionId}/start`, { query: q(), body: {} });
    await emu.clock.advance(MINUTE);
    const got = (await api.get(`/studios/${s.sessionId}`, { query: q() })).body;
    assert.equal(got.statusInfo.status, 'errored');
    assert.match(got.statusInfo.message, /provision/);
    assert.equal(got.progress[0].status, 'errored');
  });

  it('reaches buildFailed when a conda environment has a package that does not exist, with a Wave build URL', async () => {
    const r = await api.post('/studios', {
      query: q(),
      body: { name: 'bad-env', computeEnvId: ceId, dataStudioToolUrl: VSCODE, configuration: { condaEnvironment: 'dependencies:\n  - foo-doesnotexist\n' } },
    });
    assert.equal(r.body.studio.statusInfo.status, 'building');
    await emu.clock.advance(5 * MINUTE);
    const got = (await api.get(`/studios/${r.body.studio.sessionId}`, { query: q() })).body;
    assert.equal(got.statusInfo.status, 'buildFailed');
    const logs = await fetch(`${emu.waveUrl}/v1alpha1/builds/${got.waveBuildUrl.split('/').pop()}/logs`);
    assert.match(await logs.text(), /foo-doesnotexist/);
  });

  it('#16.8 seeded building and buildFailed Studios name their Wave build (waveBuildUrl on the emulator Wave): the failed log is served, the running one 404s until done', async () => {
    const list = (await api.get('/studios', { query: q() })).body.studios as { name: string; statusInfo: { status: string; message: string }; waveBuildUrl?: string }[];
    const failed = list.find((s) => s.name === 'custom-env')!;
    const building = list.find((s) => s.name === 'pydeseq2-env')!;
    assert.equal(failed.statusInfo.status, 'buildFailed');
    assert.equal(building.statusInfo.status, 'building');
    for (const s of [failed, building]) assert.match(s.waveBuildUrl ?? '', new RegExp(`^${emu.waveUrl}/view/builds/bd-[0-9a-f]{16}_1$`));
    assert.ok(failed.statusInfo.message.includes(failed.waveBuildUrl!), 'the status message points at the build');
    const log = (s: { waveBuildUrl?: string }) => fetch(`${emu.waveUrl}/v1alpha1/builds/${s.waveBuildUrl!.split('/').pop()}/logs`);
    const failedLog = await log(failed);
    assert.equal(failedLog.status, 200);
    assert.match(await failedLog.text(), /doesnotexist/);
    assert.equal((await log(building)).status, 404, 'Wave serves a log only once the build is done');
    await emu.clock.advance(10 * MINUTE);
    assert.equal((await log(building)).status, 200);
    const bulk = await startEmulator({ scale: { studios: 40 } });
    try {
      const all = (await platform(bulk).get('/studios', { query: { workspaceId: bulk.state.workspace('genomics-core', 'rnaseq').id, max: 100 } })).body.studios as { statusInfo: { status: string }; waveBuildUrl?: string }[];
      const failedOnes = all.filter((s) => s.statusInfo.status === 'buildFailed');
      assert.ok(failedOnes.length > 1);
      for (const s of failedOnes) assert.ok(s.waveBuildUrl?.startsWith(`${bulk.waveUrl}/view/builds/`), 'every buildFailed Studio has its build');
    } finally {
      await bulk.stop();
    }
  });

  it('errorWhileRunning and spotReclaim scenarios strike after reaching running', async () => {
    const a = emu.state.studioByName('qc-notebook');
    const b = emu.state.studioByName('alphafold-results');
    emu.state.setStudioScenario(a.sessionId, 'errorWhileRunning');
    emu.state.setStudioScenario(b.sessionId, 'spotReclaim');
    emu.state.lifecycle.start(a, emu.state.mainUserId);
    emu.state.lifecycle.start(b, emu.state.mainUserId);
    await emu.clock.advance(MINUTE);
    assert.equal(a.status, 'running');
    await emu.clock.advance(STUDIO_TIMINGS.scenarioStrike);
    assert.equal(a.status, 'errored');
    assert.deepEqual([b.status, b.stopReason], ['stopped', 'SPOT_RECLAMATION']);
  });

  it('stuckStarting: the first step completes, the next stays in progress for ever; a stop works and the next start is normal (#16.7)', async () => {
    const rec = emu.state.addStudio({ workspaceId: wsId, name: 'hangs-starting', scenario: 'stuckStarting' });
    await api.put(`/studios/${rec.sessionId}/start`, { query: q(), body: {} });
    const startedAt = emu.clock.now();
    await emu.clock.advance(5 * HOUR);
    const r = await api.get(`/studios/${rec.sessionId}`, { query: q() });
    assert.equal(r.body.statusInfo.status, 'starting');
    assert.equal(r.body.statusInfo.lastUpdate, new Date(startedAt).toISOString());
    assert.deepEqual(r.body.progress.map((p: { status: string }) => p.status), ['succeeded', 'in-progress', 'pending']);
    const stop = await api.put(`/studios/${rec.sessionId}/stop`, { query: q() });
    assert.equal(stop.body.jobSubmitted, true);
    await emu.clock.advance(STUDIO_TIMINGS.stopping);
    assert.equal(rec.status, 'stopped');
    await api.put(`/studios/${rec.sessionId}/start`, { query: q(), body: {} });
    await emu.clock.advance(MINUTE);
    assert.equal(rec.status, 'running');
    const placed = emu.state.addStudio({ workspaceId: wsId, name: 'placed-hanging', status: 'starting', scenario: 'stuckStarting' });
    await emu.clock.advance(HOUR);
    assert.deepEqual([placed.status, placed.progress.map((p) => p.status)], ['starting', ['succeeded', 'in-progress', 'pending']]);
  });

  it('stuckStopping: a stop never completes, keeps its lastUpdate, and another stop answers jobSubmitted false (#16.7)', async () => {
    const rec = emu.state.addStudio({ workspaceId: wsId, name: 'hangs-stopping', status: 'running', scenario: 'stuckStopping' });
    await api.put(`/studios/${rec.sessionId}/stop`, { query: q() });
    const stoppedAt = emu.clock.now();
    await emu.clock.advance(3 * HOUR);
    const r = await api.get(`/studios/${rec.sessionId}`, { query: q() });
    assert.deepEqual([r.body.statusInfo.status, r.body.statusInfo.lastUpdate], ['stopping', new Date(stoppedAt).toISOString()]);
    const again = await api.put(`/studios/${rec.sessionId}/stop`, { query: q() });
    assert.deepEqual([again.body.jobSubmitted, again.body.statusInfo.status], [false, 'stopping']);
  });

  it('creates a Studio from a checkpoint (parentCheckpoint); 404 for an unknown checkpoint', async () => {
    const parent = emu.state.studioByName('qc-notebook');
    const cp = parent.checkpoints[1];
    const r = await api.post('/studios', { query: q({ autoStart: false }), body: { name: 'from-cp', computeEnvId: ceId, dataStudioToolUrl: VSCODE, initialCheckpointId: cp.id } });
    assert.deepEqual(r.body.studio.parentCheckpoint, { checkpointId: cp.id, checkpointName: cp.name, sessionId: parent.sessionId, studioName: 'qc-notebook' });
    const bad = await api.post('/studios', { query: q(), body: { name: 'from-nothing', computeEnvId: ceId, dataStudioToolUrl: VSCODE, initialCheckpointId: 1 } });
    assert.equal(bad.status, 404);
  });

  it('moves a stopped Studio to a compatible compute env; 400 for an incompatible one', async () => {
    const s = emu.state.studioByName('qc-notebook');
    const ces = emu.state.computeEnvsIn(wsId);
    const compatible = ces.find((c) => c.id !== s.computeEnvId && c.platform === 'aws-batch')!;
    const other = ces.find((c) => c.platform === 'google-batch')!;
    assert.equal((await api.put(`/studios/${s.sessionId}`, { query: q(), body: { computeEnvId: compatible.id } })).body.computeEnv.id, compatible.id);
    const r = await api.put(`/studios/${s.sessionId}`, { query: q(), body: { computeEnvId: other.id } });
    assert.equal(r.status, 400);
    assert.match(r.body.message, /is not compatible with the Studio's current compute environment/);
  });

  it('autoStart=false creates a stopped Studio', async () => {
    const r = await api.post('/studios', { query: q({ autoStart: false }), body: { name: 'later', computeEnvId: ceId, dataStudioToolUrl: VSCODE } });
    assert.equal(r.body.studio.statusInfo.status, 'stopped');
  });

  it('validates creation: 409 duplicate name, 400 name length/characters, 400 missing CE, 404 unknown CE, 400 unavailable CE', async () => {
    const body = { name: 'qc-notebook', computeEnvId: ceId, dataStudioToolUrl: VSCODE };
    const dup = await api.post('/studios', { query: q(), body });
    assert.equal(dup.status, 409);
    assert.match(dup.body.message, /already exists/);
    assert.equal((await api.post('/studios', { query: q(), body: { ...body, name: 'x'.repeat(81) } })).status, 400);
    assert.equal((await api.post('/studios', { query: q(), body: { ...body, name: '' } })).status, 400);
    assert.equal((await api.post('/studios', { query: q(), body: { ...body, name: 'bad/name' } })).status, 400);
    assert.equal((await api.post('/studios', { query: q(), body: { ...body, name: 'ok', computeEnvId: undefined } })).status, 400);
    assert.equal((await api.post('/studios', { query: q(), body: { ...body, name: 'ok', computeEnvId: 'nope' } })).status, 404);
    const errored = emu.state.computeEnvsIn(wsId).find((c) => c.status === 'ERRORED')!;
    assert.equal((await api.post('/studios', { query: q(), body: { ...body, name: 'ok', computeEnvId: errored.id } })).status, 400);
    assert.equal((await api.post('/studios', { query: q(), body: { ...body, name: 'ok', configuration: { cpu: -1 } } })).status, 400);
    assert.equal((await api.post('/studios', { query: q(), body: 'nope' })).status, 400);
  });

  it('403 when a view-only member tries to start a Studio', async () => {
    const archive = emu.state.workspace('genomics-core', 'archive');
    const s = emu.state.studiosIn(archive.id)[0];
    const r = await api.put(`/studios/${s.sessionId}/start`, { query: { workspaceId: archive.id }, body: {} });
    assert.equal(r.status, 403);
    assert.equal((await api.get(`/studios/${s.sessionId}`, { query: { workspaceId: archive.id } })).status, 200);
  });

  it('updates stopped Studios only; 409 on a name clash', async () => {
    const s = emu.state.studioByName('qc-notebook');
    const r = await api.put(`/studios/${s.sessionId}`, { query: q(), body: { description: 'new text', configuration: { memory: 4096 } } });
    assert.equal(r.status, 200);
    assert.deepEqual([r.body.description, r.body.configuration.memory], ['new text', 4096]);
    assert.equal((await api.put(`/studios/${s.sessionId}`, { query: q(), body: { name: 'rnaseq-explore' } })).status, 409);
    const running = emu.state.studioByName('rnaseq-explore');
    assert.equal((await api.put(`/studios/${running.sessionId}`, { query: q(), body: { description: 'x' } })).status, 400);
  });

  it('refuses to update a Studio on its way (starting, stopping, building) with 400 naming its status; errored ones may be edited (#16.3)', async () => {
    for (const status of ['starting', 'stopping', 'building'] as const) {
      const rec = emu.state.addStudio({ workspaceId: wsId, name: `busy-${status}`, status });
      const r = await api.put(`/studios/${rec.sessionId}`, { query: q(), body: { description: 'x' } });
      assert.equal(r.status, 400, status);
      assert.equal(r.body.message, `Studio 'busy-${status}' is ${status} - only a stopped Studio can be updated`);
      assert.notEqual(rec.description, 'x');
    }
    const errored = emu.state.addStudio({ workspaceId: wsId, name: 'was-errored', status: 'errored' });
    const ok = await api.put(`/studios/${errored.sessionId}`, { query: q(), body: { description: 'fixed' } });
    assert.deepEqual([ok.status, ok.body.description], [200, 'fixed']);
  });

  it('an update replaces the mounted data, turns SSH on, clears the conda environment with an empty string, keeps what it does not name (#16.3)', async () => {
    const [dl1, dl2] = emu.state.dataLinksIn(wsId);
    const rec = emu.state.addStudio({ workspaceId: wsId, name: 'to-edit', configuration: { cpu: 4, memory: 16384, mountData: [dl1.id], condaEnvironment: 'dependencies:\n  - samtools\n' } });
    const r = await api.put(`/studios/${rec.sessionId}`, {
      query: q(),
      body: { configuration: { mountDataV2: [{ dataLinkId: dl2.id }], sshEnabled: true, condaEnvironment: '', lifespanHours: 6 } },
    });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.configuration.mountDataV2, [{ dataLinkId: dl2.id, path: null }]);
    assert.deepEqual([r.body.configuration.sshEnabled, r.body.configuration.condaEnvironment, r.body.configuration.lifespanHours], [true, undefined, 6]);
    assert.deepEqual([r.body.configuration.cpu, r.body.configuration.memory, r.body.name], [4, 16384, 'to-edit']);
    const none = await api.put(`/studios/${rec.sessionId}`, { query: q(), body: { configuration: { mountDataV2: [] } } });
    assert.deepEqual(none.body.configuration.mountDataV2, []);
    const bad = await api.put(`/studios/${rec.sessionId}`, { query: q(), body: { configuration: { mountDataV2: [{ dataLinkId: 'nope' }] } } });
    assert.deepEqual([bad.status, bad.body.message], [400, "Data link 'nope' not found in this workspace"]);
    const long = await api.put(`/studios/${rec.sessionId}`, { query: q(), body: { description: 'd'.repeat(2049) } });
    assert.equal(long.status, 400);
  });

  it('compatible-ce lists the available CEs on the same platform and region (the current one too); a move to an unavailable one is 400; unknown Studio 404 (#16.3)', async () => {
    const s = emu.state.studioByName('qc-notebook');
    const cur = emu.state.computeEnvs.get(s.computeEnvId)!;
    const r = await api.get(`/studios/${s.sessionId}/compatible-ce`, { query: q({ attributes: 'resources' }) });
    const expected = emu.state.computeEnvsIn(wsId).filter((c) => c.platform === cur.platform && c.region === cur.region && c.status === 'AVAILABLE').map((c) => c.id);
    assert.deepEqual(r.body.computeEnvs.map((c: { id: string }) => c.id).sort(), [...expected].sort());
    assert.ok(expected.includes(cur.id) && expected.length >= 2);
    assert.equal(typeof r.body.computeEnvs[0].resources.cpus, 'number');
    const down = emu.state.addComputeEnv(wsId, { name: 'aws-batch-eu-west-1-down', platform: cur.platform, region: cur.region, status: 'DISABLED', workDir: 's3://down' });
    assert.ok(!(await api.get(`/studios/${s.sessionId}/compatible-ce`, { query: q() })).body.computeEnvs.some((c: { id: string }) => c.id === down.id));
    const moved = await api.put(`/studios/${s.sessionId}`, { query: q(), body: { computeEnvId: down.id } });
    assert.deepEqual([moved.status, moved.body.message], [400, "Compute environment 'aws-batch-eu-west-1-down' is not available (status DISABLED)"]);
    assert.equal((await api.get('/studios/00000000/compatible-ce', { query: q() })).status, 404);
    assert.equal((await api.put('/studios/00000000', { query: q(), body: { name: 'x' } })).status, 404);
  });

  it('deletes a Studio (204), then 404', async () => {
    const s = emu.state.studioByName('vcf-stats');
    const ws = s.workspaceId;
    assert.equal((await api.del(`/studios/${s.sessionId}`, { query: { workspaceId: ws } })).status, 204);
    assert.equal((await api.get(`/studios/${s.sessionId}`, { query: { workspaceId: ws } })).status, 404);
  });

  it('lists templates with pagination', async () => {
    const r = await api.get('/studios/templates', { query: q({ max: 2 }) });
    assert.equal(r.body.templates.length, 2);
    assert.ok(r.body.totalSize > 2);
    assert.equal(r.body.templates[0].tool, 'vscode');
  });

  it('validates a Studio name: 204 free, 409 taken, 400 invalid', async () => {
    assert.equal((await api.get('/studios/validate', { query: q({ name: 'fresh' }) })).status, 204);
    assert.equal((await api.get('/studios/validate', { query: q({ name: 'qc-notebook' }) })).status, 409);
    assert.equal((await api.get('/studios/validate', { query: q({ name: '??' }) })).status, 400);
  });

  it('lists mounted data link ids and compatible compute envs', async () => {
    const r = await api.get('/studios/data-links', { query: q() });
    assert.ok(r.body.dataLinkIds.length >= 1);
    const s = emu.state.studioByName('qc-notebook');
    const c = await api.get(`/studios/${s.sessionId}/compatible-ce`, { query: q() });
    assert.ok(c.body.computeEnvs.every((x: { platform: string }) => x.platform === 'aws-batch'));
  });
});
