import * as assert from 'node:assert/strict';
import { describeServices, serviceWarnings, ServiceInfoStore, type ServiceWarning } from '../../../src/accounts/serviceInfoStore';
import { SessionStore } from '../../../src/accounts/session';
import { WorkspaceStore } from '../../../src/workspaces/workspaceStore';
import { HttpClient } from '../../../src/net/http';
import { undiciTransport } from '../../../src/net/undiciTransport';
import { startEmulator, type Emulator } from '../../emulator';
import { MapMemento, MapTokens } from '../../shared/fakeStores';


describe('ServiceInfoStore (unit)', () => {
  let emu: Emulator;
  let http: HttpClient;
  let tokens: MapTokens;
  let session: SessionStore;
  let workspaces: WorkspaceStore;
  let store: ServiceInfoStore;
  let warnings: ServiceWarning[];

  beforeEach(async () => {
    emu = await startEmulator();
    http = new HttpClient({ transport: undiciTransport(), sleep: async () => undefined });
    tokens = new MapTokens();
    session = new SessionStore({
      tokens,
      http,
      readEndpoints: () => ({ ok: true, endpoints: { apiUrl: emu.platformUrl, waveUrl: emu.waveUrl, webUrl: emu.platformUrl.replace(/\/api$/, '') } }),
    });
    workspaces = new WorkspaceStore(session, new MapMemento());
    store = new ServiceInfoStore(session, workspaces, http);
    warnings = [];
    store.onWarning((w) => warnings.push(w));
  });

  afterEach(async () => {
    store.dispose();
    workspaces.dispose();
    session.dispose();
    await http.close();
    await emu.stop();
  });

  it('reads the Platform and Wave versions on sign-in, without sending the token', async () => {
    await session.reload();
    await store.settled();
    emu.clearRequests();
    await session.signIn(emu.token);
    await store.settled();
    const info = store.current!;
    assert.equal(info.apiUrl, emu.platformUrl);
    assert.match(info.platform?.version ?? '', /^25\.2\.0/);
    assert.equal(info.platform?.apiVersion, '1.187.0');
    assert.ok(info.wave?.version, 'Wave version');
    const lines = describeServices(info);
    assert.match(lines[0]!, /^Platform 25\.2\.0.* · API 1\.187\.0$/);
    assert.match(lines[1]!, /^Wave \S+/);
    const infoCalls = emu.requests.filter((r) => r.path.endsWith('/service-info'));
    assert.equal(infoCalls.length, 2, 'sign-in reads each service once');
    assert.ok(infoCalls.every((r) => !r.tokenPresent), 'service-info is asked anonymously');
    assert.deepEqual(warnings, []);
  });

  it('warns once when the Platform says Wave is not enabled', async () => {
    emu.state.serviceInfoOverrides = { waveEnabled: false };
    await session.reload();
    await store.settled();
    assert.equal(store.current?.platform?.waveEnabled, false);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!.message, /Wave is not enabled for the Seqera Platform at 127\.0\.0\.1/);
    await store.refresh();
    assert.equal(warnings.length, 1, 'the same warning is not repeated');
  });

  it('warns when Studios answer 404 in the active workspace on sign-in/switch, and tells it in the tooltip', async () => {
    await session.reload();
    await session.signIn(emu.token);
    await workspaces.load();
    await store.refresh();
    assert.equal(store.current?.studios?.available, true);

    emu.faults.add({ server: 'platform', method: 'GET', path: '/studios', kind: 'status', status: 404 });
    const other = workspaces.all().find((w) => w.workspaceId !== workspaces.active?.workspaceId)!;
    await workspaces.setActive(other);
    await store.settled();
    assert.equal(store.current?.studios?.available, true, 'a workspace change alone asks nothing');
    await store.refresh(); // what a sign-in or an endpoint switch does
    await store.settled();
    assert.equal(store.current?.studios?.available, false);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!.message, new RegExp(`Studios are not enabled for the workspace ${other.fullName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    assert.ok(describeServices(store.current!).includes(`Studios not enabled in ${other.fullName}`));
  });

  it('reports an unreachable Wave in the tooltip instead of failing', async () => {
    emu.faults.add({ server: 'wave', path: '/service-info', kind: 'status', status: 500 });
    await session.reload();
    await store.settled();
    assert.ok(store.current?.platform?.version);
    assert.match(store.current?.waveError ?? '', /./);
    assert.match(describeServices(store.current!)[1]!, /^Wave: /);
  });

  it('derives no warning from a healthy snapshot', () => {
    assert.deepEqual(serviceWarnings({ apiUrl: 'https://a.example.com/api', waveUrl: 'https://w', platform: { waveEnabled: true } }), []);
  });
});
