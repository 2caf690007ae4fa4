import * as assert from 'node:assert/strict';
import { startEmulator, type Emulator } from './index';
import { platform } from './testkit';

/**
 * What the emulator does with the create fields Create Studio sends for #16.4:
 * a repository to clone (`remoteConfig`), labels, private with an allow-list,
 * spot; and the lookups behind them (labels, org members, participants).
 */
describe('emulator Platform: creating Studios from a repository, with labels, allow-list and spot (unit)', () => {
  let emu: Emulator;
  let api: ReturnType<typeof platform>;
  let wsId: number;
  let orgId: number;
  let ceId: string;
  const q = (extra: Record<string, string | number | boolean> = {}) => ({ workspaceId: wsId, ...extra });
  const body = (extra: Record<string, unknown>) => ({ name: 'from-repo', computeEnvId: ceId, ...extra });

  beforeEach(async () => {
    emu = await startEmulator();
    api = platform(emu);
    const ws = emu.state.workspace('genomics-core', 'rnaseq');
    wsId = ws.id;
    orgId = ws.orgId!;
    ceId = emu.state.computeEnvsIn(wsId)[0].id;
  });
  afterEach(() => emu.stop());

  it('#16.4 keeps remoteConfig; without dataStudioToolUrl the image is built from the repository into the workspace\'s Studios repository', async () => {
    const r = await api.post('/studios', { query: q({ autoStart: false }), body: body({ remoteConfig: { repository: 'https://github.com/lab/analysis', revision: 'main' } }) });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.studio.remoteConfig, { repository: 'https://github.com/lab/analysis', revision: 'main', commitId: null });
    assert.equal(r.body.studio.customImage, true);
    assert.equal(r.body.studio.baseImage, 'cr.example.org/genomics-core/studios:github-com-lab-analysis');
    const rec = emu.state.studio(r.body.studio.sessionId);
    assert.equal(rec.remoteConfig?.revision, 'main');
  });

  it('#16.4 refuses a repository the Platform cannot clone: not http(s), no path, credentials in the URL', async () => {
    for (const repository of ['git@github.com:lab/analysis.git', 'ssh://git@github.com/lab/analysis', 'https://github.com/', 'https://user:tok@github.com/lab/x']) {
      const r = await api.post('/studios', { query: q(), body: body({ remoteConfig: { repository } }) });
      assert.equal(r.status, 400, repository);
      assert.match(r.body.message, /repository URL/, repository);
    }
    const none = await api.post('/studios', { query: q(), body: body({ remoteConfig: { revision: 'main' } }) });
    assert.equal(none.status, 400);
    assert.equal(emu.state.studiosIn(wsId).filter((s) => s.name === 'from-repo').length, 0);
  });

  it('#16.4 labels: lists them by type, creates a resource label or returns the one that exists, refuses a value on a simple label', async () => {
    const all = await api.get('/labels', { query: q() });
    assert.deepEqual(all.body.labels.map((l: { name: string; value?: string }) => `${l.name}=${l.value ?? ''}`), ['cost-center=cc-1234', 'project=rnaseq-2026', 'qc=', 'team=genomics']);
    const resource = await api.get('/labels', { query: q({ type: 'resource' }) });
    assert.equal(resource.body.totalSize, 3);
    const made = await api.post('/labels', { query: q(), body: { name: 'owner', value: 'jsmith', resource: true } });
    assert.equal(made.status, 200);
    const again = await api.post('/labels', { query: q(), body: { name: 'owner', value: 'jsmith', resource: true } });
    assert.equal(again.body.id, made.body.id, 'the same name and value give the same label');
    assert.equal((await api.post('/labels', { query: q(), body: { name: 'qc', value: 'x' } })).status, 400);
    assert.equal((await api.post('/labels', { query: q(), body: { name: 'env', resource: true } })).status, 400);
    const studio = await api.post('/studios', { query: q({ autoStart: false }), body: body({ dataStudioToolUrl: emu.state.templates[0].repository, labelIds: [made.body.id] }) });
    assert.deepEqual(studio.body.studio.labels.map((l: { name: string; value: string }) => `${l.name}=${l.value}`), ['owner=jsmith']);
    const other = emu.state.addLabel(emu.state.workspace('genomics-core', 'variant-calling').id, { name: 'elsewhere', value: '1' });
    const wrong = await api.post('/studios', { query: q(), body: body({ name: 'wrong-label', dataStudioToolUrl: emu.state.templates[0].repository, labelIds: [other.id] }) });
    assert.equal(wrong.status, 400);
    assert.match(wrong.body.message, /Label .* not found in this workspace/);
  });

  it('#16.4 participants name members by memberId, the members list gives their user ids; a private Studio is shared with allowed users only', async () => {
    const parts = await api.get(`/orgs/${orgId}/workspaces/${wsId}/participants`, {});
    const members = await api.get(`/orgs/${orgId}/members`, {});
    const userOf = new Map(members.body.members.map((m: { memberId: number; userId: number }) => [m.memberId, m.userId]));
    const names = parts.body.participants.map((p: { userName: string }) => p.userName).sort();
    assert.deepEqual(names, ['jsmith', 'mkowalski', 'rsanchez']);
    const rsanchez = emu.state.users.get(userOf.get(parts.body.participants.find((p: { userName: string }) => p.userName === 'rsanchez').memberId) as number)!;
    assert.equal(rsanchez.userName, 'rsanchez');
    const r = await api.post('/studios', {
      query: q({ autoStart: false }),
      body: body({ name: 'shared-private', dataStudioToolUrl: emu.state.templates[0].repository, isPrivate: true, allowedUserIds: [rsanchez.id], spot: true }),
    });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.studio.allowedUsers.map((u: { userName: string }) => u.userName), ['rsanchez']);
    const rec = emu.state.studio(r.body.studio.sessionId);
    assert.equal(rec.spot, true);
    assert.equal(rec.isPrivate, true);
    const outsider = emu.state.users.get([...emu.state.users.values()].find((u) => u.userName === 'lchen')!.id)!;
    const refused = await api.post('/studios', { query: q(), body: body({ name: 'not-here', dataStudioToolUrl: emu.state.templates[0].repository, isPrivate: true, allowedUserIds: [outsider.id] }) });
    assert.equal(refused.status, 400);
    assert.match(refused.body.message, /not a participant of this workspace/);
    assert.equal((await api.post('/studios', { query: q(), body: body({ name: 'bad-spot', dataStudioToolUrl: emu.state.templates[0].repository, spot: 'yes' }) })).status, 400);
  });

  it('#16.4 the workspace\'s Studios settings decide whether a new Studio is private when the request does not say', async () => {
    emu.state.workspaces.get(wsId)!.privateStudioByDefault = true;
    const settings = await api.get(`/orgs/${orgId}/workspaces/${wsId}/settings/studios`, {});
    assert.equal(settings.body.privateStudioByDefault, true);
    assert.equal(settings.body.containerRepository, 'cr.example.org/genomics-core/studios');
    const r = await api.post('/studios', { query: q({ autoStart: false }), body: body({ name: 'by-default', dataStudioToolUrl: emu.state.templates[0].repository }) });
    assert.equal(r.body.studio.isPrivate, true);
    const open = await api.post('/studios', { query: q({ autoStart: false }), body: body({ name: 'said-not', dataStudioToolUrl: emu.state.templates[0].repository, isPrivate: false }) });
    assert.equal(open.body.studio.isPrivate, false);
  });
});
