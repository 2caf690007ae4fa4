import * as assert from 'node:assert/strict';
import { Contract, specPath } from './contract/openapi';
import { startEmulator, type Emulator } from './index';
import { MINUTE, platform } from './testkit';

/**
 * Every Platform route the emulator serves, checked against the OpenAPI spec
 * in ../shared/reference/api (types, required fields, enums, formats, and no
 * undeclared properties). Skipped — never passed — when the spec is absent.
 */
describe('emulator Platform contract: responses match seqera-api-1.187.0.yaml (unit)', function () {
  let contract: Contract;
  let emu: Emulator;
  let api: ReturnType<typeof platform>;
  let ws: number;
  let checked = 0;

  before(async function () {
    const file = specPath();
    if (!file) {
      this.skip();
      return;
    }
    contract = new Contract(file);
    emu = await startEmulator();
    api = platform(emu);
    ws = emu.state.workspace('genomics-core', 'rnaseq').id;
  });
  after(async () => {
    await emu?.stop();
  });

  type Verb = 'get' | 'post' | 'put' | 'del';
  async function expect(verb: Verb, template: string, path: string, status: number, opts: Parameters<typeof api.get>[1] = {}) {
    const r = await api[verb](path, opts);
    assert.equal(r.status, status, `${verb.toUpperCase()} ${path}: ${r.text.slice(0, 200)}`);
    const method = verb === 'del' ? 'DELETE' : verb.toUpperCase();
    const problems = contract.check(method, template, status, r.body, r.text);
    assert.deepEqual(problems, [], `${method} ${path} → ${status}`);
    checked++;
    return r;
  }
  const q = (extra: Record<string, string | number | boolean> = {}) => ({ query: { workspaceId: ws, ...extra } });

  it('service info, user, orgs and workspaces', async () => {
    await expect('get', '/service-info', '/service-info', 200, { token: null });
    await expect('get', '/user-info', '/user-info', 200);
    await expect('get', '/user/{userId}/workspaces', `/user/${emu.state.mainUserId}/workspaces`, 200);
    await expect('get', '/user/{userId}/workspaces', '/user/abc/workspaces', 400);
    await expect('get', '/user/{userId}/workspaces', `/user/${emu.state.mainUserId + 1}/workspaces`, 403);
    await expect('get', '/orgs', '/orgs', 200);
    const org = emu.state.org('genomics-core').orgId;
    await expect('get', '/orgs/{orgId}/workspaces', `/orgs/${org}/workspaces`, 200);
    await expect('get', '/orgs/{orgId}/workspaces', `/orgs/${emu.state.org('acme-pharma').orgId}/workspaces`, 403);
    await expect('get', '/orgs/{orgId}/workspaces/{workspaceId}', `/orgs/${org}/workspaces/${ws}`, 200);
    await expect('get', '/orgs/{orgId}/workspaces/{workspaceId}/settings/studios', `/orgs/${org}/workspaces/${ws}/settings/studios`, 200);
  });

  it('tokens, SSH keys, user names, random names, launches', async () => {
    await expect('get', '/tokens', '/tokens', 200);
    await expect('get', '/users/validate', '/users/validate', 204, { query: { name: 'someone-new' } });
    await expect('get', '/users/validate', '/users/validate', 409, { query: { name: 'jsmith' } });
    await expect('get', '/users/validate', '/users/validate', 400, { query: { name: '!' } });
    await expect('get', '/workflow/random-name', '/workflow/random-name', 200);
    await expect('get', '/ssh-keys', '/ssh-keys', 200);
    const key = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKWuX2CTzQb7VqYrvjBMTSpuaIGrp+3kwYQBibhY85aC contract@test';
    await expect('get', '/ssh-keys/validate/key', '/ssh-keys/validate/key', 204, { query: { key } });
    await expect('get', '/ssh-keys/validate/key', '/ssh-keys/validate/key', 400, { query: { key: 'not a key' } });
    await expect('get', '/ssh-keys/validate/name', '/ssh-keys/validate/name', 204, { query: { name: 'contract' } });
    await expect('get', '/ssh-keys/validate/name', '/ssh-keys/validate/name', 409, { query: { name: 'laptop' } });
    await expect('get', '/ssh-keys/validate/name', '/ssh-keys/validate/name', 400, { query: { name: '' } });
    const created = await expect('post', '/ssh-keys', '/ssh-keys', 200, { body: { name: 'contract', publicKey: key } });
    await expect('get', '/ssh-keys/validate/key', '/ssh-keys/validate/key', 409, { query: { key } });
    await expect('post', '/ssh-keys', '/ssh-keys', 409, { body: { name: 'contract', publicKey: key } });
    await expect('post', '/ssh-keys', '/ssh-keys', 400, { body: { name: 'other', publicKey: 'ssh-ed25519 AAAA' } });
    const id = created.body.sshKey.id;
    await expect('get', '/ssh-keys/{keyId}', `/ssh-keys/${id}`, 200);
    await expect('get', '/ssh-keys/{keyId}', '/ssh-keys/999999', 404);
    await expect('get', '/ssh-keys/{keyId}', '/ssh-keys/x', 400);
    await expect('del', '/ssh-keys/{keyId}', `/ssh-keys/${id}`, 204);
    await expect('del', '/ssh-keys/{keyId}', '/ssh-keys/x', 400);
    await expect('get', '/launch/{launchId}', '/launch/4nZ7pBo3x9r2LkTqW1sY8a', 200);
  });

  it('compute envs, credentials, data links (200 and 202)', async () => {
    await expect('get', '/compute-envs', '/compute-envs', 200, q());
    await expect('get', '/compute-envs', '/compute-envs', 200, q({ attributes: 'labels,resources', status: 'AVAILABLE' }));
    await expect('get', '/credentials', '/credentials', 200, q());
    await expect('get', '/data-links', '/data-links', 200, q({ max: 2 }));
    emu.state.setDataLinksLoading(ws, 1000);
    await expect('get', '/data-links', '/data-links', 202, q());
    await emu.clock.advance(1000);
  });

  it('Studios in every status, list and describe', async () => {
    await expect('get', '/studios', '/studios', 200, q());
    await expect('get', '/studios', '/studios', 200, q({ attributes: 'labels', max: 3, offset: 1, search: 'status:stopped' }));
    // The search keywords the Studios view sends (#16.5): the spec's userId/computeEnvId/status and tw's userName/computeEnvName.
    await expect('get', '/studios', '/studios', 200, q({ search: `userId:${emu.state.mainUserId} status:running status:starting` }));
    await expect('get', '/studios', '/studios', 200, q({ search: 'userName:jsmith computeEnvName:aws-batch-eu-west-1 explore', max: 100, offset: 0 }));
    await expect('get', '/studios', '/studios', 200);
    await expect('get', '/studios', '/studios', 403, { query: { workspaceId: emu.state.workspace('acme-pharma', 'oncology').id } });
    await expect('get', '/studios', '/studios', 404, { query: { workspaceId: 1 } });
    await expect('get', '/studios', '/studios', 400, q({ max: 'x' }));
    for (const s of emu.state.studiosIn(ws)) await expect('get', '/studios/{sessionId}', `/studios/${s.sessionId}`, 200, q());
    await expect('get', '/studios/{sessionId}', '/studios/00000000', 404, q());
    await expect('get', '/studios/templates', '/studios/templates', 200, q({ max: 3 }));
    await expect('get', '/studios/validate', '/studios/validate', 204, q({ name: 'unused-name' }));
    await expect('get', '/studios/validate', '/studios/validate', 409, q({ name: 'qc-notebook' }));
    await expect('get', '/studios/validate', '/studios/validate', 400, q({ name: '' }));
    await expect('get', '/studios/data-links', '/studios/data-links', 200, q());
    const qc = emu.state.studioByName('qc-notebook').sessionId;
    await expect('get', '/studios/{sessionId}/compatible-ce', `/studios/${qc}/compatible-ce`, 200, q({ attributes: 'resources' }));
  });

  it('the lifecycle: create, 202 while data links load, start/stop, lifespan, update, delete, and their errors', async () => {
    const ce = emu.state.computeEnvsIn(ws)[0].id;
    const dl = emu.state.dataLinksIn(ws)[0].id;
    const body = {
      name: 'contract-studio', computeEnvId: ce, dataStudioToolUrl: emu.state.templates[0].repository, description: 'contract',
      configuration: { cpu: 2, memory: 8192, gpu: 0, lifespanHours: 2, mountData: [dl], sshEnabled: true, environment: { A: '1' } },
    };
    const created = await expect('post', '/studios', '/studios', 200, { ...q(), body });
    const id = created.body.studio.sessionId;
    await expect('get', '/studios/{sessionId}', `/studios/${id}`, 202, q());
    await expect('post', '/studios', '/studios', 409, { ...q(), body });
    await expect('post', '/studios', '/studios', 400, { ...q(), body: { ...body, name: 'n'.repeat(81) } });
    await expect('post', '/studios', '/studios', 404, { ...q(), body: { ...body, name: 'other', computeEnvId: 'missing' } });
    await emu.clock.advance(2 * MINUTE);
    await expect('get', '/studios/{sessionId}', `/studios/${id}`, 200, q());
    await expect('put', '/studios/{sessionId}/start', `/studios/${id}/start`, 200, { ...q(), body: {} });
    await expect('post', '/studios/{sessionId}/lifespan', `/studios/${id}/lifespan`, 200, q());
    await expect('put', '/studios/{sessionId}', `/studios/${id}`, 400, { ...q(), body: { description: 'x' } });
    await expect('put', '/studios/{sessionId}/stop', `/studios/${id}/stop`, 200, q());
    await expect('post', '/studios/{sessionId}/lifespan', `/studios/${id}/lifespan`, 400, q());
    await emu.clock.advance(MINUTE);
    await expect('put', '/studios/{sessionId}/stop', `/studios/${id}/stop`, 200, q());
    await expect('put', '/studios/{sessionId}', `/studios/${id}`, 200, { ...q(), body: { description: 'updated', configuration: { cpu: 4 } } });
    await expect('put', '/studios/{sessionId}', `/studios/${id}`, 409, { ...q(), body: { name: 'qc-notebook' } });
    const gcp = emu.state.computeEnvsIn(ws).find((c) => c.platform === 'google-batch')!.id;
    await expect('put', '/studios/{sessionId}', `/studios/${id}`, 400, { ...q(), body: { computeEnvId: gcp } });
    await expect('put', '/studios/{sessionId}', '/studios/00000000', 404, { ...q(), body: { name: 'nobody' } });
    await expect('get', '/studios/{sessionId}/compatible-ce', `/studios/${id}/compatible-ce`, 200, q());
    await expect('get', '/studios/{sessionId}/compatible-ce', '/studios/00000000/compatible-ce', 404, q());
    await expect('put', '/studios/{sessionId}/start', `/studios/${id}/start`, 200, { ...q(), body: { configuration: { memory: 16384 } } });
    await expect('put', '/studios/{sessionId}/start', `/studios/00000000/start`, 404, { ...q(), body: {} });
    await expect('put', '/studios/{sessionId}/stop', `/studios/00000000/stop`, 404, q());
    const archive = emu.state.workspace('genomics-core', 'archive');
    await expect('put', '/studios/{sessionId}/stop', `/studios/${emu.state.studiosIn(archive.id)[0].sessionId}/stop`, 403, { query: { workspaceId: archive.id } });
    const noAuto = await expect('post', '/studios', '/studios', 200, { ...q({ autoStart: false }), body: { ...body, name: 'contract-later', configuration: undefined } });
    await expect('del', '/studios/{sessionId}', `/studios/${noAuto.body.studio.sessionId}`, 204, q());
    await expect('del', '/studios/{sessionId}', `/studios/${noAuto.body.studio.sessionId}`, 404, q());
  });

  it('#16.4 labels, members, participants, and a create from a repository with labels, allow-list and spot', async () => {
    const org = emu.state.org('genomics-core').orgId;
    await expect('get', '/labels', '/labels', 200, q());
    await expect('get', '/labels', '/labels', 200, q({ type: 'resource', max: 2 }));
    await expect('get', '/labels', '/labels', 400, q({ type: 'nope' }));
    const label = await expect('post', '/labels', '/labels', 200, { ...q(), body: { name: 'contract', value: 'yes', resource: true } });
    await expect('post', '/labels', '/labels', 400, { ...q(), body: { name: 'contract', value: 'x' } });
    await expect('get', '/orgs/{orgId}/members', `/orgs/${org}/members`, 200);
    await expect('get', '/orgs/{orgId}/members', `/orgs/${emu.state.org('acme-pharma').orgId}/members`, 403);
    await expect('get', '/orgs/{orgId}/workspaces/{workspaceId}/participants', `/orgs/${org}/workspaces/${ws}/participants`, 200);
    const rsanchez = [...emu.state.users.values()].find((u) => u.userName === 'rsanchez')!.id;
    const ce = emu.state.computeEnvsIn(ws)[0].id;
    const body = {
      name: 'contract-from-repo', computeEnvId: ce, isPrivate: true, allowedUserIds: [rsanchez], labelIds: [label.body.id], spot: false,
      remoteConfig: { repository: 'https://github.com/lab/analysis', revision: 'main' }, configuration: { environment: { A: '1' } },
    };
    await expect('post', '/studios', '/studios', 200, { ...q({ autoStart: false }), body });
    await expect('post', '/studios', '/studios', 400, { ...q(), body: { ...body, name: 'contract-ssh', remoteConfig: { repository: 'git@github.com:lab/analysis.git' } } });
  });

  it('checkpoints: list, get, rename and their errors', async () => {
    const s = emu.state.studioByName('qc-notebook').sessionId;
    const list = await expect('get', '/studios/{sessionId}/checkpoints', `/studios/${s}/checkpoints`, 200, q({ max: 2 }));
    const cp = list.body.checkpoints[0].id;
    await expect('get', '/studios/{sessionId}/checkpoints', `/studios/${s}/checkpoints`, 404, { query: { workspaceId: emu.state.workspace('genomics-core', 'variant-calling').id } });
    await expect('get', '/studios/{sessionId}/checkpoints/{checkpointId}', `/studios/${s}/checkpoints/${cp}`, 200, q());
    await expect('get', '/studios/{sessionId}/checkpoints/{checkpointId}', `/studios/${s}/checkpoints/1`, 404, q());
    await expect('get', '/studios/{sessionId}/checkpoints/{checkpointId}', `/studios/${s}/checkpoints/x`, 400, q());
    await expect('put', '/studios/{sessionId}/checkpoints/{checkpointId}', `/studios/${s}/checkpoints/${cp}`, 200, { ...q(), body: { name: 'contract-name' } });
    await expect('put', '/studios/{sessionId}/checkpoints/{checkpointId}', `/studios/${s}/checkpoints/${cp}`, 409, { ...q(), body: { name: 'initial-qc' } });
    await expect('put', '/studios/{sessionId}/checkpoints/{checkpointId}', `/studios/${s}/checkpoints/${cp}`, 400, { ...q(), body: { name: '' } });
  });

  it('checked every route above', () => {
    assert.ok(checked >= 70, `only ${checked} responses checked`);
  });
});
